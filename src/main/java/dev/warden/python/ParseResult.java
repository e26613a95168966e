package dev.warden.python;

import dev.warden.python.ast.Mod;
import java.util.List;

/**
 * What parsing a file gives: always a tree (statements that could not be parsed are left out and
 * their ranges listed in {@code unparsed}), the tokens, and every syntax error in source order.
 * The first error is the one CPython would report, as far as its message and position can be
 * told without CPython's second, error-hunting parser pass.
 */
public record ParseResult(Source source, Mod.Module module, Tokens tokens, List<PySyntaxError> errors,
                          List<int[]> unparsed) {
    public boolean ok() { return errors.isEmpty(); }
}

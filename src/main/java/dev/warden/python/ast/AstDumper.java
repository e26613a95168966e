package dev.warden.python.ast;

import dev.warden.python.LineIndex;

/**
 * Prints a tree exactly as CPython 3.13's {@code ast.dump(tree, include_attributes=True)} does,
 * byte for byte, so that Warden's parser can be checked against CPython's by comparing strings.
 * Positions come from the nodes' UTF-8 byte offsets: {@code lineno}/{@code end_lineno} are 1-based
 * lines and {@code col_offset}/{@code end_col_offset} UTF-8 byte columns, as in CPython.
 */
public final class AstDumper {
    private AstDumper() {}

    public static String dump(Node node, LineIndex lines) {
        StringBuilder sb = new StringBuilder(4096);
        dump(node, lines, sb);
        return sb.toString();
    }

    /** Appends the dump of {@code node} to {@code out}. */
    public static void dump(Node node, LineIndex lines, StringBuilder out) {
        if (node == null) throw new IllegalArgumentException("expected AST, got 'NoneType'");
        new CPythonDump(out, lines).dump(node);
    }
}

package dev.warden.python;

import dev.warden.python.ast.AstDumper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file in, one line out: the file's syntax tree exactly as CPython 3.13's
 * {@code ast.dump(ast.parse(source), include_attributes=True)} prints it, or, for a file that does
 * not parse, {@code TYPE: MESSAGE (FILE, line L, column C)} for the first error (the one CPython
 * reports). {@code tools/cpython_dump.py} prints the same format from CPython itself.
 */
public final class DumpAst {
    private DumpAst() {}

    /** Reads, decodes, parses and dumps {@code file}; FILE in error lines is {@code file.toString()}. */
    public static String dumpFile(Path file) throws IOException {
        return dump(file.toString(), Files.readAllBytes(file));
    }

    /** Same as {@link #dumpFile} for bytes already read; {@code path} is only used in error lines. */
    public static String dump(String path, byte[] raw) {
        var decoded = SourceDecoder.decode(path, raw);
        if (decoded.error() != null) return decoded.error().format(path);
        Source source = decoded.source();
        ParseResult result = Parser.parse(source);
        if (!result.ok()) return result.errors().get(0).format(path);
        StringBuilder out = new StringBuilder(Math.max(4096, Math.min(source.length(), 1 << 26) * 8));
        AstDumper.dump(result.module(), source.lines(), out);
        return out.toString();
    }
}

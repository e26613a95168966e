package dev.warden.cli;

import dev.warden.python.DumpAst;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code warden dump-ast FILE...}: for each file, a line {@code # FILE} and then the file's tree as
 * CPython 3.13's {@code ast.dump(..., include_attributes=True)} prints it, or its syntax error as
 * {@code TYPE: MESSAGE (FILE, line L, column C)}. Same output as {@code tools/cpython_dump.py}.
 * Exit status: 0 (also when files have syntax errors), 2 if a file could not be read,
 * 1 if Warden failed internally on a file.
 */
@Command(name = "dump-ast", mixinStandardHelpOptions = true,
        description = {"Print the syntax tree of Python files in CPython 3.13's ast.dump format "
                + "(include_attributes=True), one line per file after a '# FILE' line.",
                "Files with syntax errors print 'TYPE: MESSAGE (FILE, line L, column C)' instead.",
                "Exit status: 0 on success (syntax errors included), 2 if a file cannot be read, "
                        + "1 on an internal error."})
public final class DumpAstCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Python source files.")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        int status = Main.EXIT_OK;
        Writer out = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16);
        try {
            for (Path file : files) {
                String dump;
                try {
                    dump = DumpAst.dumpFile(file);
                } catch (NoSuchFileException e) {
                    status = fail(out, status, Main.EXIT_USAGE_OR_IO, "warden: cannot read " + file + ": no such file");
                    continue;
                } catch (IOException e) {
                    status = fail(out, status, Main.EXIT_USAGE_OR_IO, "warden: cannot read " + file + ": " + e.getMessage());
                    continue;
                } catch (RuntimeException | StackOverflowError e) {
                    status = fail(out, status, Main.EXIT_INTERNAL_ERROR, "warden: internal error on " + file + ": " + e);
                    continue;
                }
                out.write("# ");
                out.write(file.toString());
                out.write('\n');
                out.write(dump);
                out.write('\n');
            }
        } finally {
            out.flush();
        }
        return status;
    }

    /** Reports a problem on stderr (after what is buffered for stdout) and keeps the worst status. */
    private static int fail(Writer out, int status, int code, String message) throws IOException {
        out.flush();
        System.err.println(message);
        return status == Main.EXIT_USAGE_OR_IO ? status : Math.max(status, code);
    }
}

package dev.warden.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link Lexer} with CPython 3.13's {@code tokenize} over every .py file of the 3.13
 * standard library (site-packages aside). One python process tokenizes all files and prints, per
 * token, {@code KIND startLine startByteCol endLine endByteCol}; comments, NL, ENCODING and empty
 * FSTRING_MIDDLE are dropped, consecutive FSTRING_MIDDLEs (tokenize splits them at doubled braces)
 * are merged and end where the next token starts, and the DEDENTs/ENDMARKER at end of file are
 * compared by kind only. Skipped when CPython 3.13 is not installed.
 */
class LexerDifferentialTest {
    static final Path HOME = Paths.get(System.getProperty("user.home"));
    static final Path PYTHON = HOME.resolve(".pyenv/versions/3.13.0/bin/python3.13");
    static final Path STDLIB = HOME.resolve(".pyenv/versions/3.13.0/lib/python3.13");

    private static final String SCRIPT = String.join("\n",
            "import sys, io, re, tokenize",
            "from token import tok_name, FSTRING_MIDDLE, ENCODING, COMMENT, NL, NEWLINE, DEDENT, ENDMARKER",
            "out = sys.stdout",
            "for path in sys.stdin.read().split('\\n'):",
            "    if not path: continue",
            "    out.write('F ' + path + '\\n')",
            "    try:",
            "        data = open(path, 'rb').read()",
            "        toks = list(tokenize.tokenize(io.BytesIO(data).readline))",
            "        text = data.decode(toks[0].string)",
            "    except Exception as e:",
            "        out.write('X ' + type(e).__name__ + '\\n')",
            "        continue",
            "    lines = re.findall(r'[^\\r\\n]*(?:\\r\\n|\\r|\\n)|[^\\r\\n]+\\Z', text)",
            "    def bcol(l, c):",
            "        if l - 1 >= len(lines): return c",
            "        return len(lines[l - 1][:c].encode('utf-8', 'surrogatepass'))",
            "    if any(t.type == tokenize.NAME and not t.string.isidentifier() for t in toks):",
            "        out.write('X invalid identifier\\n')",
            "        continue",
            "    res = []",
            "    for t in toks:",
            "        if t.type in (ENCODING, COMMENT, NL): continue",
            "        if t.type == FSTRING_MIDDLE and t.string == '': continue",
            "        name = tok_name[t.exact_type]",
            "        s = [t.start[0], bcol(*t.start)]",
            "        e = [t.end[0], bcol(*t.end)]",
            "        if t.type == NEWLINE and t.string == '': e = s",
            "        if res and res[-1][0] == 'FSTRING_MIDDLE' and res[-1][2] is None:",
            "            if t.type == FSTRING_MIDDLE: continue",
            "            res[-1][2] = s",
            "        res.append([name, s, None if t.type == FSTRING_MIDDLE else e])",
            "    if any(r[0] == 'ERRORTOKEN' for r in res):",
            "        out.write('X ERRORTOKEN\\n')",
            "        continue",
            "    k = len(res)",
            "    while k > 0 and res[k - 1][0] in ('DEDENT', 'ENDMARKER'): k -= 1",
            "    for i, (name, s, e) in enumerate(res):",
            "        if i >= k: out.write(name + ' EOF\\n')",
            "        else: out.write('%s %d %d %d %d\\n' % (name, s[0], s[1], e[0], e[1]))",
            "out.write('F END\\n')",
            "");

    @Test
    void stdlibTokensMatchCPython() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && Files.isDirectory(STDLIB), "CPython 3.13 not installed");
        List<Path> files;
        try (Stream<Path> s = Files.walk(STDLIB)) {
            files = s.filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p))
                    .filter(p -> !STDLIB.relativize(p).startsWith("site-packages"))
                    .sorted().collect(Collectors.toList());
        }
        Process proc = new ProcessBuilder(PYTHON.toString(), "-c", SCRIPT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread feeder = new Thread(() -> {
            try (Writer w = new OutputStreamWriter(proc.getOutputStream(), StandardCharsets.UTF_8)) {
                for (Path p : files) w.write(p + "\n");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        feeder.start();

        int compared = 0, rejected = 0, differing = 0;
        long bytes = 0;
        List<String> report = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            String path = null;
            List<String> expected = new ArrayList<>();
            boolean skip = false;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("F ")) {
                    if (path != null) {
                        if (skip) {
                            rejected++;
                        } else {
                            compared++;
                            byte[] raw = Files.readAllBytes(Paths.get(path));
                            bytes += raw.length;
                            String diff = compare(raw, path, expected);
                            if (diff != null) {
                                differing++;
                                if (report.size() < 40) report.add(path + ": " + diff);
                            }
                        }
                    }
                    path = line.substring(2);
                    expected.clear();
                    skip = false;
                } else if (line.startsWith("X ")) {
                    skip = true;
                } else {
                    expected.add(line);
                }
            }
        }
        proc.waitFor();
        for (String s : report) System.out.println(s);
        System.out.printf("differential: %d files compared (%d bytes), %d rejected by tokenize, %d differing%n",
                compared, bytes, rejected, differing);
        assertEquals(0, differing, "files whose tokens differ from CPython's tokenize");
    }

    /** Null if equal, else a description of the first difference. */
    static String compare(byte[] raw, String path, List<String> expected) {
        SourceDecoder.Decoded d = SourceDecoder.decode(path, raw);
        if (d.error() != null) return "decode error " + d.error().format(path);
        Tokens t = Lexer.lex(d.source(), false);
        if (!t.errors().isEmpty()) return "lexer error " + t.errors().get(0).format(path);
        List<String> actual = describe(t);
        int m = Math.min(actual.size(), expected.size());
        for (int i = 0; i < m; i++) {
            if (!actual.get(i).equals(expected.get(i))) {
                return "token " + i + ": expected " + expected.get(i) + " got " + actual.get(i)
                        + " (" + t.text(i).replace("\n", "\\n") + ")";
            }
        }
        if (actual.size() != expected.size()) {
            return "token count: expected " + expected.size() + " got " + actual.size()
                    + (m < expected.size() ? ", next expected " + expected.get(m) : ", next got " + actual.get(m));
        }
        return null;
    }

    static List<String> describe(Tokens t) {
        LineIndex li = t.source().lines();
        int n = t.source().length();
        List<String> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            TokenKind k = t.kind(i);
            String name = k.isKeyword() ? "NAME" : k.name();
            if ((k == TokenKind.DEDENT || k == TokenKind.ENDMARKER) && t.start(i) == n) {
                out.add(name + " EOF");
                continue;
            }
            int s = t.start(i), e = t.end(i);
            int el, ec;
            if (k == TokenKind.FSTRING_MIDDLE || e == s) {
                el = li.line(e);
                ec = li.column(e);
            } else {
                el = li.line(e - 1);
                ec = li.column(e - 1) + 1;
            }
            out.add(name + " " + li.line(s) + " " + li.column(s) + " " + el + " " + ec);
        }
        return out;
    }
}

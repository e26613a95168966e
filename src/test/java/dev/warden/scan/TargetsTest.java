package dev.warden.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.match.SemgrepPattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Target selection: ignore files, include/exclude, size limit, binary files, shards. */
class TargetsTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    /** The targets found under {@code roots} with {@code options}, relative to the temporary directory. */
    private List<String> names(Targets.Options options, Path... roots) {
        Targets.Result r = Targets.find(List.of(roots), options);
        assertEquals(List.of(), r.problems());
        List<String> out = new ArrayList<>();
        for (Path p : r.targets()) out.add(dir.relativize(p.toAbsolutePath()).toString().replace('\\', '/'));
        return out;
    }

    private List<String> names(Path... roots) { return names(Targets.Options.defaults(), roots); }

    private void assumeNoRepositoryAbove() {
        for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
            Assumptions.assumeFalse(Files.exists(d.resolve(".git")), "the temporary directory is inside a git repository");
        }
    }

    @Test
    void gitignoreInARepositoryAppliesFromTheRootDownAndInfoExclude() throws IOException {
        Files.createDirectories(dir.resolve("repo/.git/info"));
        write("repo/.git/info/exclude", "secret.py\n");
        write("repo/.gitignore", "gen/\n*_pb2.py\n# comment\n");
        write("repo/a.py", "x = 1\n");
        write("repo/secret.py", "x = 1\n");
        write("repo/m_pb2.py", "x = 1\n");
        write("repo/gen/g.py", "x = 1\n");
        write("repo/pkg/gen/deep.py", "x = 1\n");          // gen/ matches at any depth
        write("repo/pkg/.gitignore", "local.py\n!keep_pb2.py\n");
        write("repo/pkg/local.py", "x = 1\n");
        write("repo/pkg/keep_pb2.py", "x = 1\n");          // re-included by the nested file
        write("repo/pkg/other_pb2.py", "x = 1\n");
        write("repo/pkg/b.py", "x = 1\n");
        write("repo/local.py", "x = 1\n");                 // the nested rule does not reach up

        assertEquals(List.of("repo/a.py", "repo/local.py", "repo/pkg/b.py", "repo/pkg/keep_pb2.py"), names(dir.resolve("repo")));
        // scanning a subdirectory still reads the .gitignore files above it, up to the repository root
        assertEquals(List.of("repo/pkg/b.py", "repo/pkg/keep_pb2.py"), names(dir.resolve("repo/pkg")));
        // --no-git-ignore
        assertEquals(List.of("repo/a.py", "repo/gen/g.py", "repo/local.py", "repo/m_pb2.py", "repo/pkg/b.py",
                        "repo/pkg/gen/deep.py", "repo/pkg/keep_pb2.py", "repo/pkg/local.py", "repo/pkg/other_pb2.py", "repo/secret.py"),
                names(Targets.Options.defaults().withGitIgnore(false), dir.resolve("repo")));
    }

    @Test
    void gitignoreOutsideARepository() throws IOException {
        assumeNoRepositoryAbove();
        write("proj/.gitignore", "*.gen.py\n/top.py\n");
        write("proj/a.py", "x = 1\n");
        write("proj/x.gen.py", "x = 1\n");
        write("proj/top.py", "x = 1\n");
        write("proj/sub/top.py", "x = 1\n");               // /top.py is anchored at the file's directory
        write("proj/sub/.gitignore", "*\n!keep.py\n");
        write("proj/sub/keep.py", "x = 1\n");
        write("proj/sub/drop.py", "x = 1\n");
        assertEquals(List.of("proj/a.py", "proj/sub/keep.py"), names(dir.resolve("proj")));
    }

    @Test
    void semgrepDefaultsApplyUntilTheProjectHasItsOwnIgnoreFile() throws IOException {
        assumeNoRepositoryAbove();
        write("p/a.py", "x = 1\n");
        write("p/tests/test_a.py", "x = 1\n");
        write("p/lib/node_modules/m.py", "x = 1\n");
        write("p/build/b.py", "x = 1\n");
        write("p/docs/conf.py", "x = 1\n");
        assertEquals(List.of("p/a.py", "p/docs/conf.py"), names(dir.resolve("p")));

        // a .semgrepignore at the project root replaces the defaults
        write("p/.semgrepignore", "docs/\n");
        assertEquals(List.of("p/a.py", "p/build/b.py", "p/lib/node_modules/m.py", "p/tests/test_a.py"), names(dir.resolve("p")));

        // so does a .wardenignore, and both apply (nested ones too)
        Files.delete(dir.resolve("p/.semgrepignore"));
        write("p/.wardenignore", "build\n");
        write("p/lib/.semgrepignore", "node_modules/\n");
        assertEquals(List.of("p/a.py", "p/docs/conf.py", "p/tests/test_a.py"), names(dir.resolve("p")));
    }

    @Test
    void includeAndExcludeAreGlobsOnProjectRelativePaths() throws IOException {
        assumeNoRepositoryAbove();
        write("p/.semgrepignore", "");
        write("p/a.py", "x = 1\n");
        write("p/src/app/views.py", "x = 1\n");
        write("p/src/app/tests/test_views.py", "x = 1\n");
        write("p/src/lib.pyi", "x = 1\n");
        write("p/bin/tool", "#!/usr/bin/env python3\nx = 1\n");
        Path p = dir.resolve("p");
        Targets.Options o = Targets.Options.defaults();

        assertEquals(List.of("p/a.py", "p/src/app/tests/test_views.py", "p/src/app/views.py"),
                names(o.withIncludes(List.of("*.py")), p));
        assertEquals(List.of("p/src/app/tests/test_views.py", "p/src/app/views.py", "p/src/lib.pyi"),
                names(o.withIncludes(List.of("src")), p));
        assertEquals(List.of("p/a.py", "p/bin/tool", "p/src/lib.pyi"), names(o.withExcludes(List.of("app")), p));
        assertEquals(List.of("p/bin/tool", "p/src/app/views.py", "p/src/lib.pyi"),
                names(o.withExcludes(List.of("/a.py", "tests/")), p));
        assertEquals(List.of("p/src/app/views.py"), names(o.withIncludes(List.of("src/app")).withExcludes(List.of("test_*.py")), p));

        // an explicitly named file is scanned whatever the filters say, unless --force-exclude
        Path a = p.resolve("a.py");
        assertEquals(List.of("p/a.py"), names(o.withExcludes(List.of("a.py")), a));
        assertEquals(List.of(), names(o.withExcludes(List.of("a.py")).withForceExclude(true), a));
        assertEquals(List.of(), names(o.withIncludes(List.of("src")).withForceExclude(true), a));
    }

    @Test
    void explicitFilesIgnoreTheIgnoreFiles() throws IOException {
        assumeNoRepositoryAbove();
        write("p/.gitignore", "gen.py\n");
        Path gen = write("p/gen.py", "x = 1\n");
        assertEquals(List.of(), names(dir.resolve("p")));
        assertEquals(List.of("p/gen.py"), names(gen));
        assertEquals(List.of(), names(Targets.Options.defaults().withForceExclude(true), gen));
    }

    @Test
    void filesOverTheSizeLimitAreSkippedWithAReason() throws IOException {
        write("small.py", "x = 1\n");
        Path big = write("big.py", "x = 1\n".repeat(500)); // 3000 bytes
        Targets.Options o = Targets.Options.defaults().withMaxTargetBytes(1000);
        Targets.Result r = Targets.find(List.of(dir), o);
        assertEquals(List.of(dir.resolve("small.py")), r.targets());
        assertEquals(1, r.skipped().size());
        assertEquals("exceeded_size_limit", r.skipped().get(0).reason());
        assertEquals(big.toString(), r.skipped().get(0).path());
        assertTrue(r.skipped().get(0).message().contains("3000 bytes"), r.skipped().get(0).message());
        // the limit applies to explicit files too; 0 means no limit
        assertEquals(List.of(), Targets.find(List.of(big), o).targets());
        assertEquals(2, Targets.find(List.of(dir), o.withMaxTargetBytes(0)).targets().size());
        assertEquals(2, Targets.find(List.of(dir), Targets.Options.defaults()).targets().size());
    }

    @Test
    void binaryAndUndecodableFilesAreErrorsAndTheScanGoesOn() throws Exception {
        write("a.py", "x = 1\n");
        Path bin = dir.resolve("blob.py");
        Files.write(bin, new byte[] {'x', ' ', '=', ' ', '1', '\n', 0, 1, 2, (byte) 0xff});
        Path latin = dir.resolve("latin.py");
        Files.write(latin, "x = 1\ns = '\u00e9'\n".getBytes(StandardCharsets.ISO_8859_1)); // not UTF-8, no cookie

        SemgrepPattern pattern = SemgrepPattern.compile("x = 1");
        Scanner.Result r = Scanner.of(pattern::matches, 2).scan(Targets.find(List.of(dir), Targets.Options.defaults()).targets());
        List<String> found = new ArrayList<>();
        for (Scanner.Finding f : r.findings()) found.add(Path.of(f.path()).getFileName().toString());
        assertEquals(List.of("a.py", "latin.py"), found, "binary files are not matched; other undecodable files still are");
        assertEquals(2, r.errors().size());
        Scanner.ScanError binary = r.errors().get(0), undecodable = r.errors().get(1);
        assertEquals(bin.toString(), binary.path());
        assertEquals(Scanner.ErrorKind.LEXICAL, binary.kind());
        assertTrue(binary.message().contains("binary file (NUL byte at offset 6)"), binary.message());
        assertEquals(latin.toString(), undecodable.path());
        assertEquals(Scanner.ErrorKind.LEXICAL, undecodable.kind());
        assertEquals(3, r.scanned().size());
    }

    @Test
    void shardsPartitionTheTargetsStably() throws IOException {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String name = "d" + (i % 7) + "/sub" + (i % 3) + "/f" + i + ".py";
            write(name, "x = 1\n");
            all.add(name);
        }
        all.sort(null);
        assertEquals(all, names(dir));
        for (int n = 1; n <= 6; n++) {
            Set<String> seen = new HashSet<>();
            List<String> union = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                List<String> shard = names(Targets.Options.defaults().withShard(new Targets.Shard(k, n)), dir);
                for (String s : shard) assertTrue(seen.add(s), s + " is in two shards of " + n);
                union.addAll(shard);
                // the shard of a file does not depend on how the directory was named on the command line
                assertEquals(shard, names(Targets.Options.defaults().withShard(new Targets.Shard(k, n)), dir.resolve("d0").resolve("..")).stream()
                        .map(s -> s.replace("d0/../", "")).toList());
            }
            union.sort(null);
            assertEquals(all, union, "the " + n + " shards cover every file once");
            if (n > 1) assertTrue(names(Targets.Options.defaults().withShard(new Targets.Shard(1, n)), dir).size() < all.size());
        }
        assertEquals(0xcbf29ce484222325L, Targets.Shard.hash(""), "FNV-1a 64: fixed so shards agree across machines");
        assertEquals(0xaf63dc4c8601ec8cL, Targets.Shard.hash("a"));
        assertEquals(new Targets.Shard(2, 4), Targets.Shard.parse("2/4"));
        for (String bad : new String[] {"0/4", "5/4", "4", "a/b", "1/0", ""}) {
            assertThrows(IllegalArgumentException.class, () -> Targets.Shard.parse(bad), bad);
        }
    }

    @Test
    void hiddenDirectoriesStaySkippedAndThePlainFindIsUnchanged() throws IOException {
        write(".venv/lib/y.py", "x = 1\n");
        write("tests/t.py", "x = 1\n");
        write("a.py", "x = 1\n");
        assertEquals(List.of("a.py", "tests/t.py"), names(Targets.Options.defaults().withIgnoreFiles(false), dir));
        List<String> plain = new ArrayList<>();
        for (Path p : Targets.find(List.of(dir)).targets()) plain.add(dir.relativize(p).toString());
        assertEquals(List.of("a.py", "tests/t.py"), plain, "find(paths) without options applies no ignore files");
        assertFalse(Targets.find(List.of(dir)).targets().isEmpty());
    }
}

package dev.warden.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {
    @TempDir
    Path dir;

    @Test
    void whitespaceRunsCollapse() {
        assertEquals("f(a, b=1)", Fingerprint.normalize("  f(a,\n\t    b=1)\r\n"));
        assertEquals("a b", Fingerprint.normalize("a\u00a0\u00a0b"));
        assertEquals("", Fingerprint.normalize(" \n "));
    }

    @Test
    void fingerprintsIgnoreWhitespaceButNotCodePathRuleOrOccurrence() {
        String fp = Fingerprint.of("app/a.py", "r", "subprocess.call(x, shell=True)", 0);
        assertTrue(Fingerprint.isFingerprint(fp), fp);
        assertEquals(Fingerprint.LENGTH, fp.length());
        assertEquals(fp, Fingerprint.of("app/a.py", "r", "subprocess.call(x,\n    shell=True)", 0));
        assertNotEquals(fp, Fingerprint.of("app/a.py", "r", "subprocess.call(y, shell=True)", 0));
        assertNotEquals(fp, Fingerprint.of("app/b.py", "r", "subprocess.call(x, shell=True)", 0));
        assertNotEquals(fp, Fingerprint.of("app/a.py", "s", "subprocess.call(x, shell=True)", 0));
        assertNotEquals(fp, Fingerprint.of("app/a.py", "r", "subprocess.call(x, shell=True)", 1));
        assertNotEquals(fp, Fingerprint.ofLines("app/a.py", "r", "subprocess.call(x, shell=True)", 0));
        // fields are length-prefixed: moving text between fields changes the hash
        assertNotEquals(Fingerprint.of("a", "bc", "d", 0), Fingerprint.of("ab", "c", "d", 0));
    }

    @Test
    void onlyWardenFingerprintsAreRecognized() {
        assertFalse(Fingerprint.isFingerprint("requires login"));
        assertFalse(Fingerprint.isFingerprint(null));
        assertFalse(Fingerprint.isFingerprint("0123456789ABCDEF0123456789abcdef"));
        assertTrue(Fingerprint.isFingerprint("0123456789abcdef0123456789abcdef"));
    }

    @Test
    void keyPathsAreRelativeToTheWorkTree() throws IOException {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve(".git"));
        Files.createDirectories(repo.resolve("src/pkg"));
        Path file = repo.resolve("src/pkg/m.py");
        Files.writeString(file, "x = 1\n");
        assertEquals("src/pkg/m.py", Fingerprint.keyPath(file.toString()));
        assertEquals(repo.toAbsolutePath().normalize(), Fingerprint.locate(file).root());
        Path loose = dir.resolve("loose.py");
        // outside a work tree (unless the temporary directory itself lies in one): the path as displayed
        if (Fingerprint.locate(loose) == null) assertEquals(loose.toString().replace('\\', '/'), Fingerprint.keyPath(loose.toString()));
    }
}

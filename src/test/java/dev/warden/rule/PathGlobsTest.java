package dev.warden.rule;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A rule's {@code paths:} globs follow gitignore's anchoring. */
class PathGlobsTest {
    @Test
    void aTrailingSlashMeansADirectoryAnywhere() {
        List<String> exclude = List.of("tests/", "test_*.py", "conftest.py");
        assertFalse(PathGlobs.applies(List.of(), exclude, "/srv/app/tests/helpers.py"));
        assertFalse(PathGlobs.applies(List.of(), exclude, "tests/helpers.py"));
        assertFalse(PathGlobs.applies(List.of(), exclude, "src/app/test_views.py"));
        assertFalse(PathGlobs.applies(List.of(), exclude, "conftest.py"));
        assertTrue(PathGlobs.applies(List.of(), exclude, "/srv/app/views.py"));
        assertTrue(PathGlobs.applies(List.of(), exclude, "/srv/app/contests/views.py"));
    }

    @Test
    void aSlashInsideAnchorsAtTheStart() {
        assertFalse(PathGlobs.applies(List.of(), List.of("src/gen/"), "src/gen/a.py"));
        assertTrue(PathGlobs.applies(List.of(), List.of("src/gen/"), "lib/src/gen/a.py"));
    }
}

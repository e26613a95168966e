package dev.warden.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Severity}: Semgrep's two naming schemes and what each format calls a severity. */
class ReportSeverityTest {
    @Test
    void filterMapsOldNamesToNewOnes() {
        assertEquals(Set.of("HIGH"), Severity.filter(List.of("error")));
        assertEquals(Set.of("LOW", "MEDIUM"), Severity.filter(List.of("INFO", "medium")));
        assertTrue(Severity.matches(Severity.filter(List.of("HIGH")), "ERROR"));
        assertTrue(Severity.matches(Severity.filter(List.of("WARNING")), "MEDIUM"));
        assertFalse(Severity.matches(Severity.filter(List.of("CRITICAL")), "ERROR"));
        assertTrue(Severity.matches(Severity.filter(List.of()), "EXPERIMENT"), "no filter keeps all");
        assertThrows(IllegalArgumentException.class, () -> Severity.filter(List.of("BAD")));
    }

    @Test
    void levelsPerFormat() {
        assertEquals("error", Severity.sarifLevel("CRITICAL"));
        assertEquals("error", Severity.sarifLevel("ERROR"));
        assertEquals("warning", Severity.sarifLevel("WARNING"));
        assertEquals("note", Severity.sarifLevel("INFO"));
        assertEquals("note", Severity.sarifLevel("INVENTORY"));
        assertEquals("E", Severity.vimLetter("HIGH"));
        assertEquals("W", Severity.vimLetter("MEDIUM"));
        assertEquals("I", Severity.vimLetter("LOW"));
        assertEquals("Critical", Severity.gitlab("CRITICAL", Map.of()));
        assertEquals("High", Severity.gitlab("ERROR", Map.of()));
        assertEquals("Medium", Severity.gitlab("WARNING", Map.of()));
        assertEquals("Low", Severity.gitlab("LOW", Map.of()));
        assertEquals("Info", Severity.gitlab("INFO", Map.of()));
        assertEquals("Unknown", Severity.gitlab("EXPERIMENT", Map.of()));
        assertEquals("Critical", Severity.gitlab("INFO", Map.of("security-severity", "Critical")), "GitLab's own metadata wins");
    }

    @Test
    void securitySeverityForGithub() {
        assertEquals("9.5", Severity.securitySeverity("CRITICAL", Map.of()));
        assertEquals("8.0", Severity.securitySeverity("ERROR", Map.of()));
        assertEquals("5.5", Severity.securitySeverity("WARNING", Map.of()));
        assertEquals("3.0", Severity.securitySeverity("INFO", Map.of()));
        assertEquals("5.5", Severity.securitySeverity("ERROR", Map.of("impact", "MEDIUM")), "impact wins over severity");
        assertEquals("7.3", Severity.securitySeverity("ERROR", Map.of("security-severity", 7.25)));
        assertEquals("9.5", Severity.securitySeverity("INFO", Map.of("security-severity", "CRITICAL")));
        assertEquals("8.0", Severity.securitySeverity("ERROR", Map.of("security-severity", "11")), "out of range: ignored");
        assertNull(Severity.securitySeverity("ERROR", Map.of("category", "correctness")));
        assertEquals("8.0", Severity.securitySeverity("ERROR", Map.of("category", "security")));
    }
}

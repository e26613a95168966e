package dev.warden.report;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rule severities and what each output format calls them. Semgrep's older levels are the newer
 * ones under other names: {@code INFO} is {@code LOW}, {@code WARNING} is {@code MEDIUM},
 * {@code ERROR} is {@code HIGH}; {@code CRITICAL} has no older name.
 */
public final class Severity {
    private Severity() {}

    /** What {@code --severity} accepts. */
    public static final List<String> FILTER_VALUES = List.of("INFO", "WARNING", "ERROR", "LOW", "MEDIUM", "HIGH", "CRITICAL");

    /** The newer name of a severity ({@code LOW}, {@code MEDIUM}, {@code HIGH}, {@code CRITICAL}); others upper-cased as they are. */
    public static String canonical(String severity) {
        String s = severity == null ? "" : severity.toUpperCase(Locale.ROOT);
        return switch (s) {
            case "INFO", "LOW" -> "LOW";
            case "WARNING", "MEDIUM" -> "MEDIUM";
            case "ERROR", "HIGH" -> "HIGH";
            default -> s;
        };
    }

    /**
     * The canonical severities to keep for {@code --severity} values (any case); empty keeps all.
     *
     * @throws IllegalArgumentException for a value that is not a severity
     */
    public static Set<String> filter(Collection<String> values) {
        Set<String> out = new LinkedHashSet<>();
        if (values == null) return out;
        for (String v : values) {
            if (v == null || !FILTER_VALUES.contains(v.toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("invalid severity '" + v + "': expected one of " + String.join(", ", FILTER_VALUES));
            }
            out.add(canonical(v));
        }
        return out;
    }

    /** Whether a finding of {@code severity} passes the filter (from {@link #filter}). */
    public static boolean matches(Set<String> keep, String severity) {
        return keep.isEmpty() || keep.contains(canonical(severity));
    }

    /** SARIF's {@code level}: {@code error}, {@code warning} or {@code note}. */
    public static String sarifLevel(String severity) {
        return switch (canonical(severity)) {
            case "CRITICAL", "HIGH" -> "error";
            case "MEDIUM" -> "warning";
            default -> "note";
        };
    }

    /** Vim's quickfix type letter: {@code E}, {@code W} or {@code I}. */
    public static String vimLetter(String severity) {
        return switch (canonical(severity)) {
            case "CRITICAL", "HIGH" -> "E";
            case "MEDIUM" -> "W";
            default -> "I";
        };
    }

    /** GitLab's vulnerability severity: Critical, High, Medium, Low, Info or Unknown. */
    public static String gitlab(String severity, Map<String, Object> metadata) {
        // GitLab's own rules say it in metadata: security-severity: HIGH
        Object label = metadata == null ? null : metadata.get("security-severity");
        if (label instanceof String s) {
            switch (s.toUpperCase(Locale.ROOT)) {
                case "CRITICAL": return "Critical";
                case "HIGH": return "High";
                case "MEDIUM": return "Medium";
                case "LOW": return "Low";
                case "INFO": return "Info";
                default: break;
            }
        }
        String s = severity == null ? "" : severity.toUpperCase(Locale.ROOT);
        return switch (s) {
            case "CRITICAL" -> "Critical";
            case "ERROR", "HIGH" -> "High";
            case "WARNING", "MEDIUM" -> "Medium";
            case "LOW" -> "Low";
            case "INFO" -> "Info";
            default -> "Unknown";
        };
    }

    /**
     * GitHub's {@code security-severity} score (a decimal string in (0, 10]) for a rule, or null
     * when the rule is not a security rule ({@code metadata.category} other than {@code security}).
     * In order: a numeric {@code metadata.security-severity}; a level there or in
     * {@code metadata.impact} ({@code CRITICAL}, {@code HIGH}, {@code MEDIUM}, {@code LOW}); the
     * rule's severity. The levels score 9.5, 8.0, 5.5 and 3.0, inside GitHub's critical (over 9.0),
     * high (7.0-8.9), medium (4.0-6.9) and low (0.1-3.9) bands.
     */
    public static String securitySeverity(String severity, Map<String, Object> metadata) {
        Map<String, Object> md = metadata == null ? Map.of() : metadata;
        Object category = md.get("category");
        if (category != null && !"security".equalsIgnoreCase(String.valueOf(category))) return null;
        Object explicit = md.get("security-severity");
        if (explicit != null) {
            try {
                double x = Double.parseDouble(String.valueOf(explicit).strip());
                if (x > 0.0 && x <= 10.0) return String.format(Locale.ROOT, "%.1f", x);
            } catch (NumberFormatException notANumber) {
                String score = score(String.valueOf(explicit));
                if (score != null) return score;
            }
        }
        Object impact = md.get("impact");
        if (impact != null) {
            String score = score(String.valueOf(impact));
            if (score != null) return score;
        }
        String score = score(severity);
        return score == null ? "1.0" : score;
    }

    private static String score(String level) {
        return switch (canonical(level)) {
            case "CRITICAL" -> "9.5";
            case "HIGH" -> "8.0";
            case "MEDIUM" -> "5.5";
            case "LOW" -> "3.0";
            default -> null;
        };
    }
}

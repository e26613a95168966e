package dev.warden.report;

/**
 * JUnit XML as Semgrep writes it: one test suite, one failing test case per finding (named after
 * the rule, its class and file the finding's path, with its line; the failure's type the severity,
 * its message the rule's message, its text the matched lines), so CI systems list findings as
 * failed tests.
 */
public final class JunitXmlFormatter implements Formatter {
    @Override
    public String format(Report report) {
        int n = report.findings().size();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuites disabled=\"0\" errors=\"0\" failures=\"").append(n).append("\" tests=\"").append(n)
                .append("\" time=\"0.0\">\n");
        sb.append("\t<testsuite disabled=\"0\" errors=\"0\" failures=\"").append(n)
                .append("\" name=\"warden results\" skipped=\"0\" tests=\"").append(n).append("\" time=\"0\">\n");
        for (Report.Finding f : report.findings()) {
            sb.append("\t\t<testcase name=\"").append(attr(f.checkId())).append("\" classname=\"").append(attr(f.path()))
                    .append("\" file=\"").append(attr(f.path())).append("\" line=\"").append(f.start().line()).append("\">\n");
            sb.append("\t\t\t<failure type=\"").append(attr(f.severity())).append("\" message=\"").append(attr(f.message()))
                    .append("\">").append(text(f.lines())).append("</failure>\n");
            sb.append("\t\t</testcase>\n");
        }
        sb.append("\t</testsuite>\n</testsuites>\n");
        return sb.toString();
    }

    /** Escaped for an attribute value in double quotes; line breaks and tabs kept as references. */
    static String attr(String s) {
        StringBuilder sb = new StringBuilder();
        escape(s == null ? "" : s, sb, true);
        return sb.toString();
    }

    static String text(String s) {
        StringBuilder sb = new StringBuilder();
        escape(s == null ? "" : s, sb, false);
        return sb.toString();
    }

    private static void escape(String s, StringBuilder sb, boolean attribute) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                case '\n' -> sb.append(attribute ? "&#10;" : "\n");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append(attribute ? "&#9;" : "\t");
                default -> {
                    // characters XML 1.0 cannot hold at all become U+FFFD
                    boolean legal = c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
                    sb.appendCodePoint(legal ? c : 0xFFFD);
                }
            }
        }
    }
}

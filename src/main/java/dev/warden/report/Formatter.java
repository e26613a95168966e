package dev.warden.report;

/** One output format of {@code warden scan}: renders a whole {@link Report} as text. */
public interface Formatter {
    /** The report in this format (ends with a line break unless empty). */
    String format(Report report);

    /**
     * Whether the format carries the scan's errors itself. When it does not (text, Emacs, Vim,
     * JUnit XML), the command prints them and the summary to stderr.
     */
    default boolean carriesErrors() { return false; }
}

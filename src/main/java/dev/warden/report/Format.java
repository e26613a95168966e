package dev.warden.report;

import java.util.function.Supplier;

/** The output formats of {@code warden scan}, each with its command-line flag. */
public enum Format {
    TEXT("--text", TextFormatter::new),
    JSON("--json", SemgrepJsonFormatter::new),
    SARIF("--sarif", SarifFormatter::new),
    JUNIT_XML("--junit-xml", JunitXmlFormatter::new),
    GITLAB_SAST("--gitlab-sast", GitlabSastFormatter::new),
    EMACS("--emacs", EmacsFormatter::new),
    VIM("--vim", VimFormatter::new);

    private final String flag;
    private final Supplier<Formatter> factory;

    Format(String flag, Supplier<Formatter> factory) {
        this.flag = flag;
        this.factory = factory;
    }

    /** The flag that selects the format. */
    public String flag() { return flag; }

    public Formatter formatter() { return factory.get(); }
}

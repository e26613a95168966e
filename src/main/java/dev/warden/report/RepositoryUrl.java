package dev.warden.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warden's own repository as a web address, for SARIF's {@code tool.driver.informationUri}: the
 * build records {@code git config remote.origin.url} in {@code repository.properties} beside this
 * class (see pom.xml); unknown when the checkout had no remote or it is not a web host.
 */
final class RepositoryUrl {
    private RepositoryUrl() {}

    private static final Pattern SCP_LIKE = Pattern.compile("[\\w.-]+@([\\w.-]+):(?!//)(.+)");
    private static final Pattern WITH_SCHEME = Pattern.compile("(?:https?|ssh|git)://(?:[^/@]*@)?([^/:]+)(?::\\d+)?/(.+)");

    /** The address recorded by the build, or null. */
    static String ofBuild() {
        try (InputStream in = RepositoryUrl.class.getResourceAsStream("repository.properties")) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(in);
            return toWeb(p.getProperty("repository", ""));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A git remote as an https address: {@code git@host:owner/repo.git}, {@code ssh://git@host/owner/repo}
     * and {@code https://user:token@host/owner/repo.git} all become {@code https://host/owner/repo}
     * (credentials dropped); null for an empty remote or a local path.
     */
    static String toWeb(String remote) {
        String r = remote == null ? "" : remote.strip();
        Matcher m = WITH_SCHEME.matcher(r);
        if (!m.matches()) {
            m = SCP_LIKE.matcher(r);
            if (!m.matches()) return null;
        }
        String path = m.group(2);
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        if (path.endsWith(".git")) path = path.substring(0, path.length() - 4);
        return path.isEmpty() ? null : "https://" + m.group(1) + "/" + path;
    }
}

package dev.warden.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RepositoryUrlTest {
    @Test
    void gitRemotesBecomeWebAddresses() {
        assertEquals("https://github.com/acme/warden", RepositoryUrl.toWeb("git@github.com:acme/warden.git"));
        assertEquals("https://github.com/acme/warden", RepositoryUrl.toWeb("https://github.com/acme/warden.git\n"));
        assertEquals("https://gitlab.example.com/team/warden", RepositoryUrl.toWeb("ssh://git@gitlab.example.com:2222/team/warden.git"));
        assertEquals("https://git.example.org/warden", RepositoryUrl.toWeb("git://git.example.org/warden/"));
    }

    @Test
    void credentialsInARemoteAreDropped() {
        assertEquals("https://github.com/acme/warden", RepositoryUrl.toWeb("https://bot:s3cret@github.com/acme/warden"));
    }

    @Test
    void noRemoteOrALocalPathIsNoAddress() {
        assertNull(RepositoryUrl.toWeb(""));
        assertNull(RepositoryUrl.toWeb(null));
        assertNull(RepositoryUrl.toWeb("/srv/git/warden.git"));
        assertNull(RepositoryUrl.toWeb("file:///srv/git/warden.git"));
    }
}

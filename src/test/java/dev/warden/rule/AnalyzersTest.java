package dev.warden.rule;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnalyzersTest {

    // ---------------------------------------------------------------- entropy

    @ParameterizedTest
    @ValueSource(strings = {
        "feoi7n978faseduy987ybf67t4ni867fased6tbi6fa34nf97",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "d41d8cd98f00b204e9800998ecf8427e",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "c2VjcmV0X3Rva2VuX3ZhbHVl",
        "aB3dE5gH7jK9",
        "AKIAIOSFODNN7EXAMPLE",
        "AKIAxxxxxxxxxxxxxxxx",
        "jWnyxxxxxxxxxxxxxxxxX7ZQxxxxxxxxxxxxxxxx",
    })
    void entropyFlagsRandomLookingStrings(String s) {
        assertTrue(Analyzers.flags("entropy", s), s);
        assertTrue(Analyzers.flags("entropy", "'" + s + "'"), "quoted " + s);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "secret",
        "password123",
        "correct horse battery staple",
        "The quick brown fox jumps over the lazy dog",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit",
        "Error 404: Page Not Found",
        "Hello, World!",
        "get_user_by_id",
        "thisisaverylongidentifiername",
        "ThisIsMyPassword",
        "XMLHttpRequest",
        "Content-Type",
        "application/json",
        "https://example.com/api/v1/users",
        "mysql://user:pass@localhost:3306/db",
        "SELECT * FROM users WHERE id = ?",
        "/usr/local/bin/python3",
        "%Y-%m-%d %H:%M:%S",
        "2023-01-01T00:00:00Z",
        "192.168.100.200",
        "1234567890",
        "my-s3-bucket-name-prod",
        "",
    })
    void entropyIgnoresEnglishAndStructuredStrings(String s) {
        assertFalse(Analyzers.flags("entropy", s), s);
        assertFalse(Analyzers.flags("entropy", "\"" + s + "\""), "quoted " + s);
    }

    @Test
    void entropyConformanceCase() {
        assertTrue(Analyzers.flags("entropy", "'feoi7n978faseduy987ybf67t4ni867fased6tbi6fa34nf97'"));
        assertFalse(Analyzers.flags("entropy", "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'"));
        assertFalse(Analyzers.flags("entropy", "'secret'"));
    }

    @Test
    void entropyMeasures() {
        assertTrue(Analyzers.shannonEntropy("aaaa") == 0.0);
        assertTrue(Math.abs(Analyzers.shannonEntropy("abcd") - 2.0) < 1e-9);
        assertTrue(Analyzers.englishSurprisal("the cat sat on the mat") < Analyzers.englishSurprisal("q8Zx3vKp0Wm7"));
    }

    // ---------------------------------------------------------------- redos

    @ParameterizedTest
    @ValueSource(strings = {
        "(a+)+$",
        "(a*)*b",
        "(a+)*",
        "((honk )+)+$",
        "(a|a)*",
        "(a|aa)+",
        "(?:a|b|ab)*c",
        "(\\d|\\w)+",
        "(\\w+\\s?)*$",
        "(.*,)*x",
        "(x+x+)+y",
        "([a-z]+)*$",
        "(a+)+?",
        "(a{1,5})+",
        "^(?P<name>[a-z]+)+$",
        "^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$",
    })
    void redosFlagsCatastrophicPatterns(String regex) {
        assertTrue(Analyzers.flags("redos", regex), regex);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "hello+",
        "((honk )+)++$",
        "(?>a+)+",
        "(\\d+,)*$",
        "(a+b)*",
        "^(\\w+\\s)*$",
        "(foo|bar)*",
        "(GET|POST|PUT)+",
        "(ab|cd|ef){3,}",
        "^[a-z]+@[a-z]+\\.com$",
        "\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}",
        "[(a+)+]",
        "(a+){3}",
        "^\\s*#.*$",
        "(a+)+(",   // does not parse: not flagged
        "",
    })
    void redosIgnoresSafePatterns(String regex) {
        assertFalse(Analyzers.flags("redos", regex), regex);
    }

    @Test
    void redosConformanceCases() {
        assertTrue(Analyzers.flags("redos", "'(a+)+$'"));
        assertFalse(Analyzers.flags("redos", "'hello+'"));
        assertTrue(Analyzers.flags("redos", "'((honk )+)+$'"));
        assertFalse(Analyzers.flags("redos", "'((honk )+)++$'"));
        assertTrue(Analyzers.flags("redos",
                "'^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$'"));
        assertTrue(Analyzers.flags("redos", "r'(\\w+\\s?)*$'"));
    }

    @Test
    void unknownAnalyzerIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Analyzers.flags("magic", "x"));
        assertFalse(Analyzers.flags("entropy", null));
    }
}

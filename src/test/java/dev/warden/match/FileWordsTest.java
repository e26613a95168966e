package dev.warden.match;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FileWordsTest {
    private static FileWords words(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return FileWords.of(b, b.length);
    }

    @Test
    void wholeWordsAreFoundAndPartsOfWordsAreNot() {
        FileWords w = words("import os\nos.path.join(base, name)\n");
        assertTrue(w.contains(FileWords.hash("join".getBytes(StandardCharsets.UTF_8))));
        assertTrue(w.contains(FileWords.hash("os".getBytes(StandardCharsets.UTF_8))));
        assertFalse(w.contains(FileWords.hash("jo".getBytes(StandardCharsets.UTF_8))));
        assertFalse(w.contains(FileWords.hash("subprocess".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void prefixesOfWords() {
        FileWords w = words("x = aws_secret_access_key\n");
        assertTrue(w.anyStartsWith("aws_secret"));
        assertTrue(w.anyStartsWith("x"));
        assertFalse(w.anyStartsWith("aws_session"));
        assertFalse(w.anyStartsWith("secret"));
    }

    @Test
    void occurrencesWithinARange() {
        String text = "name = 1\nother = 2\nuse(name)\n";
        FileWords w = words(text);
        int use = text.indexOf("use");
        assertTrue(w.mayOccurWithin("name", use, text.length()));
        assertTrue(w.mayOccurWithin("name", 0, 4));
        assertFalse(w.mayOccurWithin("name", 0, 3)); // the whole word must fit in the range
        assertFalse(w.mayOccurWithin("name", 5, use));
        assertFalse(w.mayOccurWithin("nam", 0, text.length())); // not a word of its own
        assertFalse(w.mayOccurWithin("missing", 0, text.length()));
    }

    @Test
    void manyWordsAndOccurrencesSurviveGrowth() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3000; i++) b.append("w").append(i).append(" = common\n");
        String text = b.toString();
        FileWords w = words(text);
        int last = text.lastIndexOf("w2999");
        assertTrue(w.mayOccurWithin("w2999", last, text.length()));
        assertFalse(w.mayOccurWithin("w2999", 0, last));
        assertTrue(w.mayOccurWithin("common", last, text.length()));
        assertTrue(w.mayOccurWithin("w0", 0, 2));
    }

    @Test
    void aNonAsciiRunRulesAWordOutOnlyWhenItsNfkcFormLacksIt() {
        // NFKC: a fullwidth spelling is the same identifier, so the bytes alone cannot decide
        FileWords w = words("\uff58 = 1\n");
        assertTrue(w.mayOccurWithin("x", 0, 4));
        String text = "s = 'sp\u00e4m'\ndef f():\n    return \uff51\uff55\uff45\uff52\uff59\ndef g():\n    return query\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        w = FileWords.of(bytes, bytes.length);
        String utf8 = new String(bytes, StandardCharsets.ISO_8859_1); // byte offsets
        int f = utf8.indexOf("def f"), g = utf8.indexOf("def g");
        assertFalse(w.mayOccurWithin("query", 0, f)); // the string's non-ASCII word is no spelling of it
        assertFalse(w.mayOccurWithin("spam", 0, f));
        assertTrue(w.mayOccurWithin("query", f, g)); // the fullwidth identifier is
        assertTrue(w.mayOccurWithin("query", g, bytes.length));
        assertTrue(w.mayOccurWithin("query", f + 20, f + 25)); // a range inside the run still may hold it
    }
}

package dev.warden.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.warden.python.Source;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A line-start regex is only tried at line starts: the matches must be exactly those of find(). */
class FileTextTest {
    private static List<String> viaFind(Pattern regex, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = regex.matcher(text);
        while (m.find()) if (m.end() > m.start()) out.add(bytes(text, m.start()) + "-" + bytes(text, m.end()));
        return out;
    }

    private static int bytes(String text, int chars) { return text.substring(0, chars).getBytes(StandardCharsets.UTF_8).length; }

    private static List<String> viaFileText(Pattern regex, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (RuleEngine.Ranged r : FileText.of(new Source("t.py", b, b.length)).regexMatches(regex)) out.add(r.start() + "-" + r.end());
        return out;
    }

    @Test
    void lineStartRegexesFindWhatFindFinds() {
        String[] regexes = {"(?m)^[ \\t]*except\\*?[ \\t]*:([ \\t]*\\n)*[ \\t]*pass\\b", "(?m)^[ \\t]*passx?", "(?m)^[ \\t]*except.*\\n[ \\t]*except"};
        String[] texts = {
            "try:\n    x\nexcept:\n    pass\n",
            "  except:\n\n\t pass\n  except:  pass\n",
            "x = 1 ; except:\n pass\n",                 // not at a line start
            "a\rexcept:\r pass\r\nexcept:\r\n pass",    // \r and \r\n line ends
            "a\u2028except:\u2028pass\u0085except:\npass",
            "\r\nexcept\nexcept\nexcept\n",              // overlapping candidates: matches do not overlap
            "passx pass\n   pass\npassxx\n",
        };
        for (String r : regexes) {
            Pattern regex = Pattern.compile(r);
            assertNotNull(FileText.lineStartWord(regex), r);
            for (String t : texts) assertEquals(viaFind(regex, t), viaFileText(regex, t), r + " on " + t.replace("\n", "\\n"));
        }
    }

    @Test
    void otherRegexesAreNotLineStartOnes() {
        assertNull(FileText.lineStartWord(Pattern.compile("(?m)^[ \\t]*except|pass")));
        assertNull(FileText.lineStartWord(Pattern.compile("(?m)^[ \\t]*e?xcept")));
        assertNull(FileText.lineStartWord(Pattern.compile("^[ \\t]*except")));
        assertNull(FileText.lineStartWord(Pattern.compile("(?m)^[ \\t]*except", Pattern.CASE_INSENSITIVE)));
    }
}

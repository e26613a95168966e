package dev.warden.rule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Warden's built-in rules: the YAML files {@code rules/NAME.yaml} on the classpath (in the jar;
 * {@code src/main/resources/rules/} in the sources, each with its test {@code NAME.py} beside it).
 * {@code warden scan} runs them when it is given neither {@code --config} nor {@code -e}, and for
 * {@code --config auto} or {@code --config builtin}; {@code --config builtin:PREFIX} runs those
 * whose id starts with {@code PREFIX} ({@code warden.python.} may be left out).
 *
 * <p>A jar cannot list a resource directory, so the files are named in {@link #NAMES}
 * ({@code BuiltinRulesTest} checks the list against the directory). Each file holds the rules of
 * one topic, and every rule id is {@code warden.python.NAME.CHECK}.
 */
public final class BuiltinRules {
    private BuiltinRules() {}

    /** The prefix of every built-in rule id. */
    public static final String ID_PREFIX = "warden.python.";

    /** The rule files (one per topic), without {@code .yaml}. */
    public static final List<String> NAMES = List.of(
            "code",
            "crypto",
            "deserialization",
            "errors",
            "files",
            "http",
            "injection",
            "network",
            "secrets",
            "sql",
            "subprocess",
            "tls",
            "web",
            "xml");

    /** The {@code --config} values that mean all the built-in rules. */
    public static final Set<String> CONFIG_NAMES = Set.of("auto", "builtin");

    /** The {@code --config} prefix that selects built-in rules by id: {@code builtin:PREFIX}. */
    public static final String SELECT_PREFIX = "builtin:";

    /** Whether a {@code --config} value names built-in rules ({@code ./auto} names a file). */
    public static boolean isBuiltin(Path config) {
        if (config == null) return false;
        String s = config.toString();
        return CONFIG_NAMES.contains(s) || s.startsWith(SELECT_PREFIX);
    }

    /**
     * The built-in rules a {@code --config} value names (see {@link #isBuiltin}): all of them, or
     * for {@code builtin:PREFIX} those whose id starts with {@code PREFIX} or with
     * {@code warden.python.PREFIX}; an error when that selects no rule.
     */
    public static RuleLoader.LoadResult load(Path config) {
        String s = config.toString();
        if (!s.startsWith(SELECT_PREFIX)) return load();
        String prefix = s.substring(SELECT_PREFIX.length()).trim();
        RuleLoader.LoadResult all = load();
        List<Rule> selected = select(all.rules(), prefix);
        List<RuleError> errors = new ArrayList<>(all.errors());
        if (selected.isEmpty()) {
            errors.add(new RuleError(new Position(s, 1, 1), "no built-in rule id starts with `" + prefix + "` (ids are "
                    + ID_PREFIX + "TOPIC.CHECK, topics: " + String.join(", ", NAMES) + ")", null));
        }
        return new RuleLoader.LoadResult(selected, errors, all.notices());
    }

    /** The rules whose id starts with {@code prefix}, or with {@code warden.python.} + {@code prefix}; none for an empty prefix. */
    public static List<Rule> select(List<Rule> rules, String prefix) {
        List<Rule> out = new ArrayList<>();
        if (prefix.isEmpty()) return out;
        for (Rule r : rules) {
            if (r.id().startsWith(prefix) || r.id().startsWith(ID_PREFIX + prefix)) out.add(r);
        }
        return out;
    }

    /** Loads every built-in rule; errors (which the tests rule out) name {@code warden:rules/NAME.yaml}. */
    public static RuleLoader.LoadResult load() {
        List<Rule> rules = new ArrayList<>();
        List<RuleError> errors = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (String name : NAMES) {
            RuleLoader.LoadResult one = loadFile(name);
            rules.addAll(one.rules());
            errors.addAll(one.errors());
            notices.addAll(one.notices());
        }
        return new RuleLoader.LoadResult(rules, errors, notices);
    }

    /** Loads the rules of one built-in file, {@code rules/NAME.yaml}. */
    public static RuleLoader.LoadResult loadFile(String name) {
        String resource = "rules/" + name + ".yaml";
        String text;
        try (InputStream in = BuiltinRules.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return new RuleLoader.LoadResult(List.of(), List.of(new RuleError(new Position("warden:" + resource, 1, 1),
                        "built-in rule file missing from the classpath", null)), List.of());
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RuleLoader.load("warden:" + resource, text);
    }
}

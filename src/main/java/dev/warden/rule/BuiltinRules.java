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
 * {@code --config auto} or {@code --config builtin}.
 *
 * <p>A jar cannot list a resource directory, so the files are named in {@link #NAMES}
 * ({@code BuiltinRulesTest} checks the list against the directory). Every rule id is
 * {@code warden.python.NAME}.
 */
public final class BuiltinRules {
    private BuiltinRules() {}

    /** The rule files, without {@code .yaml}. */
    public static final List<String> NAMES = List.of(
            "eval-exec-injection",
            "pickle-deserialization",
            "subprocess-shell-injection",
            "weak-hash",
            "yaml-unsafe-load");

    /** The {@code --config} values that mean the built-in rules. */
    public static final Set<String> CONFIG_NAMES = Set.of("auto", "builtin");

    /** Whether a {@code --config} value names the built-in rules ({@code ./auto} names a file). */
    public static boolean isBuiltin(Path config) {
        return config != null && CONFIG_NAMES.contains(config.toString());
    }

    /** Loads every built-in rule; errors (which the tests rule out) name {@code warden:rules/NAME.yaml}. */
    public static RuleLoader.LoadResult load() {
        List<Rule> rules = new ArrayList<>();
        List<RuleError> errors = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (String name : NAMES) {
            String resource = "rules/" + name + ".yaml";
            String text;
            try (InputStream in = BuiltinRules.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    errors.add(new RuleError(new Position("warden:" + resource, 1, 1), "built-in rule file missing from the classpath", null));
                    continue;
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            RuleLoader.LoadResult one = RuleLoader.load("warden:" + resource, text);
            rules.addAll(one.rules());
            errors.addAll(one.errors());
            notices.addAll(one.notices());
        }
        return new RuleLoader.LoadResult(rules, errors, notices);
    }
}

package dev.warden.cli;

import dev.warden.rule.BuiltinRules;
import dev.warden.rule.RuleLoader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rule files a {@code scan} command line names, loaded on a second thread while the main one
 * builds the command line's model (start-up that leaves the other cores idle, and reading and
 * compiling hundreds of rules is a good part of a big registry's scan). {@link ScanCommand} takes
 * a preloaded result for a {@code --config} value the options parse to; anything this quick look
 * at the arguments gets wrong only means that a config is loaded where it is used, as without it.
 */
final class RulePreload {
    private RulePreload() {}

    private static final Map<Path, CompletableFuture<RuleLoader.LoadResult>> LOADING = new ConcurrentHashMap<>();

    /** Starts loading the configs of {@code warden scan ...} (the built-in rules when it names neither a config nor a pattern). */
    static void start(String[] args) {
        List<Path> configs = configsOfScan(args);
        for (Path config : configs) {
            if (LOADING.containsKey(config)) continue;
            LOADING.put(config, Background.supply("warden-rules",
                    () -> BuiltinRules.isBuiltin(config) ? BuiltinRules.load(config) : RuleLoader.load(config)));
        }
    }

    /** The preloaded rules of a config, or null when it was not preloaded (or its load failed): load it then. */
    static RuleLoader.LoadResult take(Path config) {
        CompletableFuture<RuleLoader.LoadResult> loading = LOADING.remove(config);
        if (loading == null) return null;
        try {
            return loading.join();
        } catch (RuntimeException e) { // loaded again where it is used, which reports the problem
            return null;
        }
    }

    /**
     * The {@code -c}/{@code --config} values of a {@code scan} command line (before any
     * {@code --}), or the built-in rules when there are none and no {@code -e}/{@code --pattern};
     * none for another command, or a value that is not a path.
     */
    static List<Path> configsOfScan(String[] args) {
        List<Path> out = new ArrayList<>();
        if (args.length == 0 || !args[0].equals("scan")) return out;
        boolean pattern = false;
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--")) break;
                if ((a.equals("-c") || a.equals("--config")) && i + 1 < args.length) out.add(Path.of(args[++i]));
                else if (a.startsWith("--config=")) out.add(Path.of(a.substring("--config=".length())));
                else if (a.startsWith("-c") && a.length() > 2 && !a.startsWith("--")) out.add(Path.of(a.substring(2)));
                else if (a.equals("-e") || a.equals("--pattern") || a.startsWith("--pattern=") || a.startsWith("-e")) pattern = true;
            }
        } catch (InvalidPathException e) {
            return List.of();
        }
        if (out.isEmpty() && !pattern) out.add(Path.of("builtin"));
        return out;
    }
}

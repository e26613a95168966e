package dev.warden.cli;

import dev.warden.scan.Ignores;
import dev.warden.scan.Targets;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code warden scan}'s target selection options, as a picocli mixin: ignore files and
 * {@code --include}/{@code --exclude} (see {@link Ignores}), {@code --max-target-bytes},
 * {@code --shard} (see {@link Targets.Shard}). Files over the size limit are skipped with a notice
 * on stderr ({@code notice: PATH: skipped: N bytes, over --max-target-bytes M}), which does not
 * change the exit status.
 */
public final class TargetOptions {
    @Option(names = "--include", paramLabel = "GLOB",
            description = "Scan only files that match GLOB, or lie in a directory that does (gitignore syntax, relative to the project root); repeatable.")
    List<String> includes;

    @Option(names = "--exclude", paramLabel = "GLOB",
            description = "Skip files and directories that match GLOB (gitignore syntax, relative to the project root); repeatable.")
    List<String> excludes;

    @Option(names = "--max-target-bytes", paramLabel = "N", defaultValue = "1000000",
            description = "Skip files larger than N bytes, with a notice (0: no limit). Default: ${DEFAULT-VALUE}.")
    long maxTargetBytes;

    @Option(names = "--no-git-ignore", description = "Scan files that .gitignore files and .git/info/exclude ignore.")
    boolean noGitIgnore;

    @Option(names = "--force-exclude",
            description = "Apply the ignore files and --include/--exclude to files named on the command line too (e.g. in a pre-commit hook).")
    boolean forceExclude;

    @Option(names = "--shard", paramLabel = "K/N", converter = ShardConverter.class,
            description = "Scan only the K-th of N disjoint parts of the targets (by a stable hash of each path); "
                    + "the N runs 1/N..N/N together scan every file once (merge their --json outputs with 'warden merge-json').")
    Targets.Shard shard;

    /** The options as {@link Targets.Options}. */
    public Targets.Options options() {
        return Targets.Options.defaults()
                .withIncludes(includes == null ? List.of() : includes)
                .withExcludes(excludes == null ? List.of() : excludes)
                .withGitIgnore(!noGitIgnore)
                .withMaxTargetBytes(Math.max(0, maxTargetBytes))
                .withShard(shard)
                .withForceExclude(forceExclude);
    }

    /** Prints a notice per file {@code result} skipped on {@code err}, and returns it. */
    public Targets.Result report(Targets.Result result, PrintStream err) {
        for (Targets.Skipped s : result.skipped()) err.println("notice: " + s.path() + ": " + s.message());
        return result;
    }

    /** Parses {@code K/N} for picocli (an invalid value is a usage error, exit 2). */
    public static final class ShardConverter implements CommandLine.ITypeConverter<Targets.Shard> {
        @Override
        public Targets.Shard convert(String value) {
            try {
                return Targets.Shard.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

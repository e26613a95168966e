package dev.warden.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code warden}: the command line. Each subcommand is its own class, registered in
 * {@code subcommands} below (scan, test and validate will slot in the same way as dump-ast).
 */
@Command(name = "warden",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Custom security rules for Python code, in Semgrep's rule language.",
        subcommands = {DumpAstCommand.class, ScanCommand.class, TestCommand.class, ValidateCommand.class, MergeJsonCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Exit codes shared by subcommands. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL_ERROR = 1;
    public static final int EXIT_USAGE_OR_IO = 2;

    public static void main(String[] args) {
        RulePreload.start(args); // a scan's rules load while the command line is being parsed
        System.exit(run(args));
    }

    /** Runs the command line without exiting the JVM (for tests). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        // `warden` alone: report the missing subcommand (picocli then prints the usage).
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** The version Maven put in the jar (META-INF/maven/.../pom.properties). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = "development build";
            try (InputStream in = Main.class.getResourceAsStream("/META-INF/maven/dev.warden/warden/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    version = p.getProperty("version", version);
                }
            } catch (IOException ignored) {
                // keep the fallback
            }
            return new String[] {"warden " + version,
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}

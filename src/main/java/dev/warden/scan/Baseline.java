package dev.warden.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.match.Match;
import dev.warden.python.ParseResult;
import dev.warden.python.Parser;
import dev.warden.python.Source;
import dev.warden.python.SourceDecoder;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The findings a scan already had before: a scan with a baseline reports only findings whose
 * {@link Fingerprint} (which covers the file's repository-relative path, the rule id, the
 * whitespace-normalized matched text and its occurrence index) is not in the baseline.
 *
 * <p>{@link #atRef} computes the baseline from a git revision: each file with current findings
 * is read as it was at that revision (same repository-relative path; a file that did not exist
 * there, or was a symbolic link or a submodule, has no baseline findings, so a renamed file's
 * findings are all new), decoded, parsed and run through the same checks, with JGit and no
 * {@code git} binary. Uncommitted changes in the work tree are part of the current scan, not of
 * the baseline. {@link #fromJson} takes the findings of an earlier JSON output: Warden's carry
 * their fingerprint in {@code extra.fingerprint}; for other output (Semgrep's) the fingerprint is
 * recomputed from {@code extra.lines} (see {@link Fingerprint#ofLines}), and results with
 * neither (Semgrep without a login prints {@code "requires login"} for both) cannot be matched
 * and are counted in {@link #warnings()}.
 *
 * <p>At a revision, suppression comments ({@code # nosemgrep}) apply as in a default scan: a
 * finding suppressed there is not in the baseline, so removing its comment makes it new.
 */
public final class Baseline {
    private final Set<String> fingerprints;
    private final Set<String> lineFingerprints;
    private final List<String> warnings;

    /** Why a baseline cannot be used: the message is meant for the user as it is. */
    public static final class BaselineException extends Exception {
        private static final long serialVersionUID = 1L;

        public BaselineException(String message) { super(message); }
    }

    private Baseline(Set<String> fingerprints, Set<String> lineFingerprints, List<String> warnings) {
        this.fingerprints = Set.copyOf(fingerprints);
        this.lineFingerprints = Set.copyOf(lineFingerprints);
        this.warnings = List.copyOf(warnings);
    }

    /** Notices about parts of the baseline that could not be used. */
    public List<String> warnings() { return warnings; }

    /** The number of findings in the baseline. */
    public int size() { return fingerprints.size() + lineFingerprints.size(); }

    /** {@code result} without the findings that are in the baseline (scanned files and errors unchanged). */
    public Scanner.Result subtract(Scanner.Result result) {
        Map<Scanner.Finding, String> fp = Fingerprint.of(result.findings());
        Map<Scanner.Finding, String> lines = lineFingerprints.isEmpty() ? Map.of() : Fingerprint.ofLines(result.findings());
        List<Scanner.Finding> kept = new ArrayList<>();
        for (Scanner.Finding f : result.findings()) {
            if (fingerprints.contains(fp.get(f))) continue;
            if (!lineFingerprints.isEmpty() && lineFingerprints.contains(lines.get(f))) continue;
            kept.add(f);
        }
        return new Scanner.Result(result.scanned(), List.copyOf(kept), result.errors());
    }

    // ---------------------------------------------------------------- git revision

    /**
     * The baseline of {@code paths} (display paths of scanned files, as in {@link Scanner.Finding#path()})
     * at {@code ref} (a branch, tag, commit or any revision JGit resolves) of the git repository
     * found by walking up from {@code start}.
     */
    public static Baseline atRef(String ref, Path start, List<Scanner.Check> checks, Collection<String> paths)
            throws BaselineException {
        File from = start.toAbsolutePath().normalize().toFile();
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(from);
        if (builder.getGitDir() == null) {
            throw new BaselineException("--baseline-ref: " + start + " is not inside a git repository");
        }
        try (Repository repo = builder.setMustExist(true).build()) {
            if (repo.isBare()) throw new BaselineException("--baseline-ref: " + repo.getDirectory() + " is a bare repository");
            Path root = repo.getWorkTree().toPath().toAbsolutePath().normalize();
            ObjectId commitId;
            try {
                commitId = repo.resolve(ref + "^{commit}");
            } catch (RevisionSyntaxException | IOException e) {
                commitId = null;
            }
            if (commitId == null) {
                throw new BaselineException("--baseline-ref: unknown revision '" + ref + "' in the git repository at " + root
                        + " (expected a branch, tag or commit)");
            }
            // the files as they were at the revision, by display path
            List<Scanner.Finding> baselineFindings = new ArrayList<>();
            List<Source> sources = new ArrayList<>();
            try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
                RevCommit commit = walk.parseCommit(commitId);
                for (String path : new LinkedHashSet<>(paths)) {
                    Fingerprint.InRepository in = Fingerprint.locate(Path.of(path));
                    if (in == null || !in.root().equals(root)) continue; // not in this repository: nothing was there
                    byte[] bytes = blob(reader, in.relative(), commit);
                    if (bytes != null) sources.add(SourceDecoder.decode(path, bytes).source());
                }
            } catch (IOException e) {
                throw new BaselineException("--baseline-ref: cannot read revision '" + ref + "': " + e.getMessage());
            }
            for (List<Scanner.Finding> fs : runChecks(checks, sources)) baselineFindings.addAll(fs);
            return new Baseline(new HashSet<>(Fingerprint.of(baselineFindings).values()), Set.of(), List.of());
        }  catch (IOException e) {
            throw new BaselineException("--baseline-ref: cannot open the git repository at " + builder.getGitDir() + ": " + e.getMessage());
        }
    }

    /** The content of a regular file at {@code path} in the commit's tree, or null when there is none. */
    private static byte[] blob(ObjectReader reader, String path, RevCommit commit) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(reader, path, commit.getTree())) {
            if (tw == null) return null;
            FileMode mode = tw.getFileMode(0);
            if (mode.getObjectType() != Constants.OBJ_BLOB || mode == FileMode.SYMLINK) return null;
            try (InputStream in = reader.open(tw.getObjectId(0), Constants.OBJ_BLOB).openStream()) {
                return in.readAllBytes();
            }
        }
    }

    /**
     * Runs the checks over each source as {@link Scanner} does (on big-stack threads, findings in
     * output order). A check that fails on a baseline file finds nothing there, so its current
     * findings are reported.
     */
    private static List<List<Scanner.Finding>> runChecks(List<Scanner.Check> checks, List<Source> sources) {
        if (sources.isEmpty()) return List.of();
        int jobs = Math.min(Scanner.defaultJobs(), sources.size());
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(null, r, "warden-baseline", Scanner.STACK_SIZE);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<Scanner.Finding>>> futures = new ArrayList<>();
            for (Source s : sources) futures.add(pool.submit(() -> runChecks(checks, s)));
            List<List<Scanner.Finding>> out = new ArrayList<>();
            for (Future<List<Scanner.Finding>> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    out.add(List.of());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("baseline interrupted", e);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Scanner.Finding> runChecks(List<Scanner.Check> checks, Source source) {
        boolean any = false;
        for (Scanner.Check c : checks) any |= c.matcher().mayMatch(source);
        if (!any) return List.of();
        ParseResult parsed;
        try {
            parsed = Parser.parse(source);
        } catch (RuntimeException | StackOverflowError e) {
            return List.of();
        }
        List<Scanner.Finding> findings = new ArrayList<>();
        for (Scanner.Check check : checks) {
            List<Match> ms;
            try {
                ms = check.matcher().matches(parsed);
            } catch (RuntimeException | StackOverflowError e) {
                continue;
            }
            for (Match m : ms) findings.add(new Scanner.Finding(check.id(), source.path(), source, m));
        }
        findings.sort(Comparator.comparingInt((Scanner.Finding f) -> f.match().start()).thenComparingInt(f -> f.match().end()));
        // as the scan does by default: a finding suppressed by a comment at the revision was not reported there
        return Suppressions.Log.standard().apply(source.path(), parsed, findings);
    }

    // ---------------------------------------------------------------- earlier JSON output

    /** The baseline of an earlier {@code --json} output of Warden or Semgrep. */
    public static Baseline fromJson(Path file) throws BaselineException {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new BaselineException("--baseline-file: " + file + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BaselineException("--baseline-file: cannot read " + file + ": " + Targets.message(e));
        }
        JsonNode results = doc == null ? null : doc.get("results");
        if (results == null || !results.isArray()) {
            throw new BaselineException("--baseline-file: " + file + " has no \"results\" list: expected the output of warden scan --json or semgrep --json");
        }
        Set<String> fingerprints = new HashSet<>();
        Set<String> lineFingerprints = new HashSet<>();
        Fingerprint.Occurrences occurrences = new Fingerprint.Occurrences();
        int unusable = 0;
        for (JsonNode r : results) {
            String ruleId = r.path("check_id").asText(null);
            String path = r.path("path").asText(null);
            String fp = r.path("extra").path("fingerprint").asText(null);
            String lines = r.path("extra").path("lines").asText(null);
            if (ruleId == null || path == null) {
                unusable++;
            } else if (Fingerprint.isFingerprint(fp)) {
                fingerprints.add(fp);
            } else if (lines != null && !lines.equals("requires login")) {
                String keyPath = Fingerprint.keyPath(path);
                int occurrence = occurrences.next(keyPath, ruleId, Fingerprint.normalize(lines));
                lineFingerprints.add(Fingerprint.ofLines(keyPath, ruleId, lines, occurrence));
            } else {
                unusable++;
            }
        }
        List<String> warnings = new ArrayList<>();
        if (unusable > 0) {
            warnings.add("--baseline-file: " + unusable + " of the " + results.size() + " results in " + file
                    + " have neither a Warden fingerprint nor their source lines (extra.lines), so they cannot be"
                    + " recognized and do not hide any finding");
        }
        return new Baseline(fingerprints, lineFingerprints, warnings);
    }
}

package dev.warden.fix;

import dev.warden.python.ParseResult;
import dev.warden.python.Parser;
import dev.warden.python.Source;
import dev.warden.python.SourceDecoder;
import dev.warden.rule.Finding;
import dev.warden.rule.Formula;
import dev.warden.rule.Rule;
import dev.warden.rule.RuleEngine;
import dev.warden.scan.Scanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code warden scan --autofix}: applies the fixes of a scan's findings to the files they were found in.
 *
 * <p>Per file, in two steps. {@link #plan} computes the fixed bytes: each finding of a rule with
 * {@code fix:} or {@code fix-regex:} becomes an {@link Fixes.Edit}, the edits are applied to the
 * bytes the scan read (an edit overlapping an earlier one is skipped), and the result is re-parsed:
 * an edit that adds syntax errors is left out (the file is left alone when that cannot be told
 * apart per edit). Only plain UTF-8 files (no BOM, no transcoding coding cookie) are fixed, since
 * the offsets are into the decoded UTF-8 and writing them back would change the file's encoding.
 * {@link #write} then replaces the file atomically (a temporary file beside it, moved over it),
 * keeping its permissions, unless the file changed since it was read.
 *
 * <p>Nothing here throws for a problem with one file: each becomes a {@link Skip}.
 */
public final class Autofix {
    private Autofix() {}

    /** Why a fix (or a whole file's fixes) was not applied. */
    public enum Reason {
        OVERLAP("overlapping fix", "overlapping"),
        ENCODING("not plain UTF-8", "not plain UTF-8"),
        SYNTAX("fix would introduce syntax errors", "would break syntax"),
        CHANGED("file changed since it was scanned", "changed since the scan"),
        IO("could not write file", "write failed");

        private final String text;
        private final String label;

        Reason(String text, String label) {
            this.text = text;
            this.label = label;
        }

        /** In a warning about one fix. */
        public String text() { return text; }

        /** In the summary, after a count. */
        public String label() { return label; }
    }

    /** A finding whose fix was not applied; {@code line} is 1-based, {@code detail} may be empty. */
    public record Skip(String path, int line, String ruleId, Reason reason, String detail) {
        /** {@code path:line: rule: fix not applied: reason (detail)}. */
        public String describe() {
            return path + ":" + line + ": " + ruleId + ": fix not applied: " + reason.text()
                    + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /** The fixed bytes of one file, computed from {@code original} (the bytes on disk when planned). */
    public record FileFix(String path, byte[] original, byte[] fixed, List<Fixed> fixes) {
        /** How many findings the fixed bytes fix. */
        public int findings() { return fixes.size(); }

        public String originalText() { return new String(original, StandardCharsets.UTF_8); }

        public String fixedText() { return new String(fixed, StandardCharsets.UTF_8); }

        /** {@code diff -u} of the file and its fixed text. */
        public String diff() { return UnifiedDiff.diff(path, originalText(), path, fixedText()); }
    }

    /** A finding whose fix is in a {@link FileFix} ({@code line} 1-based). */
    public record Fixed(String ruleId, int line) {}

    /** What {@link #plan} computed: files with fixes, and the fixes left out. */
    public record Plan(List<FileFix> files, List<Skip> skipped) {}

    /** What {@link #run} did: findings fixed, files written (or that would be), and the fixes left out. */
    public record Outcome(int fixedFindings, int fixedFiles, List<Skip> skipped, List<FileFix> files, boolean ioError) {
        /** {@code Fixed N findings in M files; K skipped (reasons)} ({@code Would fix} on a dry run). */
        public String summary(boolean dryRun) {
            StringBuilder sb = new StringBuilder(dryRun ? "Would fix " : "Fixed ");
            sb.append(plural(fixedFindings, "finding")).append(" in ").append(plural(fixedFiles, "file"))
                    .append("; ").append(skipped.size()).append(" skipped");
            if (!skipped.isEmpty()) {
                Map<Reason, Integer> byReason = new java.util.EnumMap<>(Reason.class);
                for (Skip s : skipped) byReason.merge(s.reason(), 1, Integer::sum);
                List<String> parts = new ArrayList<>();
                byReason.forEach((r, n) -> parts.add(n + " " + r.label()));
                sb.append(" (").append(String.join(", ", parts)).append(')');
            }
            return sb.toString();
        }
    }

    /** Plans the fixes of a scan's findings and writes them (or, on a dry run, only plans them). */
    public static Outcome run(List<Scanner.Finding> findings, Map<String, Rule> rules, boolean dryRun) {
        Plan plan = plan(findings, rules);
        List<Skip> skipped = new ArrayList<>(plan.skipped());
        List<FileFix> done = new ArrayList<>();
        int fixed = 0;
        boolean ioError = false;
        for (FileFix f : plan.files()) {
            if (!dryRun) {
                WriteResult w = write(Path.of(f.path()), f.original(), f.fixed());
                if (w.status() != WriteResult.Status.WRITTEN) {
                    boolean failed = w.status() == WriteResult.Status.FAILED;
                    ioError |= failed;
                    for (Fixed x : f.fixes()) {
                        skipped.add(new Skip(f.path(), x.line(), x.ruleId(), failed ? Reason.IO : Reason.CHANGED, failed ? w.error() : ""));
                    }
                    continue;
                }
            }
            done.add(f);
            fixed += f.findings();
        }
        return new Outcome(fixed, done.size(), List.copyOf(skipped), List.copyOf(done), ioError);
    }

    // ------------------------------------------------------------------ planning

    /**
     * The fixed bytes of each file with fixable findings ({@code findings} as the scan gives them,
     * {@code rules} by check id; findings of other checks are ignored), in the scan's file order.
     */
    public static Plan plan(List<Scanner.Finding> findings, Map<String, Rule> rules) {
        Map<String, List<Scanner.Finding>> byFile = new LinkedHashMap<>();
        for (Scanner.Finding f : findings) {
            Rule rule = rules.get(f.checkId());
            if (rule == null || !fixable(rule)) continue;
            byFile.computeIfAbsent(f.path(), k -> new ArrayList<>()).add(f);
        }
        List<FileFix> files = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        for (Map.Entry<String, List<Scanner.Finding>> e : byFile.entrySet()) {
            planFile(e.getKey(), e.getValue(), rules, files, skipped);
        }
        return new Plan(List.copyOf(files), List.copyOf(skipped));
    }

    private record Proposed(Finding finding, Fixes.Edit edit, int line) {}

    private static void planFile(String path, List<Scanner.Finding> findings, Map<String, Rule> rules,
                                 List<FileFix> files, List<Skip> skipped) {
        Source source = findings.get(0).source();
        List<Proposed> proposed;
        ParseResult parsed;
        try {
            parsed = Parser.parse(source);
            proposed = proposedEdits(findings, rules, parsed);
        } catch (RuntimeException | StackOverflowError ex) {
            for (Scanner.Finding f : findings) skipped.add(skip(path, f, Reason.SYNTAX, "internal error: " + ex));
            return;
        }
        if (proposed.isEmpty()) return;

        byte[] onDisk;
        try {
            onDisk = Files.readAllBytes(Path.of(path));
        } catch (IOException | RuntimeException ex) {
            for (Proposed p : proposed) skipped.add(skip(path, p, Reason.IO, ex.getMessage()));
            return;
        }
        byte[] scanned = Arrays.copyOf(source.bytes(), source.length());
        if (!Arrays.equals(onDisk, scanned)) {
            // either the decoder changed the bytes (BOM, coding cookie) or the file changed since
            Source now = SourceDecoder.decode(path, onDisk).source();
            boolean sameFile = Arrays.equals(Arrays.copyOf(now.bytes(), now.length()), scanned);
            Reason reason = sameFile ? Reason.ENCODING : Reason.CHANGED;
            String detail = sameFile ? (hasBom(onDisk) ? "byte order mark" : "coding cookie") : "";
            for (Proposed p : proposed) skipped.add(skip(path, p, reason, detail));
            return;
        }

        List<Fixes.Edit> edits = new ArrayList<>();
        for (Proposed p : proposed) edits.add(p.edit());
        Fixes.AppliedBytes applied = Fixes.apply(scanned, scanned.length, edits);
        Set<Fixes.Edit> left = new HashSet<>(applied.skipped());
        List<Proposed> kept = new ArrayList<>();
        for (Proposed p : proposed) {
            if (left.contains(p.edit())) skipped.add(skip(path, p, Reason.OVERLAP, ""));
            else kept.add(p);
        }

        int errorsBefore = parsed.errors().size();
        String problem = check(path, applied.bytes(), errorsBefore);
        if (problem != null && kept.size() > 1) {
            // find the edits that break the file on their own, leave them out, and try once more
            List<Proposed> good = new ArrayList<>();
            for (Proposed p : kept) {
                String alone = check(path, Fixes.apply(scanned, scanned.length, List.of(p.edit())).bytes(), errorsBefore);
                if (alone == null) good.add(p);
                else skipped.add(skip(path, p, alone.equals(SYNTAX) ? Reason.SYNTAX : Reason.ENCODING, ""));
            }
            if (good.size() < kept.size()) {
                List<Fixes.Edit> goodEdits = new ArrayList<>();
                for (Proposed p : good) goodEdits.add(p.edit());
                applied = Fixes.apply(scanned, scanned.length, goodEdits);
                problem = good.isEmpty() ? null : check(path, applied.bytes(), errorsBefore);
                kept = good;
                if (good.isEmpty()) return;
            }
        }
        if (problem != null) {
            Reason reason = problem.equals(SYNTAX) ? Reason.SYNTAX : Reason.ENCODING;
            for (Proposed p : kept) skipped.add(skip(path, p, reason, kept.size() > 1 ? "together with the file's other fixes" : ""));
            return;
        }
        List<Fixed> fixes = new ArrayList<>();
        for (Proposed p : kept) fixes.add(new Fixed(p.finding().rule().id(), p.line()));
        files.add(new FileFix(path, scanned, applied.bytes(), List.copyOf(fixes)));
    }

    private static final String SYNTAX = "syntax";
    private static final String ENCODING = "encoding";

    /** Null when {@code fixed} decodes to itself and has no more syntax errors than the original; else why not. */
    private static String check(String path, byte[] fixed, int errorsBefore) {
        SourceDecoder.Decoded decoded = SourceDecoder.decode(path, fixed);
        Source s = decoded.source();
        // a fix may bring characters a (non-UTF-8) coding cookie cannot read back as they were written
        if (decoded.error() != null || !Arrays.equals(Arrays.copyOf(s.bytes(), s.length()), fixed)) return ENCODING;
        try {
            return Parser.parse(s).errors().size() > errorsBefore ? SYNTAX : null;
        } catch (RuntimeException | StackOverflowError e) {
            return SYNTAX;
        }
    }

    /** The rule's findings as {@link Finding}s with the edit each proposes (findings without an edit left out). */
    private static List<Proposed> proposedEdits(List<Scanner.Finding> findings, Map<String, Rule> rules, ParseResult parsed) {
        Source source = parsed.source();
        // a fix: inside the formula (newer syntax) is only known to the engine: run such rules again
        Map<String, Map<Long, Finding>> rerun = new HashMap<>();
        List<Proposed> out = new ArrayList<>();
        for (Scanner.Finding sf : findings) {
            Rule rule = rules.get(sf.checkId());
            int start = sf.match().start(), end = sf.match().end();
            Finding f = null;
            if (hasNestedFix(rule.formula())) {
                Map<Long, Finding> found = rerun.computeIfAbsent(rule.id(), id -> {
                    Map<Long, Finding> m = new HashMap<>();
                    for (Finding g : dev.warden.scan.RuleRunner.run(rule, parsed)) m.put(key(g.start(), g.end()), g);
                    return m;
                });
                f = found.get(key(start, end));
            }
            if (f == null) f = new Finding(rule, start, end, sf.match().bindings(), rule.message());
            Fixes.Edit edit = Fixes.edit(f, source);
            if (edit == null) continue;
            boolean inside = edit.start() >= 0 && edit.start() <= edit.end() && edit.end() <= source.length();
            if (inside && edit.replacement().equals(source.text(edit.start(), edit.end()))) continue; // nothing to change
            out.add(new Proposed(f, edit, source.lines().line(start)));
        }
        return out;
    }

    private static long key(int start, int end) { return ((long) start << 32) | (end & 0xffffffffL); }

    private static boolean fixable(Rule rule) {
        return rule.fix() != null || rule.fixRegex() != null || hasNestedFix(rule.formula());
    }

    private static boolean hasNestedFix(Formula f) {
        if (f == null) return false;
        if (f instanceof Formula.And a) return a.fix() != null || a.terms().stream().anyMatch(Autofix::hasNestedFix);
        if (f instanceof Formula.Or o) return o.alternatives().stream().anyMatch(Autofix::hasNestedFix);
        if (f instanceof Formula.Not n) return hasNestedFix(n.formula());
        if (f instanceof Formula.Inside i) return hasNestedFix(i.formula());
        if (f instanceof Formula.NotInside n) return hasNestedFix(n.formula());
        if (f instanceof Formula.Anywhere a) return hasNestedFix(a.formula());
        return false;
    }

    private static boolean hasBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF;
    }

    private static Skip skip(String path, Scanner.Finding f, Reason reason, String detail) {
        return new Skip(path, f.source().lines().line(f.match().start()), f.checkId(), reason, detail);
    }

    private static Skip skip(String path, Proposed p, Reason reason, String detail) {
        return new Skip(path, p.line(), p.finding().rule().id(), reason, detail);
    }

    // ------------------------------------------------------------------ writing

    /** What {@link #write} did: {@code error} says why it FAILED (null otherwise). */
    public record WriteResult(Status status, String error) {
        public enum Status { WRITTEN, CHANGED, FAILED }

        static final WriteResult WRITTEN = new WriteResult(Status.WRITTEN, null);
        static final WriteResult CHANGED = new WriteResult(Status.CHANGED, null);

        static WriteResult failed(Exception e) {
            String m = e.getMessage();
            return new WriteResult(Status.FAILED, e.getClass().getSimpleName() + (m == null ? "" : ": " + m));
        }
    }

    /**
     * Replaces {@code file}'s content with {@code fixed}, atomically, unless the file no longer
     * holds {@code expected} (it changed since it was read: then it is left alone). The new content
     * goes to a temporary file in the same directory, with the file's permissions, which is then
     * moved over the file (through a symbolic link, over the file it points to).
     */
    public static WriteResult write(Path file, byte[] expected, byte[] fixed) {
        Path target;
        try {
            target = file.toRealPath();
        } catch (IOException | RuntimeException e) {
            return WriteResult.failed(e);
        }
        Path dir = target.getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".warden-autofix");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(fixed);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            copyPermissions(target, tmp);
            // last look before replacing: someone (an editor, a formatter) may have written the file meanwhile
            if (!Arrays.equals(Files.readAllBytes(target), expected)) {
                Files.deleteIfExists(tmp);
                return WriteResult.CHANGED;
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(tmp);
                return WriteResult.failed(e);
            }
            return WriteResult.WRITTEN;
        } catch (IOException | RuntimeException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
            return WriteResult.failed(e);
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        if (posix != null) {
            Files.setPosixFilePermissions(to, posix.readAttributes().permissions());
            return;
        }
        java.nio.file.attribute.DosFileAttributeView dos = Files.getFileAttributeView(from, java.nio.file.attribute.DosFileAttributeView.class);
        if (dos != null && dos.readAttributes().isReadOnly()) {
            Files.getFileAttributeView(to, java.nio.file.attribute.DosFileAttributeView.class).setReadOnly(true);
        }
    }

    private static String plural(int n, String word) { return n + " " + word + (n == 1 ? "" : "s"); }
}

#!/usr/bin/env bash
# End-to-end scan benchmark: Warden (whole process, start-up included) against ast-grep 0.51.1
# with the same ten rules, on the shared Django 3.2 and CPython 3.11 stdlib corpora
# (../shared/bench/corpus.sh; see ../shared/bench/PEERS.md for the peers' baseline numbers).
#
#   bench/scan.sh
#
# Per corpus, ONE hyperfine invocation times, each with -j 1 and with the default (all cores):
#   warden-a   java -Xss16m -jar JAR scan --json --config ../shared/bench/rules/semgrep CORPUS
#   warden-b   java -Xss16m -jar JAR scan --json CORPUS     (built-in rules; skipped with a note
#              when the jar does not implement `scan` without --config yet)
#   warden-c   java -Xss16m -jar JAR scan --json --config ../shared/conformance/semgrep-rules CORPUS
#   ast-grep   ast-grep scan -c ../shared/bench/rules/sgconfig.yml --json=stream CORPUS
# all output to /dev/null; then one /usr/bin/time -v run per command for the peak RSS, the exit
# status and the findings count (Warden: length of the JSON "results"; ast-grep: stream lines).
# Prints a table (median wall seconds) and the ratios Warden(a)/ast-grep and Warden(c)/Warden(a).
#
# Environment:
#   WARDEN_BENCH_CORPUS  corpus cache dir (default $TMPDIR/warden-bench-corpus, outside any git repository; built once by corpus.sh)
#   WARDEN_BENCH_TOOLS   ast-grep install dir (default target/bench-tools; npm, once)
#   WARDEN_BENCH_OUT     results dir (default target/bench-out/scan-<UTC time>): hyperfine JSON and
#                        markdown, /usr/bin/time logs, findings, the private copy of the jar, table.txt
#   CORPORA="django stdlib"   which corpora (also: union = both, i.e. the corpus dir itself)
#   RUNS=5 WARMUP=1      hyperfine runs / warm-ups per command
#   PAIRS=5              then warden-a and warden-c timed alternately, PAIRS times each, with all cores
#                        and with -j 1: the median of the pairs' (c)/(a) ratios is printed beside
#                        hyperfine's ratio of medians, which compares runs taken a minute apart (the
#                        machine's speed drifts between hyperfine's back-to-back blocks); 0 skips it
#   JAVA_OPTS            extra JVM flags for every Warden command. Default, as the ./warden launcher:
#                        -XX:TieredStopAtLevel=1 -XX:+UseSerialGC. C1 only: measured on this 2-core
#                        machine, C2 spends ~7 s compiling ~150 methods during a 10 s stdlib scan, and
#                        C1-only halves the CPU time of the ten-rule scans (stdlib -j 1: 8.1 -> 3.3 s
#                        user) and cuts the all-rules scan by ~27% (django -j 1: 39 -> 28 s user).
#                        The serial GC keeps the heap, so the peak RSS, small (G1's default sizing on a
#                        23 GiB machine let an all-rules stdlib scan reach 530-675 MiB, serial ~220 MiB).
#                        JAVA_OPTS= (empty) for the JVM defaults; FLAG_SWEEP=1 re-measures the candidates.
#   RUNS_<corpus>=N      per-corpus override of RUNS (e.g. RUNS_stdlib=2: all-rules runs are slow)
#   WARDEN_JAR=path      use this jar instead of building (still copied privately)
#   NO_BUILD=1           use target/warden.jar as it is (copied privately) instead of building
#   FLAG_SWEEP=1         also time JVM flag variants of warden-a (both thread counts) per corpus
#   PROFILE=1            also record warden-a -j 1 on the last corpus with Java Flight Recorder and
#                        print the hottest methods / packages (self time, execution samples)
#
# Build: `mvn -q -B -DskipTests package` in this checkout, then the jar is copied so that
# concurrent builds cannot change it under the run. If the working tree does not build (other
# people edit it concurrently), the script falls back to building a snapshot of git HEAD
# (`git archive HEAD`) in the results dir, and says so.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SHARED="$(cd "$ROOT/../shared" && pwd)"
BENCH="$SHARED/bench"
RULES="$BENCH/rules"
ALL_RULES="$SHARED/conformance/semgrep-rules"
CORPUS="${WARDEN_BENCH_CORPUS:-${TMPDIR:-/tmp}/warden-bench-corpus}"  # outside any git repository: its root decides the ignore rules
TOOLS="${WARDEN_BENCH_TOOLS:-$ROOT/target/bench-tools}"
OUT="${WARDEN_BENCH_OUT:-$ROOT/target/bench-out/scan-$(date -u +%Y%m%dT%H%M%SZ)}"
CORPORA="${CORPORA:-django stdlib}"
RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
JAVA_OPTS="${JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
log() { echo "== $*" >&2; }
q() { printf '%q' "$1"; }

# ---- tools ---------------------------------------------------------------------------------
apt_updated=0
apt_install() { # PKG...
    [ "$(id -u)" = 0 ] || { echo "need root to apt-get install $*" >&2; exit 1; }
    if [ "$apt_updated" = 0 ]; then apt-get update -q >&2; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}
command -v hyperfine >/dev/null || { log "installing hyperfine"; apt_install hyperfine; }
[ -x /usr/bin/time ] || { log "installing time"; apt_install time; }
for t in java python3 npm; do command -v "$t" >/dev/null || { echo "missing tool: $t" >&2; exit 1; }; done

AST_GREP="$TOOLS/node_modules/.bin/ast-grep"
if [ ! -x "$AST_GREP" ] || [ "$("$AST_GREP" --version 2>/dev/null)" != "ast-grep 0.51.1" ]; then
    log "installing ast-grep 0.51.1 into $TOOLS"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund @ast-grep/cli@0.51.1 >&2
fi
"$AST_GREP" --version >/dev/null

# ---- corpora -------------------------------------------------------------------------------
if [ ! -f "$CORPUS/MANIFEST.txt" ] || [ ! -d "$CORPUS/django" ] || [ ! -d "$CORPUS/stdlib" ]; then
    log "building corpora in $CORPUS"
    # corpus.sh runs apt-get update itself when it has packages to install
    "$BENCH/corpus.sh" "$CORPUS" >&2
fi
CORPUS="$(cd "$CORPUS" && pwd)"
# Every file is scanned, as ast-grep does: an empty .wardenignore at each corpus root turns off
# Semgrep's default ignores (tests/, test/, build/, ...), which would skip the stdlib's test suite.
for c in django stdlib; do [ -f "$CORPUS/$c/.wardenignore" ] || : > "$CORPUS/$c/.wardenignore"; done

# ---- Warden jar (private copy) -------------------------------------------------------------
JAR="$OUT/warden.jar"
build_note=""
if [ -n "${WARDEN_JAR:-}" ]; then
    cp "$WARDEN_JAR" "$JAR"; build_note="jar given: $WARDEN_JAR"
elif [ "${NO_BUILD:-0}" = 1 ]; then
    cp target/warden.jar "$JAR"; build_note="NO_BUILD=1: target/warden.jar as found"
else
    log "building Warden (mvn -q -B -DskipTests package)"
    rev="$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    if mvn -q -B -Dstyle.color=never -DskipTests package >"$OUT/mvn.log" 2>&1 && [ -f target/warden.jar ]; then
        cp target/warden.jar "$JAR"
        dirty="$(git status --porcelain -- pom.xml src/main 2>/dev/null | wc -l)"
        build_note="built from the working tree at $rev ($dirty modified files under pom.xml/src/main)"
    else
        log "the working tree does not build (see $OUT/mvn.log); building a snapshot of git HEAD ($rev)"
        snap="$OUT/src-HEAD"; rm -rf "$snap"; mkdir -p "$snap"
        git archive HEAD pom.xml src | tar -x -C "$snap"
        (cd "$snap" && mvn -q -B -Dstyle.color=never -DskipTests package) >"$OUT/mvn-HEAD.log" 2>&1 \
            || { echo "the git HEAD snapshot does not build either, see $OUT/mvn-HEAD.log" >&2; exit 2; }
        cp "$snap/target/warden.jar" "$JAR"
        build_note="working tree did not build; built from a snapshot of git HEAD $rev"
    fi
fi
log "$build_note"
JAVA=(java $JAVA_OPTS -Xss16m -jar "$JAR")
JAVA_STR="java${JAVA_OPTS:+ $JAVA_OPTS} -Xss16m -jar $(q "$JAR")"

# Built-in rules: does `scan` without --config work in this jar?
HAS_BUILTIN=0
if "${JAVA[@]}" scan --json "$RULES/testdata" >"$OUT/builtin-probe.json" 2>"$OUT/builtin-probe.err" \
   && python3 -c 'import json,sys; json.load(open(sys.argv[1]))["results"]' "$OUT/builtin-probe.json" 2>/dev/null; then
    HAS_BUILTIN=1
else
    builtin_note="(b) built-in rules skipped: 'warden scan' without --config is not implemented in this jar: $(head -c 200 "$OUT/builtin-probe.err" | head -1)"
    log "$builtin_note"
fi

# ---- commands ------------------------------------------------------------------------------
# names/cmds per corpus; {C} is the corpus dir
names=(); cmds=()
add() { names+=("$1"); cmds+=("$2"); }
add warden-a-j1  "$JAVA_STR scan --json -j 1 --config $(q "$RULES/semgrep") {C}"
add warden-a     "$JAVA_STR scan --json --config $(q "$RULES/semgrep") {C}"
if [ "$HAS_BUILTIN" = 1 ]; then
    add warden-b-j1 "$JAVA_STR scan --json -j 1 {C}"
    add warden-b    "$JAVA_STR scan --json {C}"
fi
add warden-c-j1  "$JAVA_STR scan --json -j 1 --config $(q "$ALL_RULES") {C}"
add warden-c     "$JAVA_STR scan --json --config $(q "$ALL_RULES") {C}"
add ast-grep-j1  "$(q "$AST_GREP") scan -j 1 -c $(q "$RULES/sgconfig.yml") --json=stream {C}"
add ast-grep     "$(q "$AST_GREP") scan -c $(q "$RULES/sgconfig.yml") --json=stream {C}"

corpus_dir() { if [ "$1" = union ]; then echo "$CORPUS"; else echo "$CORPUS/$1"; fi; }

{
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
    echo "warden: $build_note"
    java -version 2>&1 | head -1
    "$AST_GREP" --version; hyperfine --version
    echo "JAVA_OPTS: ${JAVA_OPTS:-(none)}"
    echo "runs: $RUNS (+$WARMUP warm-up), median; per corpus: $(for c in $CORPORA; do v="RUNS_$c"; printf '%s=%s ' "$c" "${!v:-$RUNS}"; done)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs on the machine inflate wall times; see cpu s)"
} | tee "$OUT/versions.txt" >&2

for c in $CORPORA; do
    dir="$(corpus_dir "$c")"
    [ -d "$dir" ] || { echo "no corpus $dir" >&2; exit 2; }
    read -r files lines < <(cd "$dir" && echo "$(find . -type f -name '*.py' | wc -l)" \
        "$(find . -type f -name '*.py' -print0 | xargs -0 cat | wc -l)")
    echo "$c $files $lines" > "$OUT/$c.size"

    runs_var="RUNS_$c"; runs="${!runs_var:-$RUNS}"
    hf=(--shell bash --warmup "$WARMUP" --runs "$runs" --ignore-failure --style basic
        --export-json "$OUT/$c.hyperfine.json" --export-markdown "$OUT/$c.hyperfine.md")
    for i in "${!names[@]}"; do hf+=(-n "${names[$i]}" "${cmds[$i]//\{C\}/$(q "$dir")} >/dev/null 2>&1"); done
    log "timing $c ($files files, $lines lines)"
    hyperfine "${hf[@]}" >&2

    log "peak RSS and findings on $c (one /usr/bin/time -v run each)"
    for i in "${!names[@]}"; do
        n="${names[$i]}"; cmd="${cmds[$i]//\{C\}/$(q "$dir")}"
        set +e
        /usr/bin/time -v -o "$OUT/$c.$n.time" bash -c "exec $cmd" >"$OUT/$c.$n.out" 2>"$OUT/$c.$n.err"
        rc=$?
        set -e
        echo "$rc" > "$OUT/$c.$n.rc"
    done

    pairs="${PAIRS:-5}"
    : > "$OUT/$c.pairs"
    if [ "$pairs" -gt 0 ]; then
        log "interleaved pairs on $c: warden-a, warden-c, warden-a, ... ($pairs each, all cores, then -j 1)"
        for n_a in warden-a warden-a-j1; do
            for _ in $(seq "$pairs"); do
                for i in "${!names[@]}"; do
                    n="${names[$i]}"
                    [ "$n" = "$n_a" ] || [ "$n" = "${n_a/warden-a/warden-c}" ] || continue
                    cmd="${cmds[$i]//\{C\}/$(q "$dir")}"
                    t0=$(date +%s%N)
                    bash -c "exec $cmd" >/dev/null 2>&1 || true
                    t1=$(date +%s%N)
                    echo "$n $(( t1 - t0 ))" >> "$OUT/$c.pairs"
                done
            done
        done
    fi
done

# ---- JVM flag sweep (optional) -------------------------------------------------------------
if [ "${FLAG_SWEEP:-0}" = 1 ]; then
    variants=("" "-XX:+UseParallelGC" "-XX:TieredStopAtLevel=1" "-XX:+UseParallelGC -XX:TieredStopAtLevel=1"
              "-XX:+UseSerialGC" "-Xshare:off" "-XX:+UseParallelGC -Xmn1g")
    for c in $CORPORA; do
        dir="$(corpus_dir "$c")"
        for j in "-j 1" ""; do
            hf=(--shell bash --warmup "$WARMUP" --runs "$RUNS" --style basic
                --export-json "$OUT/$c.flags${j:+-j1}.hyperfine.json")
            for v in "${variants[@]}"; do
                hf+=(-n "warden-a${j:+ $j} [${v:-default flags}]"
                     "java $v -Xss16m -jar $(q "$JAR") scan --json $j --config $(q "$RULES/semgrep") $(q "$dir") >/dev/null 2>&1")
            done
            log "JVM flag sweep, warden-a ${j:-(all cores)} on $c"
            hyperfine "${hf[@]}" >&2
        done
    done
fi

# ---- table ---------------------------------------------------------------------------------
python3 - "$OUT" "$CORPORA" "${builtin_note:-}" "${names[@]}" <<'EOF' | tee "$OUT/table.txt"
import json, os, re, sys
out, corpora, note, names = sys.argv[1], sys.argv[2].split(), sys.argv[3], sys.argv[4:]
rows, med = [], {}
for c in corpora:
    _, files, lines = open(f"{out}/{c}.size").read().split()
    files, lines = int(files), int(lines)
    hf = {r["command"]: r for r in json.load(open(f"{out}/{c}.hyperfine.json"))["results"]}
    for n in names:
        r = hf[n]
        m = r["median"]; med[c, n] = m
        t = open(f"{out}/{c}.{n}.time").read()
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
        rc = int(open(f"{out}/{c}.{n}.rc").read())
        try:
            if n.startswith("ast-grep"):
                found = sum(1 for l in open(f"{out}/{c}.{n}.out") if l.strip())
            else:
                found = len(json.load(open(f"{out}/{c}.{n}.out"))["results"])
        except Exception as e:
            found = f"? ({type(e).__name__})"
        exits = sorted(set(r.get("exit_codes") or []))
        rc_note = "" if rc in (0, 1) and set(exits) <= {0, 1} else f" exit {rc} {exits}"
        cpu = r["user"] + r["system"]
        rows.append((c, n, files, lines, m, r["min"], r["max"], cpu, lines / m, rss, str(found) + rc_note))
hdr = ("corpus", "command", "files", "lines", "wall s (median)", "min-max", "cpu s (mean)", "lines/s", "peak RSS MiB", "findings")
fmt = "| {:<7} | {:<12} | {:>6} | {:>8} | {:>15} | {:>13} | {:>12} | {:>9} | {:>12} | {} |"
print(fmt.format(*hdr))
print("|" + "|".join("-" * (w + 2) for w in (7, 12, 6, 8, 15, 13, 12, 9, 12, 8)) + "|")
for c, n, f, l, m, lo, hi, cpu, lps, rss, found in rows:
    print(fmt.format(c, n, f, l, f"{m:.3f}", f"{lo:.2f}-{hi:.2f}", f"{cpu:.2f}", f"{lps:,.0f}", f"{rss:.1f}", found))
if note: print("\n" + note)
print()
def ratio(label, a, b):
    if a in med and b in med: print(f"{label}: {med[a] / med[b]:.2f}x  ({med[a]:.3f} s / {med[b]:.3f} s)")
ncpu = os.cpu_count()
for c in corpora:
    ratio(f"{c}: Warden(a)/ast-grep, default threads ({ncpu} cores)", (c, "warden-a"), (c, "ast-grep"))
    ratio(f"{c}: Warden(a)/ast-grep, -j 1", (c, "warden-a-j1"), (c, "ast-grep-j1"))
    ratio(f"{c}: Warden(c)/Warden(a), default threads", (c, "warden-c"), (c, "warden-a"))
    ratio(f"{c}: Warden(c)/Warden(a), -j 1", (c, "warden-c-j1"), (c, "warden-a-j1"))
    pairs = {"warden-a": [], "warden-c": [], "warden-a-j1": [], "warden-c-j1": []}
    if os.path.exists(f"{out}/{c}.pairs"):
        for l in open(f"{out}/{c}.pairs"):
            n, ns = l.split(); pairs[n].append(int(ns) / 1e9)
    for suffix, threads in (("", "default threads"), ("-j1", "-j 1")):
        a, cc = pairs["warden-a" + suffix], pairs["warden-c" + suffix]
        if a and len(a) == len(cc):
            import statistics
            r = statistics.median(y / x for x, y in zip(a, cc))
            print(f"{c}: Warden(c)/Warden(a), {threads}, interleaved pairs: {r:.2f}x, median of {len(a)} "
                  f"(medians {statistics.median(cc):.3f} s / {statistics.median(a):.3f} s)")
    ratio(f"{c}: Warden(b)/Warden(a), default threads", (c, "warden-b"), (c, "warden-a"))
    ratio(f"{c}: Warden(a) -j 1 / default threads (parallel speed-up)", (c, "warden-a-j1"), (c, "warden-a"))
EOF

# ---- profile (optional) --------------------------------------------------------------------
if [ "${PROFILE:-0}" = 1 ]; then
    c="${CORPORA##* }"; dir="$(corpus_dir "$c")"
    jfr_file="$OUT/$c.warden-a-j1.jfr"
    log "Flight recording of warden-a -j 1 on $c -> $jfr_file"
    java $JAVA_OPTS -Xss16m -XX:StartFlightRecording=filename="$jfr_file",settings=profile -XX:FlightRecorderOptions=stackdepth=2048 \
        -Xlog:gc:file="$OUT/$c.warden-a-j1.gc.log" \
        -jar "$JAR" scan --json -j 1 --config "$RULES/semgrep" "$dir" >/dev/null 2>"$OUT/$c.profile.err" || true
    jfr print --json --events jdk.ExecutionSample "$jfr_file" > "$OUT/$c.samples.json"
    python3 - "$OUT/$c.samples.json" "$OUT/$c.warden-a-j1.gc.log" <<'EOF' | tee "$OUT/profile.txt"
import collections, json, re, sys
ev = json.load(open(sys.argv[1]))["recording"]["events"]
selfc, pkg, incl = collections.Counter(), collections.Counter(), collections.Counter()
def name(f):
    m = f["method"]; return (m["type"]["name"] + "." + m["name"]).replace("/", ".")
for e in ev:
    fr = e["values"]["stackTrace"]["frames"]
    if not fr: continue
    top = name(fr[0]); selfc[top] += 1
    pkg[top.rsplit(".", 2)[0]] += 1
    for m in {name(f) for f in fr}: incl[m] += 1
n = sum(selfc.values())
print(f"execution samples: {n} (one thread, -j 1)")
print("-- hottest methods, self time")
for m, k in selfc.most_common(20): print(f"{100*k/n:5.1f}%  {m}")
print("-- self time by package / class prefix")
for m, k in pkg.most_common(12): print(f"{100*k/n:5.1f}%  {m}")
print("-- inclusive time, dev.warden methods")
for m, k in [x for x in incl.most_common(400) if x[0].startswith("dev.warden")][:25]: print(f"{100*k/n:5.1f}%  {m}")
gc = open(sys.argv[2]).read()
pauses = [float(x) for x in re.findall(r"Pause.* (\d+\.\d+)ms", gc)]
print(f"-- GC: {len(pauses)} pauses, {sum(pauses)/1000:.2f} s total")
EOF
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/table.txt"
log "results in $OUT"

#!/usr/bin/env bash
# Parse throughput: Warden (decode + lex + parse, one thread) against CPython 3.13's ast.parse,
# over the same .py files, all read into memory before timing.
#
#   bench/parse-bench.sh [DIR]        default DIR: CPython 3.13's stdlib (site-packages excluded)
#
# Environment: WARDEN_CPYTHON (a python3.13 binary), JAVA_OPTS (extra JVM flags, e.g. -Xmx2g),
# WARMUP (default 3), PASSES (default 5), NO_BUILD=1 to skip the Maven build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WARMUP="${WARMUP:-3}"
PASSES="${PASSES:-5}"

find_cpython() {
    if [[ -n "${WARDEN_CPYTHON:-}" ]]; then echo "$WARDEN_CPYTHON"; return; fi
    local c
    # a pyenv shim on PATH may exist and still fail to run, so each candidate must actually work
    for c in "$(command -v python3.13 2>/dev/null || true)" "$HOME"/.pyenv/versions/3.13*/bin/python3.13; do
        if [[ -n "$c" && -x "$c" ]] && "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' >/dev/null 2>&1; then
            echo "$c"; return
        fi
    done
    return 1
}

PY="$(find_cpython || true)"
if [[ -n "$PY" ]]; then
    ver="$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    if [[ "$ver" != "3.13" ]]; then
        echo "warning: $PY is Python $ver, not 3.13" >&2
    fi
fi

DIR="${1:-}"
if [[ -z "$DIR" ]]; then
    if [[ -z "$PY" ]]; then
        echo "no directory given and no CPython 3.13 found (set WARDEN_CPYTHON)" >&2
        exit 2
    fi
    DIR="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
fi
if [[ ! -d "$DIR" ]]; then
    echo "not a directory: $DIR" >&2
    exit 2
fi

# ---- build ---------------------------------------------------------------------------------
CP_FILE="target/bench-classpath.txt"
if [[ "${NO_BUILD:-}" != 1 ]]; then
    # incremental: Maven recompiles only what changed
    mvn -q -B -DskipTests test-compile >&2
fi
if [[ ! -f "$CP_FILE" || pom.xml -nt "$CP_FILE" ]]; then
    mvn -q -B dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2
fi
# Run from a private copy of the classes: other builds in this tree (mvn clean, recompiles) must
# not pull classes out from under the running benchmark.
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp -r target/classes "$WORK/classes"
cp -r target/test-classes "$WORK/test-classes"
CP="$WORK/classes:$WORK/test-classes:$(cat "$CP_FILE")"

# ---- Warden --------------------------------------------------------------------------------
LIST="$WORK/files.txt"
echo "dir: $DIR"
echo "java: $(java -version 2>&1 | head -1)"
# shellcheck disable=SC2086
WARDEN_OUT="$(java -Xss16m ${JAVA_OPTS:-} -cp "$CP" dev.warden.bench.ParseBenchmark "$DIR" \
    --warmup "$WARMUP" --passes "$PASSES" --list-files "$LIST")"
grep -v '^RESULT ' <<<"$WARDEN_OUT"
WARDEN_BEST="$(sed -n 's/^RESULT best=\([0-9.]*\).*/\1/p' <<<"$WARDEN_OUT")"

# ---- CPython -------------------------------------------------------------------------------
if [[ -z "$PY" ]]; then
    echo "cpython: not found (set WARDEN_CPYTHON); skipping the comparison"
    exit 0
fi
CPY_OUT="$("$PY" - "$LIST" <<'EOF'
import ast, sys, time, warnings
warnings.simplefilter("ignore")  # SyntaxWarnings for invalid escapes etc.
paths = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
data = []
for p in paths:
    with open(p, "rb") as f:
        data.append((p, f.read()))
total = sum(len(b) for _, b in data)
lines = sum(b.count(b"\n") + (1 if b and not b.endswith(b"\n") else 0) for _, b in data)

def run():
    errors = 0
    for p, b in data:
        try:
            ast.parse(b, p)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            errors += 1
    return errors

errors = run()  # warm-up
times = []
for _ in range(3):
    t0 = time.perf_counter()
    run()
    times.append(time.perf_counter() - t0)
best = min(times)
print("cpython %s: %d files, %d lines, %.1f MB, ast.parse in %.3f s best of 3 (%.1f MB/s, %.0fk lines/s), "
      "files with syntax errors: %d" % (sys.version.split()[0], len(data), lines, total / 1e6, best,
                                  total / 1e6 / best, lines / best / 1e3, errors))
print("RESULT %.6f" % best)
EOF
)"
grep -v '^RESULT ' <<<"$CPY_OUT"
CPY_BEST="$(sed -n 's/^RESULT //p' <<<"$CPY_OUT")"
echo "$(awk -v c="$CPY_BEST" -v w="$WARDEN_BEST" 'BEGIN {
    if (w <= 0) { print "ratio: n/a"; exit }
    r = c / w
    if (r >= 1) printf "Warden is %.1f× faster than CPython'"'"'s ast.parse (%.3f s vs %.3f s)\n", r, w, c
    else printf "Warden is %.1f× slower than CPython'"'"'s ast.parse (%.3f s vs %.3f s)\n", 1 / r, w, c }')"

#!/usr/bin/env bash
# Matching throughput: parse every .py file once (all trees kept in memory, untimed), then time
# matching alone, one thread, for the first 1, 5, 10 and 20 of 20 typical security patterns
# (see dev.warden.bench.MatchBenchmark), to show how the cost grows with the number of patterns.
#
#   bench/match-bench.sh [DIR]        default DIR: CPython 3.13's stdlib (site-packages excluded)
#
# Environment: WARDEN_CPYTHON (a python3.13 binary, only used to find its stdlib), JAVA_OPTS
# (extra JVM flags, e.g. -Xmx4g), WARMUP (default 2), PASSES (default 3), NO_BUILD=1 to skip the
# Maven build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WARMUP="${WARMUP:-2}"
PASSES="${PASSES:-3}"

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

DIR="${1:-}"
if [[ -z "$DIR" ]]; then
    PY="$(find_cpython || true)"
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

# ---- run -----------------------------------------------------------------------------------
echo "dir: $DIR"
echo "java: $(java -version 2>&1 | head -1)"
# shellcheck disable=SC2086
java -Xss16m ${JAVA_OPTS:-} -cp "$CP" dev.warden.bench.MatchBenchmark "$DIR" --warmup "$WARMUP" --passes "$PASSES"

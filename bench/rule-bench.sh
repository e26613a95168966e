#!/usr/bin/env bash
# Where a many-rule scan spends its time: parse every .py file under DIR once (kept in memory,
# untimed), then run every rule (search and taint) of CONFIG on every file, one thread, file by file as the
# scanner does; prints the time per pass and the slowest rules (see dev.warden.bench.RuleBenchmark):
# per rule, ms per pass, of it ms on files its prefilter let through that gave no finding, files let
# through, files with findings.
#
#   bench/rule-bench.sh [CONFIG] [DIR]   default: ../shared/conformance/semgrep-rules on the stdlib
#                                        corpus of bench/scan.sh
#
# Environment: JAVA_OPTS (default -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx2g, as the launcher
# runs scans), WARMUP (default 1), PASSES (default 2), TOP (default 25), ONLY=ID,ID (just those rules),
# MARGINAL=1 (build each file's shared tables in an untimed run first, so a rule is charged only what it
# adds; the per-pass lines then include that run, the mean does not), NO_BUILD=1 to skip Maven.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CONFIG="${1:-$ROOT/../shared/conformance/semgrep-rules}"
DIR="${2:-${WARDEN_BENCH_CORPUS:-${TMPDIR:-/tmp}/warden-bench-corpus}/stdlib}"
[[ -e "$CONFIG" ]] || { echo "no such config: $CONFIG" >&2; exit 2; }
[[ -d "$DIR" ]] || { echo "not a directory: $DIR (build the corpora with ../shared/bench/corpus.sh)" >&2; exit 2; }

CP_FILE="target/bench-classpath.txt"
if [[ "${NO_BUILD:-}" != 1 ]]; then
    mvn -q -B -DskipTests test-compile >&2
fi
if [[ ! -f "$CP_FILE" || pom.xml -nt "$CP_FILE" ]]; then
    mvn -q -B dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2
fi
# a private copy of the classes: other builds in this tree must not change them mid-run
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp -r target/classes "$WORK/classes"
cp -r target/test-classes "$WORK/test-classes"
CP="$WORK/classes:$WORK/test-classes:$(cat "$CP_FILE")"

# shellcheck disable=SC2086
java -Xss16m ${JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx2g} -cp "$CP" dev.warden.bench.RuleBenchmark \
    "$CONFIG" "$DIR" --warmup "${WARMUP:-1}" --passes "${PASSES:-2}" --top "${TOP:-25}" ${ONLY:+--only "$ONLY"} ${MARGINAL:+--marginal}

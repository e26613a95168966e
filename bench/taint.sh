#!/usr/bin/env bash
# Cost of taint mode: every taint rule of ../shared/conformance/semgrep-rules over CPython 3.13's
# standard library (or the paths given), one run with -j 1 and one with all cores, each under
# /usr/bin/time for wall seconds and peak RSS, with `--time` for the taint work summary.
#
#   bench/taint.sh [PATH...]
#
# Environment: WARDEN_CPYTHON_LIB (default: pyenv's 3.13 lib/python3.13), JAVA_OPTS (default
# -XX:TieredStopAtLevel=1, as the launcher), NO_BUILD=1 to use target/warden.jar as it is.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
rules_src=../shared/conformance/semgrep-rules
[[ -d "$rules_src" ]] || { echo "no $rules_src" >&2; exit 1; }
if [[ $# -eq 0 ]]; then
  lib="${WARDEN_CPYTHON_LIB:-$(ls -d "$HOME"/.pyenv/versions/3.13*/lib/python3.13 2>/dev/null | tail -n 1)}"
  [[ -d "$lib" ]] || { echo "no CPython 3.13 standard library found; give paths or WARDEN_CPYTHON_LIB" >&2; exit 1; }
  set -- "$lib"
fi
[[ "${NO_BUILD:-}" == 1 ]] || mvn -q -B -DskipTests package
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp target/warden.jar "$work/warden.jar"
mkdir "$work/rules"
n=0
while IFS= read -r f; do
  n=$((n + 1))
  cp "$f" "$work/rules/$n-$(basename "$f")"
done < <(grep -rlE '^\s*mode:\s*taint' --include='*.yaml' "$rules_src" | sort)
echo "taint rule files: $n"
files=$(find "$@" -name '*.py' -not -path '*/site-packages/*' | wc -l)
lines=$(find "$@" -name '*.py' -not -path '*/site-packages/*' -exec cat {} + | wc -l)
echo "targets: $files files, $lines lines"
for jobs in 1 "$(nproc)"; do
  /usr/bin/time -v -o "$work/time-$jobs" java -Xss16m ${JAVA_OPTS--XX:TieredStopAtLevel=1} -jar "$work/warden.jar" \
    scan --json --time -j "$jobs" --exclude site-packages --config "$work/rules" "$@" > "$work/out-$jobs.json" 2> "$work/err-$jobs" || true
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time-$jobs")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/time-$jobs")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f", u + s}' "$work/time-$jobs")
  found=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["results"]), len(d["errors"]))' "$work/out-$jobs.json")
  echo "-j $jobs: wall $wall, cpu ${cpu}s, peak RSS ${rss} MiB, findings/errors: $found"
  grep -E '^Taint analysis:|^Total time' "$work/err-$jobs" | sed 's/^/    /'
done
echo "slowest rules (-j 1):"
sed -n '/^Slowest rules/,/^Slowest files/p' "$work/err-1" | sed -n '2,6p'

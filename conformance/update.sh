#!/usr/bin/env bash
# Runs Semgrep's conformance corpus (../shared/conformance, or $WARDEN_CONFORMANCE) through
# `warden test` and records the result: conformance/failing-cases.txt gets the failing cases
# (one per line: case, tab, reason) and conformance/passing-count.txt the number of passing
# cases, which CI (.ci/run) treats as a floor. The count only ever goes up; when fewer cases pass
# than it says, this script fails and leaves it alone.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
cd "$root"
corpus="${WARDEN_CONFORMANCE:-$root/../shared/conformance}"
[[ -x "$corpus/score" ]] || { echo "update.sh: no conformance corpus at $corpus" >&2; exit 2; }

./warden --version > /dev/null   # (re)build target/warden.jar first
mkdir -p target
"$corpus/score" --warden ./warden --failures target/conformance-failures.txt "$corpus" | tee target/conformance.txt
passed="$(tail -n 1 target/conformance.txt | awk '$2 == "passed," {print $1}')"
[[ "$passed" =~ ^[0-9]+$ ]] || { echo "update.sh: could not read the score's last line" >&2; exit 2; }

cp target/conformance-failures.txt conformance/failing-cases.txt
floor="$(tr -dc '0-9' < conformance/passing-count.txt 2>/dev/null || true)"
floor="${floor:-0}"
if (( passed > floor )); then
  echo "$passed" > conformance/passing-count.txt
  echo "conformance: $passed cases pass (was $floor); conformance/passing-count.txt updated"
elif (( passed == floor )); then
  echo "conformance: $passed cases pass, as before"
else
  echo "conformance: only $passed cases pass, fewer than the $floor in conformance/passing-count.txt" >&2
  exit 1
fi

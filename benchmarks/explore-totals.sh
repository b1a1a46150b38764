#!/usr/bin/env bash
# The fault points of every standard runbook: runs `runbook explore --format json` on each file of
# runbooks/ (not common/, whose parts are explored through the runbooks that run them) and prints a
# Markdown table: steps, fault points, safe, unsafe, stuck, and the whole process's wall time.
#
#   benchmarks/explore-totals.sh
#
# Needs a built interpreter (./mvnw -q -DskipTests package). Installs nothing; see docs/performance.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f interpreter/target/runbook.jar ]; then
  echo "explore-totals: interpreter/target/runbook.jar is not built: run ./mvnw -q -DskipTests package first" >&2
  exit 2
fi
echo "| runbook | steps | fault points | safe | unsafe | stuck | explore, whole process |"
echo "|---|---:|---:|---:|---:|---:|---:|"
total=0; safe=0; unsafe=0; stuck=0
for f in runbooks/*.rbk; do
  id="$(basename "$f" .rbk)"
  start=$(date +%s%N)
  json="$(bin/runbook explore --format json "$f" || true)"
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  read -r steps n s u k < <(python3 -c '
import json, sys
d = json.load(sys.stdin)
rows = d.get("rows", [])
count = lambda o: sum(1 for r in rows if r.get("outcome") == o)
print(len(d.get("steps", [])), len(rows), count("safe"), count("unsafe"), count("stuck"))' <<<"$json")
  echo "| $id | $steps | $n | $s | $u | $k | $ms ms |"
  total=$((total + n)); safe=$((safe + s)); unsafe=$((unsafe + u)); stuck=$((stuck + k))
done
echo "| **all** | | **$total** | $safe | $unsafe | $stuck | |"

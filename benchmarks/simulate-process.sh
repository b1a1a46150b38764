#!/usr/bin/env bash
# Whole-process timings of the simulator as users run it: `runbook simulate` and `runbook explore`
# of each standard runbook (runbooks/*.rbk), each N times after WARMUP untimed runs, interleaved so
# that every command sees the same load. Prints the mean, standard deviation, min and max of each,
# and the sum of the means (every standard runbook simulated and explored, one process each).
#
#   benchmarks/simulate-process.sh              # N=5 timed runs of each after 1 warm-up
#   N=10 WARMUP=2 benchmarks/simulate-process.sh
#
# Needs a built interpreter (mvn -q -DskipTests package). Uses bin/runbook (serial GC, C1 only, the
# AppCDS archive it records on its first run). Exit codes 0 and 1 of runbook count as a run (explore
# exits 1 when a fault point is unsafe or stuck, which is the normal case); 2 or more stops the script.
# A command the build does not have yet (e.g. explore before it is registered) is reported and skipped.
# See docs/performance.md, "Simulation and exploration".
set -euo pipefail

N="${N:-5}"
WARMUP="${WARMUP:-1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ ! -f interpreter/target/runbook.jar ]; then
  echo "simulate-process: interpreter/target/runbook.jar is not built: run mvn -q -DskipTests package first" >&2
  exit 2
fi
runbook=(bin/runbook)

runbooks=()
for f in runbooks/*.rbk; do
  [ -f "$f" ] && runbooks+=("$f")
done
if [ "${#runbooks[@]}" -eq 0 ]; then
  echo "simulate-process: no runbooks/*.rbk" >&2
  exit 2
fi

# which commands this build has
commands=()
for c in simulate explore; do
  if "${runbook[@]}" "$c" --help 2>&1 | grep -q "^Usage: runbook $c "; then
    commands+=("$c")
  else
    echo "simulate-process: this build has no \`runbook $c\` (skipped)" >&2
  fi
done
if [ "${#commands[@]}" -eq 0 ]; then
  echo "simulate-process: neither simulate nor explore is available" >&2
  exit 2
fi

script=simulate-process
# shellcheck source=benchmarks/timing.sh
. "$root/benchmarks/timing.sh"


# what each command says, once (the explore summary line carries the number of fault points)
for f in "${runbooks[@]}"; do
  for c in "${commands[@]}"; do
    set +e
    if [ "$c" = explore ]; then
      line="$("${runbook[@]}" "$c" "$f" 2>&1 | grep -m1 '^tried ' || true)"
    else
      line="$("${runbook[@]}" "$c" "$f" 2>&1 | tail -1 || true)"
    fi
    set -e
    echo "$c $f: ${line:-(no summary line)}"
  done
done

for ((i = 0; i < WARMUP; i++)); do
  for f in "${runbooks[@]}"; do
    for c in "${commands[@]}"; do time_once "${runbook[@]}" "$c" "$f" >/dev/null; done
  done
done

declare -A times
for ((i = 0; i < N; i++)); do
  for f in "${runbooks[@]}"; do
    for c in "${commands[@]}"; do
      times["$c $f"]+="$(time_once "${runbook[@]}" "$c" "$f") "
    done
  done
done

echo
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
total=0
for c in "${commands[@]}"; do
  for f in "${runbooks[@]}"; do
    # shellcheck disable=SC2086 # the list is space-separated on purpose
    echo "runbook $c $f: $(stats ${times["$c $f"]})"
    # shellcheck disable=SC2086
    total=$(( total + $(mean_us ${times["$c $f"]}) ))
  done
done
awk -v t="$total" -v n="${#runbooks[@]}" -v c="${commands[*]}" 'BEGIN {
  printf "sum of the means (%s of %d runbooks, one process each): %.1f ms\n", c, n, t / 1000 }'

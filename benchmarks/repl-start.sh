#!/usr/bin/env bash
# REPL start-up: the time from starting `bin/runbook repl asp-major-online-nocg` in a real terminal
# (a tmux pane) to its first prompt on the screen, whole processes, each a cold JVM. The clock starts
# before tmux is asked to start the command and stops when capture-pane first shows the prompt
# (polled every 20 ms: a tighter poll competes with the JVM for the 2 cores), so it includes tmux starting the process and drawing it: an upper bound.
#
#   benchmarks/repl-start.sh            # N=10 timed runs after 2 warm-ups (of the disk cache, not the JVM)
#   N=20 benchmarks/repl-start.sh
#
# Each run is followed by a tmux pane whose command prints a prompt at once (what tmux costs), and
# a whole process of `bin/runbook check runbooks/asp-major-online-nocg.rbk`,
# timed the same way without tmux, as the reference under the same load (docs/performance.md gives
# its time on a quiet machine). Needs a built interpreter (mvn -q -DskipTests package) and tmux.
# Installs nothing. Prints each run's milliseconds, then the medians and their ratio.
set -euo pipefail

N="${N:-10}"
WARMUP="${WARMUP:-2}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v tmux >/dev/null || { echo "repl-start: tmux is not installed" >&2; exit 2; }
[ -f interpreter/target/runbook.jar ] || { echo "repl-start: build first: mvn -q -DskipTests package" >&2; exit 2; }

script=repl-start
# shellcheck source=benchmarks/timing.sh
. "$root/benchmarks/timing.sh"

session="repl-start-$$"
history="$(mktemp)"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -f "$history"' EXIT

# milliseconds from asking tmux to run COMMAND to PROMPT on the screen; then LINE is typed to end it
to_prompt() {
  local command="$1" prompt="$2" line="$3" start end
  start=$(now_ns)
  tmux new-session -d -s "$session" -x 160 -y 50 "$command"
  until tmux capture-pane -p -t "$session" 2>/dev/null | grep -q "$prompt"; do sleep 0.02; done
  end=$(now_ns)
  tmux send-keys -t "$session" "$line" Enter
  while tmux has-session -t "$session" 2>/dev/null; do sleep 0.02; done
  echo $(( (end - start) / 1000000 ))
}

one() {
  to_prompt "$root/bin/runbook repl asp-major-online-nocg --history $history" 'sim asp-major-online-nocg 1>' quit
}

# a pane whose command prints a prompt at once: what tmux itself costs
pane() {
  to_prompt "printf 'pane-ready> '; read -r _" 'pane-ready>' ''
}

check() {
  echo $(( $(time_once "$root/bin/runbook" check runbooks/asp-major-online-nocg.rbk) / 1000 ))
}

median() {
  sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'
}

for _ in $(seq "$WARMUP"); do one >/dev/null; pane >/dev/null; check >/dev/null; done
repl=()
panes=()
checks=()
for i in $(seq "$N"); do
  t=$(one)
  p=$(pane)
  c=$(check)
  repl+=("$t")
  panes+=("$p")
  checks+=("$c")
  echo "run $i: repl to its first prompt $t ms, a pane printing a prompt $p ms, check $c ms"
done
r=$(printf '%s\n' "${repl[@]}" | median)
p=$(printf '%s\n' "${panes[@]}" | median)
c=$(printf '%s\n' "${checks[@]}" | median)
echo "median: repl to its first prompt $r ms (of which tmux: a pane printing a prompt $p ms), check $c ms, ratio repl/check $(awk -v r="$r" -v c="$c" 'BEGIN {printf "%.2f", r / c}') (load $(cut -d' ' -f1 /proc/loadavg))"

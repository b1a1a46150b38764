# Timing helpers shared by the whole-process benchmarks (sourced, not run): cold-start.sh,
# simulate-process.sh, ssh-overhead.sh, lint-vs-ansible-lint.sh and repl-start.sh.
# The caller sets `script` to its own name, for the messages.

now_ns() { date +%s%N; }

# run CMD... once, discarding its output; prints the wall time in microseconds; fails on exit > 1
time_once() {
  local start end status
  start="$(now_ns)"
  set +e
  "$@" >/dev/null 2>&1
  status=$?
  set -e
  end="$(now_ns)"
  if [ "$status" -gt 1 ]; then
    echo "$script: '$*' exited $status:" >&2
    "$@" >&2 || true
    exit 1
  fi
  echo $(( (end - start) / 1000 ))
}

# mean, sd, min and max of microsecond samples, in ms
stats() {
  printf '%s\n' "$@" | awk '{ s += $1; q += $1 * $1; if (min == "" || $1 < min) min = $1; if ($1 > max) max = $1 }
    END { m = s / NR; sd = sqrt((q / NR - m * m) > 0 ? q / NR - m * m : 0);
          printf "mean %7.1f ms  sd %6.1f  min %7.1f  max %7.1f  (n=%d)", m / 1000, sd / 1000, min / 1000, max / 1000, NR }'
}

mean_us() { printf '%s\n' "$@" | awk '{ s += $1 } END { printf "%.0f", s / NR }'; }

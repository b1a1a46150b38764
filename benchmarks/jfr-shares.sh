#!/usr/bin/env bash
# Shares of JFR execution samples whose stack holds a method (callees included), among the samples
# whose stack holds the first pattern (the benchmark's own frames).
#
#   benchmarks/jfr-shares.sh FILE.jfr ROOT METHOD...
#   benchmarks/jfr-shares.sh sim.jfr SimulateBenchmark Physics.advance ModelState.copy
set -euo pipefail
if [ "$#" -lt 3 ]; then
  echo "usage: jfr-shares.sh FILE.jfr ROOT METHOD..." >&2
  exit 2
fi
file="$1"; root="$2"; shift 2
jfr print --stack-depth 64 --events jdk.ExecutionSample "$file" | awk -v root="$root" -v methods="$*" '
  BEGIN { n = split(methods, m, " ") }
  /jdk.ExecutionSample \{/ { stack = "" }
  { stack = stack "\n" $0 }
  /^}/ {
    if (index(stack, root) == 0) next
    total++
    for (i = 1; i <= n; i++) if (index(stack, "." m[i] "(")) hits[i]++
  }
  END {
    printf "%d samples under %s\n", total, root
    for (i = 1; i <= n; i++) printf "%3.0f%%  %s\n", 100 * hits[i] / total, m[i]
  }'

#!/usr/bin/env bash
# Whole-process timings of code review over the standard library: `runbook lint runbooks/` (every
# runbook and shared part: the check, the lint rules and a simulation of each runbook from its
# defaults), against `ansible-lint` and `ansible-playbook --syntax-check` over the Ansible exports
# of the same runbooks (`runbook export --format ansible`). Each command runs N times after WARMUP
# untimed runs, interleaved so that each sees the same load; prints mean, standard deviation, min
# and max in ms, and the ratios. docs/performance.md, "Lint and the Ansible tools", has the figures.
#
#   benchmarks/lint-vs-ansible-lint.sh            # N=5 after 1 warm-up
#   N=10 benchmarks/lint-vs-ansible-lint.sh
#
# Set-up: a built interpreter (./mvnw -q -DskipTests package) and Debian's ansible and ansible-lint,
# which this script installs when they are missing (as root, or with sudo):
#   apt-get install -y --no-install-recommends ansible ansible-lint
# "Cold" means one new process per run, as CI runs it: bin/runbook's JVM with its AppCDS archive,
# ansible-lint with its cache directory emptied before every run (--offline, no network).
set -euo pipefail

N="${N:-5}"
WARMUP="${WARMUP:-1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ ! -f interpreter/target/runbook.jar ]; then
  echo "lint-vs-ansible-lint: interpreter/target/runbook.jar is not built: run ./mvnw -q -DskipTests package first" >&2
  exit 2
fi
missing=()
command -v ansible-playbook >/dev/null 2>&1 || missing+=(ansible)
command -v ansible-lint >/dev/null 2>&1 || missing+=(ansible-lint)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "lint-vs-ansible-lint: installing ${missing[*]} (Debian packages)" >&2
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/playbooks"
for f in runbooks/*.rbk; do
  bin/runbook export --format ansible "$f" > "$work/playbooks/$(basename "$f" .rbk).yml"
done
exports=("$work"/playbooks/*.yml)
echo "standard library: $(ls runbooks/*.rbk runbooks/common/*.rbk | wc -l) runbook files; ${#exports[@]} exports" >&2

run_lint() { bin/runbook lint runbooks/ >/dev/null; }
run_ansible_lint() {
  rm -rf "$work/cache"
  (cd "$work/playbooks" && ANSIBLE_HOME="$work/cache" XDG_CACHE_HOME="$work/cache" ansible-lint --offline -q "${exports[@]}" >/dev/null 2>&1) || true
}
run_syntax() {
  for y in "${exports[@]}"; do ANSIBLE_HOME="$work/cache" ansible-playbook --syntax-check "$y" >/dev/null 2>&1; done
}

script=lint-vs-ansible-lint
# shellcheck source=benchmarks/timing.sh
. "$root/benchmarks/timing.sh"

names=(lint ansible_lint syntax)
declare -A samples
for ((i = 0; i < WARMUP; i++)); do run_lint; run_ansible_lint; run_syntax; done
for ((i = 0; i < N; i++)); do
  for n in "${names[@]}"; do samples[$n]+="$(time_once "run_$n") "; done
done

label() { case "$1" in lint) echo "runbook lint runbooks/";; ansible_lint) echo "ansible-lint (exports)";; syntax) echo "ansible-playbook --syntax-check (each export)";; esac; }
declare -A mean
for n in "${names[@]}"; do
  # shellcheck disable=SC2086 # the samples are words on purpose
  printf '%-46s %s\n' "$(label "$n"):" "$(stats ${samples[$n]})"
  # shellcheck disable=SC2086
  mean[$n]=$(mean_us ${samples[$n]})
done
awk -v l="${mean[lint]}" -v a="${mean[ansible_lint]}" -v s="${mean[syntax]}" 'BEGIN {
  printf "ansible-lint / runbook lint: %.1fx; syntax-check / runbook lint: %.1fx; aim: runbook lint < 250 ms (%s), >= 10x faster than ansible-lint (%s)\n",
    a / l, s / l, (l < 250000 ? "met" : "not met"), (a / l >= 10 ? "met" : "not met") }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(java -version 2>&1 | head -1)"

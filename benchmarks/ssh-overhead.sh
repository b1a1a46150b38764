#!/usr/bin/env bash
# Per-step overhead of `runbook run` over SSH, whole processes, against its peers in the same run:
# raw `ssh` multiplexed over one ControlMaster connection, and Debian's `ansible-playbook` with
# pipelining and ControlPersist, each doing the same trivial command (`true`) 20 times and once on
# one loopback host (a real OpenSSH sshd started here on 127.0.1.5, stopped at the end). The
# per-step overhead is (time for 20 - time for 1) / 19: start-up costs cancel out.
#
#   benchmarks/ssh-overhead.sh          # N=5 timed runs of each after 1 warm-up
#   N=10 benchmarks/ssh-overhead.sh
#
# Needs a built interpreter (./mvnw -q -DskipTests package) and root (it creates the test user
# runbooktest, as the SSH tests do); installs openssh-server and ansible-core when missing.
# See docs/performance.md, "Running over SSH".
set -euo pipefail
script=ssh-overhead
N="${N:-5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=timing.sh
. benchmarks/timing.sh

[ -f interpreter/target/runbook.jar ] || { echo "$script: build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "$script: run as root: it creates the test user runbooktest" >&2; exit 2; }
need=()
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ansible-playbook >/dev/null || need+=(ansible-core)
if [ "${#need[@]}" -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi

work="$root/benchmarks/target/ssh-overhead"
rm -rf "$work" && mkdir -p "$work/home" /run/sshd
user=runbooktest
id -u "$user" >/dev/null 2>&1 || useradd --no-create-home --home-dir "$work/home" --shell /bin/sh "$user"
usermod --home "$work/home" --password '*' "$user"
chown "$user" "$work/home"
ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/client_key"
cp "$work/client_key.pub" "$work/authorized_keys"
address=127.0.1.5
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.1.5", 0)); print(s.getsockname()[1]); s.close()')"
cat > "$work/sshd_config" <<CONF
ListenAddress $address:$port
HostKey $work/host_key
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
AllowUsers $user
MaxSessions 100
MaxStartups 100:30:200
CONF
/usr/sbin/sshd -D -e -f "$work/sshd_config" 2>"$work/sshd.log" &
sshd_pid=$!
cleanup() {
  ssh -F "$work/ssh_config" -O exit bench >/dev/null 2>&1 || true
  kill "$sshd_pid" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 100); do (echo > "/dev/tcp/$address/$port") 2>/dev/null && break; sleep 0.05; done
echo "[$address]:$port $(cut -d' ' -f1,2 "$work/host_key.pub")" > "$work/known_hosts"

# the runbook side: a runbook of 20 steps and one of 1, each step one `sh "true"` on the host
for n in 1 20; do
  {
    echo "runbook steps$n \"$n trivial steps\""
    echo
    echo "use timesten"
    echo
    echo "param bench = benchdb on \"bench\""
    for i in $(seq 1 "$n"); do
      echo
      echo "step $i \"Step $i\":"
      echo "  on bench.host: sh \"true\""
    done
  } > "$work/steps$n.rbk"
  {
    echo "- hosts: bench"
    echo "  gather_facts: false"
    echo "  tasks:"
    for i in $(seq 1 "$n"); do
      echo "    - name: step $i"
      echo "      ansible.builtin.command: \"true\""
    done
  } > "$work/play$n.yml"
done
echo "host bench address=$address port=$port user=$user identity=$work/client_key" > "$work/bench.inventory"
echo "bench ansible_host=$address ansible_port=$port ansible_user=$user ansible_ssh_private_key_file=$work/client_key" > "$work/hosts.ini"
cat > "$work/ssh_config" <<CONF
Host bench
  HostName $address
  Port $port
  User $user
  IdentityFile $work/client_key
  UserKnownHostsFile $work/known_hosts
  StrictHostKeyChecking yes
  ControlMaster auto
  ControlPath $work/cm-%C
  ControlPersist 120
CONF
export ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_PIPELINING=True ANSIBLE_SSH_ARGS="-o ControlMaster=auto -o ControlPersist=120s -o UserKnownHostsFile=$work/known_hosts"
export ANSIBLE_SSH_CONTROL_PATH_DIR="$work/ansible-cp" ANSIBLE_LOCAL_TEMP="$work/ansible-tmp" ANSIBLE_NOCOLOR=1 ANSIBLE_PYTHON_INTERPRETER=auto_silent

runbook_run() {
  java -jar interpreter/target/runbook.jar run "$work/steps$1.rbk" -i "$work/bench.inventory" --known-hosts "$work/known_hosts" \
    --journal "$work/journal-$1-$RANDOM$RANDOM.jsonl" --lock-dir "$work/locks" --yes </dev/null
}
raw_ssh() { for _ in $(seq 1 "$1"); do ssh -F "$work/ssh_config" bench true; done; }
ansible_run() { ansible-playbook -i "$work/hosts.ini" "$work/play$1.yml"; }

ssh -F "$work/ssh_config" -f -N -M bench   # the one multiplexed connection raw ssh reuses
for f in runbook_run raw_ssh ansible_run; do $f 1 >/dev/null 2>&1 || { echo "$script: $f failed:" >&2; $f 1 >&2; exit 1; }; done

declare -A samples
for _ in $(seq 1 "$N"); do
  for f in runbook_run raw_ssh ansible_run; do
    for n in 1 20; do samples[$f-$n]+="$(time_once "$f" "$n") "; done
  done
done
per_step() { awk -v a="$(mean_us ${samples[$1-20]})" -v b="$(mean_us ${samples[$1-1]})" 'BEGIN { printf "%.2f", (a - b) / 19 / 1000 }'; }
printf '%-30s %-60s %s\n' "" "whole process, 1 step" "per step"
for f in runbook_run raw_ssh ansible_run; do
  printf '%-30s %-60s %s ms\n' "$f" "$(stats ${samples[$f-1]})" "$(per_step "$f")"
done
r="$(per_step runbook_run)"; s="$(per_step raw_ssh)"; a="$(per_step ansible_run)"
awk -v r="$r" -v s="$s" -v a="$a" 'BEGIN {
  printf "runbook per step / raw multiplexed ssh per command: %.2f\n", r / s
  printf "ansible per task / runbook per step: %.1fx\n", a / r }'

#!/usr/bin/env bash
# Cold start: times whole processes of `runbook check` on the two standard runbooks against a
# picocli hello-world jar, measured in the same run (interleaved, so that both see the same load).
#
#   benchmarks/cold-start.sh            # N=10 timed runs of each after 2 warm-ups
#   N=20 WARMUP=3 benchmarks/cold-start.sh
#
# Needs a built interpreter (mvn -q -DskipTests package) and picocli in ~/.m2 (the build puts it
# there). Uses bin/runbook when present (the launcher users run), else java -jar runbook.jar.
# Installs nothing; the hello-world jar is compiled here with javac and packed with jar into
# benchmarks/target/hello/. Prints the mean of each, and the ratio; see docs/performance.md.
set -euo pipefail

N="${N:-10}"
WARMUP="${WARMUP:-2}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

runbooks=(runbooks/asp-patch-active-role-reversal.rbk runbooks/asp-major-online-nocg.rbk)
jar="interpreter/target/runbook.jar"
if [ ! -f "$jar" ]; then
  echo "cold-start: $jar is not built: run mvn -q -DskipTests package first" >&2
  exit 2
fi
if [ -x bin/runbook ]; then
  runbook=(bin/runbook)
else
  runbook=(java -jar "$jar")
fi

# ------------------------------------------------------------------ the hello-world jar
picocli_version="$(sed -n 's:.*<picocli.version>\(.*\)</picocli.version>.*:\1:p' pom.xml | head -1)"
picocli_jar="${HOME}/.m2/repository/info/picocli/picocli/${picocli_version}/picocli-${picocli_version}.jar"
if [ ! -f "$picocli_jar" ]; then
  echo "cold-start: $picocli_jar not found: build the interpreter once (mvn -q -DskipTests package)" >&2
  exit 2
fi
hello_dir="benchmarks/target/hello"
hello_jar="$hello_dir/hello.jar"
if [ ! -f "$hello_jar" ] || [ benchmarks/src/hello/HelloWorld.java -nt "$hello_jar" ] || [ "$picocli_jar" -nt "$hello_jar" ]; then
  rm -rf "$hello_dir"
  mkdir -p "$hello_dir/classes"
  javac --release 17 -cp "$picocli_jar" -d "$hello_dir/classes" benchmarks/src/hello/HelloWorld.java
  # one self-contained jar, like runbook.jar: picocli's classes beside ours
  (cd "$hello_dir/classes" && jar xf "$picocli_jar" && rm -rf META-INF/MANIFEST.MF META-INF/*.SF META-INF/*.RSA META-INF/*.DSA)
  jar --create --file "$hello_jar" --main-class HelloWorld -C "$hello_dir/classes" .
fi
hello=(java -jar "$hello_jar")

# ------------------------------------------------------------------ timing
script=cold-start
# shellcheck source=benchmarks/timing.sh
. "$root/benchmarks/timing.sh"

# sanity: both commands work, and what `runbook check` says
echo "runbook:  ${runbook[*]} check ${runbooks[*]}"
set +e
"${runbook[@]}" check "${runbooks[@]}"
check_status=$?
set -e
echo "  (exit $check_status)"
echo "hello:    ${hello[*]}"
"${hello[@]}"

plain=(java -jar "$jar")
for ((i = 0; i < WARMUP; i++)); do
  time_once "${runbook[@]}" check "${runbooks[@]}" >/dev/null
  time_once "${hello[@]}" >/dev/null
  time_once "${plain[@]}" check "${runbooks[@]}" >/dev/null
done

r_times=(); h_times=(); p_times=()
for ((i = 0; i < N; i++)); do
  r_times+=("$(time_once "${runbook[@]}" check "${runbooks[@]}")")
  h_times+=("$(time_once "${hello[@]}")")
  p_times+=("$(time_once "${plain[@]}" check "${runbooks[@]}")")
done

# mean, standard deviation, min and max in milliseconds of a list of microsecond figures

echo
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
echo "runbook check (${runbook[*]}):  $(stats "${r_times[@]}")"
echo "runbook check (java -jar, no launcher options): $(stats "${p_times[@]}")"
echo "picocli hello world (java -jar):  $(stats "${h_times[@]}")"
r_mean="$(mean_us "${r_times[@]}")"
h_mean="$(mean_us "${h_times[@]}")"
p_mean="$(mean_us "${p_times[@]}")"
awk -v r="$r_mean" -v h="$h_mean" -v p="$p_mean" 'BEGIN {
  printf "ratio runbook check / hello world: %.2fx (aim: within 2x: %s); java -jar runbook.jar: %.2fx\n",
         r / h, (r <= 2 * h ? "met" : "NOT met"), p / h }'

#!/usr/bin/env bash
# What a sensitivity sweep costs the app it runs in: the demo LeNet service (2 inference threads) with the agent,
# its own count of classified images read over 20 s without a sweep, then during `jprune sweep` over its 5 weights
# and amounts 0.1..0.9 on 512 captured inputs (default --cpu 0.25), then 20 s after. Prints the images per second
# of each phase, their ratio, the sweep's own table and how long it took, and the machine's load.
#
#   mvn -B -q -DskipTests package && bash agent/sweep-benchmark.sh [extra sweep options, e.g. --cpu 0.5]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jprune_jar="$root/agent/target/jprune.jar"
demo_jar="$root/demo-app/target/demo-app.jar"
window_s=${WINDOW_S:-20}
for jar in "$jprune_jar" "$demo_jar"; do
  [[ -f $jar ]] || { echo "sweep-benchmark: $jar not found; build first: mvn -B -q -DskipTests package" >&2; exit 2; }
done

out=$(mktemp -d "${TMPDIR:-/tmp}/jprune-sweep-bench.XXXXXX")
java -javaagent:"$jprune_jar" -jar "$demo_jar" --report-ms 60000 >"$out/demo.log" 2>&1 &
app_pid=$!
trap 'kill $app_pid 2>/dev/null || true; wait $app_pid 2>/dev/null || true' EXIT

jprune() { java -jar "$jprune_jar" "$@"; }
images() { jprune attribute "$app_pid" demo:type=Inference ImagesProcessed; }
now() { date +%s.%N; }
rate() { echo "($3 - $1) / ($4 - $2)" | bc -l; }

until jprune list 2>/dev/null | grep -q "^$app_pid .*LeNet"; do sleep 1; done
sleep 10 # warm up: the JIT, and the service's first passes

i0=$(images); t0=$(now); sleep "$window_s"; i1=$(images); t1=$(now)
jprune sweep "$app_pid" --out "$out" "$@" >"$out/sweep.txt"
i2=$(images); t2=$(now)
sleep "$window_s"; i3=$(images); t3=$(now)

without=$(rate "$i0" "$t0" "$i1" "$t1")
during=$(rate "$i1" "$t1" "$i2" "$t2")
after=$(rate "$i2" "$t2" "$i3" "$t3")
cat "$out/sweep.txt"
printf 'images/s without a sweep: %.0f, during: %.0f (%.2fx), after: %.0f; sweep wall time %.1f s\n' \
  "$without" "$during" "$(echo "$during / $without" | bc -l)" "$after" "$(echo "$t2 - $t1" | bc -l)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); files in $out"

#!/usr/bin/env bash
# What does jprune cost a production JVM? Builds jprune and the demo, then measures in one run, on this
# machine: forward throughput with the agent (nothing pruned, every weight pruned, PyTorch-like per-forward
# recompute) over no agent, start-up to first inference, extra heap per pruned parameter, the same on a
# 52M-parameter model, prune latency from 1M to 64M floats, the same network's DJL forward (cnn_mnist) with the
# agent, nothing pruned and pruned, over no agent, and the extra native + heap memory per pruned DJL parameter;
# then ONNX Runtime sessions (OnnxBenchmarks): run throughput with the agent, nothing pruned and pruned, over no
# agent on cnn_mnist.onnx and a 22M-parameter transformer, prune-to-pruned-run time over one session creation,
# memory per pruned model over its bytes. Prints the tables and rewrites the <!-- overhead:begin/end --> and
# <!-- onnx:begin/end --> sections of docs/benchmarks.md. About 25 minutes on 2 cores.
#
#   bash agent/benchmarks.sh --onnx-only             only the ONNX Runtime section
#
#   bash agent/benchmarks.sh                         build, then measure
#   bash agent/benchmarks.sh --no-build              measure what is built
#   bash agent/benchmarks.sh -Djprune.bench.quick=true   a short run that checks that everything works
#                                                        (its figures mean nothing)
#
# Other -D settings (defaults in brackets): jprune.bench.rounds [8], .warmups [3], .iterations [5],
# .iterationSeconds [1], .startupRuns [10], .heapRepetitions [3], .latencyShots [5],
# .latencySizes [1048576,4194304,16777216,67108864], .doc [docs/benchmarks.md].
# Measure on a quiet machine: the load average is written next to the figures.
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
overhead=true
java_options=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --onnx-only) overhead=false ;;
    -D*) java_options+=("$arg") ;;
    *) echo "usage: bash agent/benchmarks.sh [--no-build] [--onnx-only] [-Djprune.bench.NAME=VALUE ...]" >&2; exit 2 ;;
  esac
done

mvn_quiet() {
  # offline first (the dependencies are usually in ~/.m2 already), online if something is missing
  mvn -B -q -o "$@" || mvn -B -q "$@"
}

if $build; then
  echo "building jprune and the demo (mvn install -DskipTests) ..."
  mvn_quiet install -DskipTests
fi

work=agent/target/benchmarks
mkdir -p "$work"
mvn_quiet -pl agent dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/$work/test-classpath.txt"

# A copy of what is measured, so that a rebuild during the run (someone else's mvn) cannot change it halfway.
snapshot=$(mktemp -d)
trap 'rm -rf "$snapshot"' EXIT
cp -r agent/target/test-classes "$snapshot/test-classes"
cp -r agent/target/classes "$snapshot/classes"   # the ONNX compaction benchmark drives the adapter's classes directly
cp agent/target/jprune.jar demo-app/target/demo-app.jar "$snapshot/"
cp -r demo-app/target/lib "$snapshot/lib"   # ONNX Runtime and DJL, as demo-app.jar's manifest names them (lib/)
for benchmark in LeNetForwardBenchmark WideLeNetForwardBenchmark PruneLatencyBenchmark DjlForwardBenchmark \
    OnnxRunBenchmark OnnxTransformerRunBenchmark; do
  grep -q "io.jprune.agent.bench.$benchmark " "$snapshot/test-classes/META-INF/BenchmarkList" 2>/dev/null || {
    echo "agent/target/test-classes has no JMH benchmark list with $benchmark (a build running at the same time?);" \
         "build again (mvn -B -q -pl agent -am install -DskipTests) and rerun" >&2
    exit 1
  }
done

# Only the benchmarks, the demo, JMH and ONNX's protobuf classes (which build the transformer): jprune itself comes
# from the shaded jar given to -javaagent, as in production, never from the build tree.
classpath="$snapshot/test-classes:$snapshot/demo-app.jar"
[[ -s "$work/test-classpath.txt" ]] || { echo "no test class path in $work/test-classpath.txt" >&2; exit 1; }
while IFS= read -r entry; do
  case "$entry" in
    */jmh-core-*.jar|*/jopt-simple-*.jar|*/commons-math3-*.jar|*/tribuo-util-onnx-*.jar|*/protobuf-java-*.jar)
      classpath="$classpath:$entry" ;;
  esac
done < <(tr ':' '\n' < "$work/test-classpath.txt")

for main in OverheadBenchmarks OnnxBenchmarks; do
  if [[ $main == OverheadBenchmarks ]] && ! $overhead; then
    continue
  fi
  DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.djl.ai} java -Xmx512m -cp "$classpath" \
    -Djprune.bench.jar="$snapshot/jprune.jar" \
    -Djprune.bench.demoJar="$snapshot/demo-app.jar" \
    -Djprune.bench.doc=docs/benchmarks.md \
    -Djprune.bench.workDir="$work" \
    ${java_options[@]+"${java_options[@]}"} \
    "io.jprune.agent.bench.$main"
done

# ONNX compaction (issue 14): the compacted session's run latency over the masked one's, against their MAC ratio,
# on cnn_mnist.onnx and a transformer block; printed as a table (copied into docs/benchmarks.md by hand).
echo
echo "ONNX compaction: compacted over masked session run latency, against the MAC ratio"
java -Xmx1g -cp "$snapshot/test-classes:$snapshot/classes:$(cat "$work/test-classpath.txt")" \
  io.jprune.agent.instrumentation.onnxruntime.OnnxCompactionBenchmarks

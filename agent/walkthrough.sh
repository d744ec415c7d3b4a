#!/usr/bin/env bash
# jprune walkthrough: prunes the model of a running MNIST service the way PyTorch's pruning tutorial
# prunes its LeNet, from the outside, while the service keeps serving, then undoes it.
#
#   mvn -B -q -DskipTests package && bash agent/walkthrough.sh [lenet|onnx|djl] [--attach]
#
# The service is the demo's hand-written Java LeNet (lenet, the default), cnn_mnist.onnx on ONNX
# Runtime (onnx: a PyTorch-exported CNN in an OrtSession, which jprune rebuilds with the pruned weights)
# or the same network as a DJL block on DJL's PyTorch engine (djl: its layers read the pruned weights,
# native arrays jprune makes once per change, through DJL's ParameterStore).
# --attach starts the service without -javaagent, as a service already in production would run, and loads jprune
# into it with `java -jar jprune.jar attach <pid>` before the steps (an ONNX Runtime session created before that is
# matched to its model file, here cnn_mnist.onnx, at its next run).
#
# Starts demo-app.jar with -javaagent:jprune.jar in the background, then drives it with
# `java -jar jprune.jar ...` only. After each step it waits for an inference pass that started after
# the step and prints the accuracy the service itself reports (MBean demo:type=Inference). The service
# is stopped on exit, on error and on Ctrl-C. Exit status 0 only if the restored model scores exactly
# what the original did.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jprune_jar="$root/agent/target/jprune.jar"
demo_jar="$root/demo-app/target/demo-app.jar"
pass_timeout_s=${PASS_TIMEOUT_S:-120}
mode=agent
service=lenet
for arg in "$@"; do
  case $arg in
    --attach) mode=attach ;;
    lenet|onnx|djl) service=$arg ;;
    *) echo "usage: bash agent/walkthrough.sh [lenet|onnx|djl] [--attach]" >&2; exit 2 ;;
  esac
done
case $service in
  lenet) service_args=(--threads 1) ;;
  onnx) service_args=(--model "onnx=demo-app/target/classes/org/tribuo/interop/onnx/cnn_mnist.onnx" --threads 1) ;;
  djl) service_args=(--model djl --threads 1) ;;
esac
for jar in "$jprune_jar" "$demo_jar"; do
  if [[ ! -f $jar ]]; then
    echo "walkthrough: $jar not found; build first: (cd $root && mvn -B -q -DskipTests package)" >&2
    exit 2
  fi
done
command -v java >/dev/null || { echo "walkthrough: java (17 or later) is not on the PATH" >&2; exit 2; }

app_log=$(mktemp "${TMPDIR:-/tmp}/jprune-demo.XXXXXX.log")
app_pid=""

stop_app() {
  if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    echo "(stopped the demo service, pid $app_pid; its log: $app_log)"
  fi
}
trap stop_app EXIT
trap 'echo; echo "interrupted"; exit 130' INT TERM

if [[ -t 1 ]]; then bold=$'\033[1m' plain=$'\033[0m'; else bold="" plain=""; fi
step() {
  printf '\n%s== %s%s\n' "$bold" "$*" "$plain"
}

# Runs the jprune command line and shows the command first, as a reader would type it.
jp() {
  printf '$ java -jar agent/target/jprune.jar %s\n' "$*"
  java -jar "$jprune_jar" "$@"
}

# The service's own figures, read without echoing the command.
inference() {
  java -jar "$jprune_jar" attribute "$app_pid" demo:type=Inference "$1"
}

now_ms() {
  echo $(( $(date +%s%N) / 1000000 ))
}

# Waits for a pass over the 2,000 digits that started after time $1 (ms) to complete, then prints and
# returns (in $accuracy) the accuracy of that pass.
accuracy_after() {
  local since=$1 deadline=$((SECONDS + pass_timeout_s)) started
  while :; do
    started=$(inference LastPassStartedAtMillis)
    (( started > since )) && break
    if (( SECONDS > deadline )); then
      echo "walkthrough: no inference pass completed within ${pass_timeout_s}s; see $app_log" >&2
      exit 1
    fi
    kill -0 "$app_pid" 2>/dev/null || { echo "walkthrough: the demo service died; see $app_log" >&2; exit 1; }
    sleep 0.5
  done
  accuracy=$(inference Accuracy)
  printf 'accuracy of the service (a pass that started after this step): %s\n' \
    "$(awk -v a="$accuracy" 'BEGIN { printf "%.2f%% (%d/2000 digits)", 100 * a, a * 2000 + 0.5 }')"
}

serving() {
  grep -q 'jprune-demo: accuracy' "$app_log"
}

model_found() {
  java -jar "$jprune_jar" list 2>/dev/null | awk -v pid="$app_pid" '$1 == pid && $3 != "-" && $3 != "?" { found = 1 } END { exit !found }'
}

# Waits up to 60 s for the check $3 to pass, printing dots, and stops the walkthrough with $2 if it does not.
await() {
  local deadline=$((SECONDS + 60))
  printf 'waiting for %s' "$1"
  until "$3"; do
    kill -0 "$app_pid" 2>/dev/null || { echo; echo "walkthrough: the demo service exited; see $app_log" >&2; exit 1; }
    (( SECONDS < deadline )) || { echo; echo "walkthrough: $2 within 60s; see $app_log" >&2; exit 1; }
    printf '.'
    sleep 1
  done
  echo
}

cd "$root"
if [[ $mode == attach ]]; then
  step "Start the MNIST service without jprune, then attach jprune to it"
  echo "\$ java -jar demo-app/target/demo-app.jar ${service_args[*]} &"
  java -jar "$demo_jar" "${service_args[@]}" >"$app_log" 2>&1 &
  app_pid=$!
  echo "pid $app_pid, log $app_log"
  await "the service to serve" "the service did not start" serving
  jp attach "$app_pid"
else
  step "Start the MNIST service with jprune attached"
  echo "\$ java -javaagent:agent/target/jprune.jar -jar demo-app/target/demo-app.jar ${service_args[*]} &"
  java -javaagent:"$jprune_jar" -jar "$demo_jar" "${service_args[@]}" >"$app_log" 2>&1 &
  app_pid=$!
  echo "pid $app_pid, log $app_log"
fi

await "jprune to find the model" "jprune did not report a model" model_found
jp list
jp backend "$app_pid"

step "1. The model as PyTorch would list it"
jp modules "$app_pid"
echo
jp parameters "$app_pid" conv1
echo
jp buffers "$app_pid" conv1
accuracy_after "$(now_ms)"
baseline=$accuracy

step "2. prune.random_unstructured(conv1, name=\"weight\", amount=0.3)"
jp prune "$app_pid" random_unstructured conv1.weight --amount 0.3 --seed 2024
changed=$(now_ms)
echo
echo "weight is now weight_orig (a parameter) times weight_mask (a buffer):"
jp parameters "$app_pid" conv1
echo
jp buffers "$app_pid" conv1
echo
jp describe "$app_pid" conv1
accuracy_after "$changed"

step "3. prune.ln_structured(conv1, name=\"weight\", amount=0.5, n=2, dim=0), on top of step 2"
jp prune "$app_pid" ln_structured conv1.weight --amount 0.5 --n 2 --dim 0
changed=$(now_ms)
echo
echo "which output channels of conv1 were cut?"
jp channels "$app_pid" conv1.weight --dim 0
echo
jp buffers "$app_pid" conv1
accuracy_after "$changed"

step "4. Restore: undo every prune, bit for bit (beyond PyTorch)"
jp restore "$app_pid"
changed=$(now_ms)
echo
jp parameters "$app_pid" conv1
echo
jp buffers "$app_pid" conv1
accuracy_after "$changed"

step "Result"
if [[ $accuracy == "$baseline" ]]; then
  echo "accuracy is back where it was: $accuracy, exactly as before pruning ($baseline)"
else
  echo "walkthrough: accuracy after restore is $accuracy, before pruning it was $baseline" >&2
  exit 1
fi

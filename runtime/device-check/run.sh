#!/usr/bin/env bash
# The device check: ONE command, run ON the GPU machine from the repository root, after prepare.sh has
# built runtime/device-check/bundle/ here and it has been carried over (see README.md):
#     bash runtime/device-check/run.sh
# It fails (exit 1, with the reason) unless every step passes:
#   0. preflight   glibc at least what the bundle needs; the CUDA 13 runtime (libcudart.so.13); python3
#                  with numpy and torch; a writable JavaCPP cache folder
#   1. backend     the gpu and auto backends are both CUDA (not the CPU fallback)
#   2. parity      the GPU kernels against the CPU kernels, 1 to 64M elements, none skipped
#                  (CudaParityTest, BackendsTest, -Djprune.requireCuda=device)
#   3. same-masks  identical channels and ties of magnitude prune exactly as documented, GPU and CPU (SameMasks)
#   4. throughput  masked multiply and selection against a device-to-device copy (DeviceThroughput)
#   5. gold        jprune's masks, GPU and CPU, against this machine's torch.nn.utils.prune (GoldMasks, gold.py)
# Ends with one markdown table for docs/benchmarks.md. Each step has its own time limit; all of them
# together stay under 7 minutes. Logs go to $OUT/device-check/ (a temporary folder without $OUT).
# For a rehearsal without a GPU only: JPRUNE_JAVA_OPTS (extra JVM options, e.g. the emulated driver),
# JPRUNE_THROUGHPUT_ARGS (elements and sizes), JPRUNE_GOLD_ENGINE=refmodel:PATH (the numpy model instead
# of torch; the table then says so).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bundle="$here/bundle"
java="$bundle/jre/bin/java"
logs="${OUT:-$(mktemp -d)}/device-check"
mkdir -p "$logs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
classpath="$bundle/classes:$bundle/lib/*"
read -r -a extra <<< "${JPRUNE_JAVA_OPTS:-}"
gold_engine=${JPRUNE_GOLD_ENGINE:-torch}

rows=()        # the table's rows: | check | result |
problems=()    # why the check failed, one line each
row() { rows+=("| $1 | $2 |"); }
problem() { problems+=("$1"); echo "FAILED: $1" >&2; }

finish() {
  echo
  echo "| device check | result |"
  echo "|---|---|"
  printf '%s\n' "${rows[@]}"
  if [ ${#problems[@]} -eq 0 ]; then
    echo "| verdict | pass |"
  else
    echo "| verdict | FAILED: $(IFS=';'; echo "${problems[*]}") |"
  fi
  { printf '%s\n' "${rows[@]}"; printf 'problem: %s\n' "${problems[@]}"; } > "$logs/summary.txt"
  [ ${#problems[@]} -eq 0 ] && exit 0 || exit 1
}

# ---- 0. preflight: everything that would make a later step fail for a reason unrelated to jprune
if [ ! -x "$java" ]; then
  problem "no bundle at $bundle: run runtime/device-check/prepare.sh on a machine with a JDK and carry runtime/device-check/bundle over"
  finish
fi
need=$(cat "$bundle/glibc-required" 2>/dev/null || echo 0)
have=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
if [ -z "$have" ] || [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -1)" != "$need" ]; then
  problem "glibc ${have:-unknown} is older than the $need the bundle's JRE and JavaCPP natives need"
  finish
fi
row "machine" "$(hostname), $(nproc) cpus, glibc $have (bundle needs $need)"

# JavaCPP's CUDA bindings link against libcudart.so.13: a CUDA toolkit has it, else PyTorch's CUDA 13
# wheels carry one (site-packages/nvidia/...).
find_cudart() {
  local dir
  for dir in ${LD_LIBRARY_PATH:+${LD_LIBRARY_PATH//:/ }} /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib /usr/local/cuda-13*/lib64 /usr/local/cuda-13*/lib; do
    [ -e "$dir/libcudart.so.13" ] && { echo "$dir"; return; }
  done
  ldconfig -p 2>/dev/null | grep -q 'libcudart.so.13 ' && { echo "the linker cache"; return; }
  python3 - <<'PY' 2>/dev/null
import glob, os, site, sys
roots = site.getsitepackages() + [site.getusersitepackages()] + sys.path
for root in roots:
    for hit in glob.glob(os.path.join(root, "nvidia", "**", "libcudart.so.13"), recursive=True):
        print(os.path.dirname(hit)); sys.exit(0)
PY
}
cudart_dir=$(find_cudart)
if [ -z "$cudart_dir" ]; then
  problem "libcudart.so.13 (the CUDA 13 runtime) not found in LD_LIBRARY_PATH, /usr/local/cuda*, the linker cache or python's nvidia wheels"
  finish
fi
[ "$cudart_dir" != "the linker cache" ] && export LD_LIBRARY_PATH="$cudart_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
gpu_name=$(command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -1)
row "gpu (nvidia-smi)" "${gpu_name:-nvidia-smi not found}"
row "libcudart.so.13" "$cudart_dir"

modules=numpy
[ "$gold_engine" = torch ] && modules="numpy torch"
for module in $modules; do
  if ! python3 -c "import $module" 2>"$work/import.err"; then
    problem "python3 cannot import $module ($(tail -1 "$work/import.err")): the gold step needs it"
  fi
done
[ ${#problems[@]} -ne 0 ] && finish

# JavaCPP unpacks its natives into a cache folder (~/.javacpp/cache by default): use the first writable one.
cache=""
for dir in "${JPRUNE_JAVACPP_CACHE:-}" "$bundle/javacpp-cache" "${OUT:+$OUT/javacpp-cache}" "$work/javacpp-cache"; do
  [ -n "$dir" ] && mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] && { cache=$dir; break; }
done
if [ -z "$cache" ]; then
  problem "no writable folder for JavaCPP's cache (set JPRUNE_JAVACPP_CACHE)"
  finish
fi
jvm=("$java" "-Dorg.bytedeco.javacpp.cachedir=$cache" "${extra[@]}" -cp "$classpath")

step() {   # name, seconds, command...: runs it with a limit, logs it, returns its exit status
  local name=$1 limit=$2
  shift 2
  echo "== $name (at most ${limit}s)"
  timeout "$limit" "$@" > "$logs/$name.log" 2>&1
  local status=$?
  cat "$logs/$name.log"
  [ "$status" = 124 ] && echo "== $name: timed out after ${limit}s" >> "$logs/$name.log"
  echo "== $name: exit $status"
  return "$status"
}
last() { grep -E "$2" "$logs/$1.log" | tail -1; }

# ---- 1. backend
step backend 60 "${jvm[@]}" io.jprune.kernels.PrintBackend gpu auto
backends=$(grep -c '^backend: cuda' "$logs/backend.log")
row "backend (gpu, auto)" "$(paste -sd ";" "$logs/backend.log" | cut -c1-240)"
if [ "$backends" != 2 ]; then
  problem "the GPU backend is not active: $(grep -v '^backend: cuda' "$logs/backend.log" | head -1)"
  finish
fi

# ---- 2. parity
step parity 150 "${jvm[@]}" -Xmx24g -Djprune.requireCuda=device io.jprune.kernels.cuda.JUnitMain \
  io.jprune.kernels.cuda.CudaParityTest io.jprune.kernels.BackendsTest
status=$?
row "CPU/GPU parity (CudaParityTest, BackendsTest)" "$(last parity '^jprune tests:' || echo "no summary, exit $status")"
[ "$status" = 0 ] || problem "parity: exit $status ($(grep -m1 -E '^(FAILED|SKIPPED|ABORTED)' "$logs/parity.log" || echo 'see parity.log'))"

# ---- 3. same masks where only the tie rules decide
step same-masks 90 "${jvm[@]}" -Xmx8g io.jprune.devicecheck.SameMasks
status=$?
row "documented tie rules, GPU and CPU (SameMasks)" "$(last same-masks '^same masks:' || echo "exit $status")"
[ "$status" = 0 ] || problem "same masks: exit $status ($(grep -m1 -E '^(DIFFERENT|same masks: no GPU)' "$logs/same-masks.log" || echo 'see same-masks.log'))"

# ---- 4. throughput
read -r -a throughput_args <<< "${JPRUNE_THROUGHPUT_ARGS:-}"
step throughput 60 "${jvm[@]}" -Xmx16g io.jprune.kernels.cuda.DeviceThroughput "${throughput_args[@]}"
status=$?
row "copy, device to device" "$(last throughput '^copy, device to device:' | sed 's/^copy, device to device: //')"
row "masked multiply vs the copy" "$(last throughput '^masked multiply:' | sed 's/^masked multiply: //')"
row "selection of 30%, as a mask, vs the copy" "$(last throughput 'as a mask:' | sed 's/.*as a mask: //')"
row "selection of 30%, as indices, vs the copy" "$(last throughput 'as indices:' | sed 's/.*as indices: //')"
while read -r line; do
  row "call by call, ms cpu / gpu" "$line"
done < <(grep '^n=' "$logs/throughput.log")
[ "$status" = 0 ] || problem "throughput: exit $status"

# ---- 5. gold: jprune's masks against torch.nn.utils.prune
step gold-java 60 "${jvm[@]}" -Xmx8g io.jprune.devicecheck.GoldMasks "$work/gold"
status=$?
[ "$status" = 0 ] || problem "gold (jprune's side): exit $status ($(tail -1 "$logs/gold-java.log"))"
step gold-torch 60 python3 "$here/gold.py" "$work/gold" --engine "$gold_engine"
status=$?
row "masks against torch.nn.utils.prune (gold)" "$(last gold-torch '^gold:' || echo "exit $status")"
[ "$status" = 0 ] || problem "gold: exit $status ($(grep -m1 MISMATCH "$logs/gold-torch.log" || tail -1 "$logs/gold-torch.log"))"
[ "$gold_engine" = torch ] || problem "rehearsal only: the masks were compared with $gold_engine, not torch"

finish

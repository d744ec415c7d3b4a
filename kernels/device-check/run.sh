#!/usr/bin/env bash
# The device check. Run ON the GPU machine (H100, driver 580, CUDA 13.0, Python with PyTorch; no JDK,
# no Maven, no network), after prepare.sh has built bundle/ here and it has been carried over:
#   1. backend    which backend this machine gets, for auto and gpu
#   2. parity     the GPU kernels against the CPU kernels, 1 to 64M elements (CudaParityTest)
#   3. throughput masked multiply vs a device-to-device copy, selection vs the copy, CPU vs GPU call by
#                 call (DeviceThroughput; figures only, the targets are read by a person)
#   4. gold       jprune's masks, GPU and CPU, against the machine's own torch.nn.utils.prune (GoldMasks, gold.py)
# Prints everything; if $OUT is set, also writes $OUT/device-check/<step>.log and summary.txt there.
# Exit status: 0 when every step passed.
# Knobs for rehearsals elsewhere: JPRUNE_JAVA_OPTS (extra JVM options, e.g. the emulated driver),
# JPRUNE_THROUGHPUT_ARGS (elements and sizes), JPRUNE_GOLD_ENGINE (torch, or refmodel:PATH).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bundle="$here/bundle"
java="$bundle/jre/bin/java"
if [ ! -x "$java" ]; then
  echo "no bundle: run kernels/device-check/prepare.sh on a machine with a JDK first" >&2
  exit 2
fi
logs="${OUT:-$(mktemp -d)}/device-check"
mkdir -p "$logs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
classpath="$bundle/classes:$bundle/lib/*"
read -r -a extra <<< "${JPRUNE_JAVA_OPTS:-}"

# JavaCPP's CUDA bindings link against libcudart.so.13. A CUDA toolkit has it; else PyTorch's CUDA 13
# wheels carry one (site-packages/nvidia/...).
find_cudart() {
  local dir
  for dir in ${LD_LIBRARY_PATH:+${LD_LIBRARY_PATH//:/ }} /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib /usr/local/cuda-13*/lib64 /usr/local/cuda-13*/lib; do
    [ -e "$dir/libcudart.so.13" ] && { echo "$dir"; return; }
  done
  ldconfig -p 2>/dev/null | grep -q 'libcudart.so.13 ' && return
  python3 - <<'PY' 2>/dev/null
import glob, os, site, sys
roots = site.getsitepackages() + [site.getusersitepackages()] + sys.path
for root in roots:
    for hit in glob.glob(os.path.join(root, "nvidia", "**", "libcudart.so.13"), recursive=True):
        print(os.path.dirname(hit)); sys.exit(0)
PY
}
cudart_dir=$(find_cudart)
if [ -n "$cudart_dir" ]; then
  export LD_LIBRARY_PATH="$cudart_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

summary=()
step() {
  local name=$1 limit=$2
  shift 2
  echo "== $name"
  timeout "$limit" "$@" 2>&1 | tee "$logs/$name.log"
  local status=${PIPESTATUS[0]}
  echo "== $name: exit $status"
  summary+=("$name: exit $status")
}

{
  echo "machine: $(hostname), $(nproc) cpus, $(uname -r)"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  echo "libcudart.so.13 from: ${cudart_dir:-the linker cache, or nowhere}"
  "$java" -version 2>&1 | head -1
} 2>&1 | tee "$logs/machine.log"

step backend 30 "$java" "${extra[@]}" -cp "$classpath" io.jprune.kernels.PrintBackend auto gpu
step parity 120 "$java" -Xmx24g "${extra[@]}" -cp "$classpath" io.jprune.kernels.cuda.JUnitMain \
  io.jprune.kernels.cuda.CudaParityTest io.jprune.kernels.BackendsTest
read -r -a throughput_args <<< "${JPRUNE_THROUGHPUT_ARGS:-}"
step throughput 60 "$java" -Xmx16g "${extra[@]}" -cp "$classpath" io.jprune.kernels.cuda.DeviceThroughput \
  "${throughput_args[@]}"
step gold-java 45 "$java" -Xmx8g "${extra[@]}" -cp "$classpath" io.jprune.devicecheck.GoldMasks "$work/gold"
step gold-torch 45 python3 "$here/gold.py" "$work/gold" --engine "${JPRUNE_GOLD_ENGINE:-torch}"

printf '%s\n' "${summary[@]}" | tee "$logs/summary.txt"
for line in "${summary[@]}"; do
  [ "${line##*: exit }" = 0 ] || exit 1
done

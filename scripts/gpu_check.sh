#!/usr/bin/env bash
# One command on an NVIDIA GPU machine (H100/H200; made for the project's device lease, under 8
# minutes): build paretix with paretix._cuda for this GPU, run the gpu-marked tests, run the GPU
# benchmarks. Needs python3 with numpy, cupy, pybind11, scikit-build-core, cmake, nvcc; no network
# (EvoX, for the peer column, is installed from wheels in .whl/ when present: fetch them with
#  pip download --no-deps --only-binary=:all: --python-version 3.12 -d .whl evox==1.4.0,
#  and name .whl in the device tool's carry).
#
#   bash scripts/gpu_check.sh            # bench/results/gpu.md, gpu.json, gpu_tests.txt, gpu_check.log
#   OUT=/some/dir bash scripts/gpu_check.sh   # also copies them there
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
py="${PYTHON:-python3}"
results="$root/bench/results"
mkdir -p "$results"
# everything printed also goes to a log (and to $OUT, which the device tool brings back)
exec > >(tee "$results/gpu_check.log") 2>&1
start=$SECONDS

echo "== device"
nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total --format=csv,noheader || exit 1
arch="$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -1 | tr -d '. ')"
nvcc --version | tail -1

echo "== build (sm_${arch})"
# Installed into a folder on PYTHONPATH, not a venv: the machine's python3 may itself be a venv
# (its packages, CuPy included, would not be seen from a venv made from it).
site="$(mktemp -d)/site"
if ls .whl/*.whl >/dev/null 2>&1; then
  "$py" -m pip install -q --no-index --no-deps --no-compile --target "$site" .whl/*.whl || echo "wheels in .whl/ not installed"
fi
"$py" -m pip install -q --no-build-isolation --no-deps --target "$site" . \
  -Ccmake.define.PARETIX_CUDA=ON -Ccmake.define.PARETIX_CUDA_ARCHITECTURES="${arch}" || exit 1
export PYTHONPATH="$site${PYTHONPATH:+:$PYTHONPATH}"
python() { "$py" "$@"; }
echo "build took $((SECONDS - start)) s"
python - <<'PY' || exit 1
import paretix
from paretix import kernels
print("cuda backend:", kernels.status("cuda"))
assert kernels.status("cuda").available, "paretix._cuda cannot see the GPU"
PY

echo "== pytest -m gpu"
t=$SECONDS
(cd "$root" && timeout 240 "$py" -m pytest -m gpu -q -p no:cacheprovider tests) \
  2>&1 | tee "$results/gpu_tests.txt"
echo "gpu tests took $((SECONDS - t)) s"

echo "== benchmarks"
left=$(( 450 - (SECONDS - start) ))
[ "$left" -gt 60 ] || left=60
timeout $((left + 30)) "$py" bench/bench_gpu.py --budget "$left" 2>&1 | tail -40

if [ -n "${OUT:-}" ]; then
  cp "$results"/gpu.md "$results"/gpu.json "$results"/gpu_tests.txt "$results"/gpu_check.log "$OUT"/ 2>/dev/null || true
fi
echo "gpu_check took $((SECONDS - start)) s"

#!/usr/bin/env bash
# Build paretix._core with AddressSanitizer + UndefinedBehaviorSanitizer (-Werror) and run the
# kernel tests against it. Needs: a Python environment with paretix's test extras installed
# (the tests import the sanitized extension from a temporary copy of src/paretix, not the install).
#
#   bash scripts/sanitize.sh [extra pytest args]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
py="${PYTHON:-python}"
build="${root}/build/sanitize"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPARETIX_SANITIZE=ON -DPARETIX_CUDA=OFF \
  -DPython_EXECUTABLE="$(command -v "$py")" -Dpybind11_DIR="$("$py" -m pybind11 --cmakedir)" >/dev/null
cmake --build "$build" --target _core

cp -r "$root/src/paretix" "$stage/paretix"
rm -f "$stage"/paretix/_core*.so "$stage"/paretix/_cuda*.so
cp "$build"/_core*.so "$stage/paretix/"

runtime="$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so)"
export LD_PRELOAD="$runtime"
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"   # CPython's allocations are not leaks of ours
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export PYTHONPATH="$stage${PYTHONPATH:+:$PYTHONPATH}"
export PARETIX_DISABLE_NUMBA=1   # JIT code is not instrumented; the sanitizers check our C++ only

cd "$root"
# An editable install's import hook would shadow PYTHONPATH: drop it, check which _core loads, run.
"$py" - "$stage" "$@" <<'PY'
import sys
stage, args = sys.argv[1], sys.argv[2:]
sys.meta_path[:] = [f for f in sys.meta_path if "ScikitBuild" not in type(f).__name__]
import paretix._core
if not paretix._core.__file__.startswith(stage):
    sys.exit(f"sanitized _core not picked up: {paretix._core.__file__}")
import pytest
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "-m", "not gpu", *(args or ["tests"])]))
PY

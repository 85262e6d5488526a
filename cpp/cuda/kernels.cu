// paretix._cuda's kernels: every body of device/kernels.hpp launched as a grid-stride CUDA kernel
// on the caller's stream (CuPy's current stream), asynchronously. Nothing else lives here: the
// arithmetic is in the headers, which the CPU build compiles and tests too.
#include <cuda_runtime.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "paretix/device/api.hpp"

namespace paretix::dev {
namespace {

void check(cudaError_t err, const char* what) {
  if (err != cudaSuccess)
    throw std::runtime_error(std::string(what) + ": " + cudaGetErrorName(err) + " (" + cudaGetErrorString(err) + ")");
}

template <class Body>
__global__ void grid_stride(Body body, i64 n) {
  const i64 step = static_cast<i64>(blockDim.x) * gridDim.x;
  for (i64 i = static_cast<i64>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) body(i);
}

template <class Body>
void run(const Body& body, i64 n, std::uintptr_t stream) {
  if (n <= 0) return;
  constexpr int kThreads = 256;
  const i64 blocks = (n + kThreads - 1) / kThreads;
  const unsigned grid = static_cast<unsigned>(blocks < (1 << 20) ? blocks : (1 << 20));
  grid_stride<<<grid, n == 1 ? 1 : kThreads, 0, reinterpret_cast<cudaStream_t>(stream)>>>(body, n);
  check(cudaGetLastError(), "kernel launch");
}

}  // namespace

#include "../device/launch_all.inc"

void check_pointer(const void* ptr, const char* name) {
  cudaPointerAttributes attr{};
  const cudaError_t err = cudaPointerGetAttributes(&attr, ptr);
  if (err != cudaSuccess) {
    cudaGetLastError();
    throw std::invalid_argument(std::string(name) + ": cannot query its memory (" + cudaGetErrorName(err) + ")");
  }
  if (attr.type != cudaMemoryTypeDevice && attr.type != cudaMemoryTypeManaged)
    throw std::invalid_argument(std::string(name) + " must be device memory (a CuPy array), got host memory");
  int current = 0;
  check(cudaGetDevice(&current), "cudaGetDevice");
  if (attr.device != current)
    throw std::invalid_argument(std::string(name) + " lives on device " + std::to_string(attr.device) +
                                " but the current device is " + std::to_string(current));
}

const char* launcher_name() { return "cuda"; }

}  // namespace paretix::dev

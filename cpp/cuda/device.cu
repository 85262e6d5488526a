// paretix._cuda device queries and a smoke-test kernel. Real kernels land here later.
#include <cuda_runtime.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "paretix/cuda_device.hpp"

namespace paretix::cuda {
namespace {

void check(cudaError_t err, const char* what) {
  if (err != cudaSuccess)
    throw std::runtime_error(std::string(what) + ": " + cudaGetErrorName(err) + " (" +
                             cudaGetErrorString(err) + ")");
}

__global__ void axpy_kernel(double a, const double* x, double* y, std::int64_t n) {
  const std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) y[i] += a * x[i];
}

}  // namespace

int runtime_version() {
  int v = 0;
  check(cudaRuntimeGetVersion(&v), "cudaRuntimeGetVersion");
  return v;
}

DeviceCount device_count() {
  int count = 0;
  const cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess) {
    cudaGetLastError();  // clear the sticky error for later calls
    return {0, cudaGetErrorName(err), cudaGetErrorString(err)};
  }
  return {count, "", ""};
}

DeviceInfo device_info(int device) {
  cudaDeviceProp prop{};
  check(cudaGetDeviceProperties(&prop, device), "cudaGetDeviceProperties");
  int driver = 0;
  check(cudaDriverGetVersion(&driver), "cudaDriverGetVersion");
  return {prop.name, prop.major, prop.minor, static_cast<std::uint64_t>(prop.totalGlobalMem),
          prop.multiProcessorCount, driver};
}

void axpy(double a, const double* x_host, double* y_host, std::int64_t n) {
  if (n <= 0) return;
  const std::size_t bytes = static_cast<std::size_t>(n) * sizeof(double);
  double* x = nullptr;
  double* y = nullptr;
  check(cudaMalloc(&x, bytes), "cudaMalloc");
  cudaError_t err = cudaMalloc(&y, bytes);
  if (err == cudaSuccess) err = cudaMemcpy(x, x_host, bytes, cudaMemcpyHostToDevice);
  if (err == cudaSuccess) err = cudaMemcpy(y, y_host, bytes, cudaMemcpyHostToDevice);
  if (err == cudaSuccess) {
    const int threads = 256;
    const auto blocks = static_cast<unsigned>((n + threads - 1) / threads);
    axpy_kernel<<<blocks, threads>>>(a, x, y, n);
    err = cudaGetLastError();
  }
  if (err == cudaSuccess) err = cudaMemcpy(y_host, y, bytes, cudaMemcpyDeviceToHost);
  cudaFree(x);
  if (y) cudaFree(y);
  check(err, "axpy");
}

}  // namespace paretix::cuda

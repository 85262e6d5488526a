// Host-side API of the CUDA module (no CUDA headers here, so bindings compile with the C++ compiler).
#pragma once

#include <cstdint>
#include <string>

namespace paretix::cuda {

struct DeviceCount {
  int count;
  std::string error_name;     // empty on success, e.g. "cudaErrorInsufficientDriver"
  std::string error_message;
};

struct DeviceInfo {
  std::string name;
  int major, minor;
  std::uint64_t total_memory;
  int multiprocessors;
  int driver_version;
};

int runtime_version();
DeviceCount device_count();
DeviceInfo device_info(int device);
// y += a * x on device 0 (host buffers in and out): the smoke-test kernel.
void axpy(double a, const double* x_host, double* y_host, std::int64_t n);

}  // namespace paretix::cuda

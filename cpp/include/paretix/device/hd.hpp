// Code compiled for both the CPU and the GPU: PARETIX_HD marks a function __host__ __device__
// under nvcc and is empty for the host compiler. The CUDA kernels' arithmetic lives in such
// functions, so the CPU build compiles and the CPU tests run the very code the GPU runs.
#pragma once

#include <cmath>
#include <cstdint>

#if defined(__CUDACC__)
#define PARETIX_HD __host__ __device__
#else
#define PARETIX_HD
#endif

namespace paretix::dev {

using i64 = std::int64_t;

// Rank given to points not yet ranked while the fronts are peeled.
constexpr i64 kUnranked = -1;

PARETIX_HD inline double dmin(double a, double b) { return b < a ? b : a; }

// *p += v, atomically on the GPU (the host emulation runs one index at a time).
PARETIX_HD inline void atomic_add(i64* p, i64 v) {
#if defined(__CUDA_ARCH__)
  atomicAdd(reinterpret_cast<unsigned long long*>(p), static_cast<unsigned long long>(v));
#else
  *p += v;
#endif
}
PARETIX_HD inline double dmax(double a, double b) { return a < b ? b : a; }

}  // namespace paretix::dev

// How a device kernel body runs: one call body(i) per index i in [0, n), in any order and
// concurrently. The CUDA build launches a grid on the caller's stream (cpp/device/cuda_launch.cuh);
// the host build, paretix._core's emulation, loops over i in order (cpp/device/host_launch.hpp).
// Kernel bodies (kernels.hpp) may not depend on the order: each index writes only its own outputs.
#pragma once

#include <cstdint>

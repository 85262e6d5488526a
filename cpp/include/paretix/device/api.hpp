// Launching the device kernels (kernels.hpp): launch(body, n, stream) runs body(i) for i in [0, n).
// Defined twice from the same source (cpp/device/launch_all.inc): in paretix._cuda as a CUDA grid on
// `stream` (a cudaStream_t handle; asynchronous, like CuPy), and in paretix._core as a loop on the
// host (the emulation the CPU tests run). check_pointer validates an argument's memory.
#pragma once

#include <cstdint>

#include "paretix/device/kernels.hpp"

namespace paretix::dev {

#define PARETIX_DEV_KERNELS(X) \
  X(RankRound)                 \
  X(RankFilter)                \
  X(ScanMinBlocks)             \
  X(ScanMinTotals)             \
  X(ScanMinApply)              \
  X(UnitRows)                  \
  X(Associate)                 \
  X(AssociateTree)             \
  X(NicheKeys)                 \
  X(NichePick)                 \
  X(SbxPm)                     \
  X(HypeAlpha)                 \
  X(McCountChunk)              \
  X(McWeights)                 \
  X(HypeAccumulate)            \
  X(MoeadAggregate)            \
  X(MoeadImprove)

#define PARETIX_DEV_DECLARE(Name) void launch(const Name& body, i64 n, std::uintptr_t stream);
PARETIX_DEV_KERNELS(PARETIX_DEV_DECLARE)
#undef PARETIX_DEV_DECLARE

// Throws std::invalid_argument naming `name` when ptr is not memory this module's kernels can
// read (CUDA: not device or managed memory of the current device). Emulation: accepts any pointer.
void check_pointer(const void* ptr, const char* name);

// Where the kernels run, for error messages and `paretix info`: "cuda" or "host emulation".
const char* launcher_name();

}  // namespace paretix::dev

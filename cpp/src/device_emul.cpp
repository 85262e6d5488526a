// paretix._core's host emulation of the CUDA kernels: every body of device/kernels.hpp runs for
// i = 0 .. n-1 in order. Reached through the dev_* bindings (bind_device.hpp), the same ones
// paretix._cuda exposes, when a test's CuPy stand-in (tests/fakecupy.py) holds host memory.
#include <cstdint>

#include "paretix/device/api.hpp"

namespace paretix::dev {
namespace {

template <class Body>
void run(const Body& body, i64 n, std::uintptr_t /*stream*/) {
  for (i64 i = 0; i < n; ++i) body(i);
}

}  // namespace

#include "../device/launch_all.inc"

void check_pointer(const void* /*ptr*/, const char* /*name*/) {}

const char* launcher_name() { return "host emulation"; }

}  // namespace paretix::dev

// Drawing inside a kernel from a numpy Generator's bit generator (shared by the bindings).
#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>

#include "paretix/normal.hpp"

namespace paretix::bind {

// Runs f(gen, pcg_state, pcg_inc) with the bit generator of `rng` (a numpy Generator or
// BitGenerator) locked, as numpy does, and the GIL released. NumPy's PCG64 is handed over as a copy
// of its state (pcg_state: high and low 64 bits, updated by f and written back afterwards; gen is
// null) when at least `inline_from` words are due: the state's round trip through Python costs
// about 4096 draws' worth of time. Any other bit generator, and small draws, come as its C
// interface (BitGenerator.capsule; pcg_state is null). Both give numpy's draws.
template <class F>
void with_bit_generator(const pybind11::object& rng, std::int64_t n_words, F&& f, std::int64_t inline_from = 4096) {
  namespace py = pybind11;
  const py::object bitgen = py::hasattr(rng, "bit_generator") ? rng.attr("bit_generator") : rng;
  if (!py::hasattr(bitgen, "capsule") || !py::hasattr(bitgen, "lock"))
    throw py::type_error("rng must be a numpy.random.Generator or BitGenerator");
  py::object lock = bitgen.attr("lock");
  lock.attr("acquire")();
  struct Release {
    py::object& lock;
    ~Release() { lock.attr("release")(); }
  } release{lock};
#if PARETIX_HAVE_PCG64
  const py::object pcg64 = py::module_::import("numpy.random").attr("PCG64");
  if (Py_TYPE(bitgen.ptr()) == reinterpret_cast<PyTypeObject*>(pcg64.ptr()) && n_words >= inline_from) {
    py::dict st = bitgen.attr("state");
    py::dict inner = st["state"];
    const py::int_ mask(0xFFFFFFFFFFFFFFFFULL), shift(64);
    const py::object s = inner["state"], inc = inner["inc"];
    std::uint64_t state[2] = {(s >> shift).cast<std::uint64_t>(), (s & mask).cast<std::uint64_t>()};
    const std::uint64_t incr[2] = {(inc >> shift).cast<std::uint64_t>(), (inc & mask).cast<std::uint64_t>()};
    {
      py::gil_scoped_release nogil;
      f(static_cast<rng::BitGen*>(nullptr), state, incr);
    }
    inner["state"] = (py::int_(state[0]) << shift) | py::int_(state[1]);
    bitgen.attr("state") = st;
    return;
  }
#endif
  auto* gen = static_cast<rng::BitGen*>(bitgen.attr("capsule").cast<py::capsule>().get_pointer());
  py::gil_scoped_release nogil;
  f(gen, static_cast<std::uint64_t*>(nullptr), static_cast<const std::uint64_t*>(nullptr));
}

}  // namespace paretix::bind

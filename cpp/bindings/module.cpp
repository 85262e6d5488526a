// paretix._core: CPU kernels. Bindings only convert, check and release the GIL.
#include <pybind11/pybind11.h>

#include "bind_device.hpp"

namespace py = pybind11;

void bind_nds(py::module_& m);
void bind_hv(py::module_& m);
void bind_nsga3(py::module_& m);
void bind_cmaes(py::module_& m);
void bind_genetic(py::module_& m);
void bind_hype(py::module_& m);
void bind_moead(py::module_& m);

PYBIND11_MODULE(_core, m) {
  m.doc() = "paretix C++ kernels (internal; use paretix.kernels)";
  m.attr("__version__") = PARETIX_VERSION;
  bind_nds(m);
  bind_hv(m);
  bind_nsga3(m);
  bind_cmaes(m);
  bind_genetic(m);
  bind_hype(m);
  bind_moead(m);
  paretix::bind_device::bind(m);  // host emulation of the CUDA kernels (dev_*)
}

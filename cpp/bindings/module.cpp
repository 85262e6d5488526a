// paretix._core: CPU kernels. Bindings only convert, check and release the GIL.
#include <pybind11/pybind11.h>

#include <pybind11/numpy.h>

#include "bind_device.hpp"
#include "paretix/device/dirtree.hpp"

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
  m.def(
      "direction_tree",
      [](py::array_t<double, py::array::c_style | py::array::forcecast> W) {
        if (W.ndim() != 2 || W.shape(0) < 1 || W.shape(1) < 1)
          throw py::value_error("W must be a 2-D array with at least one direction");
        const auto r = static_cast<std::int64_t>(W.shape(0)), m_ = static_cast<std::int64_t>(W.shape(1));
        paretix::dev::DirTree t;
        {
          py::gil_scoped_release nogil;
          t = paretix::dev::build_direction_tree(W.data(), r, m_);
        }
        py::array_t<double> P({r, m_});
        std::copy(t.pts.begin(), t.pts.end(), P.mutable_data());
        return py::make_tuple(P, py::array_t<std::int64_t>(static_cast<py::ssize_t>(t.orig.size()), t.orig.data()),
                              py::array_t<std::int64_t>(static_cast<py::ssize_t>(t.dim.size()), t.dim.data()),
                              py::array_t<double>(static_cast<py::ssize_t>(t.split.size()), t.split.data()), t.pos0);
      },
      py::arg("W"), "(P, orig, dim, split, pos0): the GPU association's k-d tree over W's unit directions.");
}

// paretix._cuda: CUDA device queries and kernels. Imported only when needed (never by `import paretix`).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>

#include "bind_device.hpp"
#include "paretix/cuda_device.hpp"

namespace py = pybind11;
namespace pc = paretix::cuda;

PYBIND11_MODULE(_cuda, m) {
  m.doc() = "paretix CUDA kernels (internal; use paretix.kernels)";
  paretix::bind_device::bind(m);
  m.def("runtime_version", &pc::runtime_version, "CUDA runtime version the module was built with (e.g. 13000).");
  m.def(
      "device_count",
      [] {
        const pc::DeviceCount c = pc::device_count();
        return py::make_tuple(c.count, c.error_name, c.error_message);
      },
      "(count, error_name, error_message); count is 0 and the error says why when no device is usable.");
  m.def(
      "device_info",
      [](int device) {
        const pc::DeviceInfo d = pc::device_info(device);
        py::dict out;
        out["name"] = d.name;
        out["compute_capability"] = py::make_tuple(d.major, d.minor);
        out["total_memory"] = d.total_memory;
        out["multiprocessors"] = d.multiprocessors;
        out["driver_version"] = d.driver_version;
        return out;
      },
      py::arg("device") = 0);
  m.def(
      "axpy",
      [](double a, py::array_t<double, py::array::c_style | py::array::forcecast> x,
         py::array_t<double, py::array::c_style | py::array::forcecast> y) {
        if (x.ndim() != 1 || y.ndim() != 1 || x.shape(0) != y.shape(0))
          throw py::value_error("x and y must be 1-D arrays of the same length");
        py::array_t<double> out(y.shape(0));
        std::copy(y.data(), y.data() + y.shape(0), out.mutable_data());
        {
          py::gil_scoped_release nogil;
          pc::axpy(a, x.data(), out.mutable_data(), static_cast<std::int64_t>(x.shape(0)));
        }
        return out;
      },
      py::arg("a"), py::arg("x"), py::arg("y"), "a * x + y computed on the GPU (smoke test).");
}

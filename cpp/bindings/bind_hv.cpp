#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>

#include "checks.hpp"
#include "paretix/hv.hpp"

namespace py = pybind11;
using paretix::bind::Points;
using paretix::bind::require_2d;
using paretix::bind::require_ref;

namespace {

using Vector = py::array_t<double, py::array::c_style>;

}  // namespace

void bind_hv(py::module_& m) {
  m.def(
      "hypervolume",
      [](const Points& points, const Vector& ref) {
        require_2d(points, "points");
        require_ref(points, ref);
        const auto n = static_cast<std::int64_t>(points.shape(0));
        const auto d = static_cast<std::int64_t>(points.shape(1));
        double hv;
        {
          py::gil_scoped_release nogil;
          hv = paretix::hypervolume(points.data(), n, d, ref.data());
        }
        return hv;
      },
      py::arg("points"), py::arg("ref"), "Exact hypervolume (minimisation) of the rows with respect to ref.");
  m.def(
      "hv_contributions",
      [](const Points& points, const Vector& ref, bool ignore_dominated) {
        require_2d(points, "points");
        require_ref(points, ref);
        const auto n = static_cast<std::int64_t>(points.shape(0));
        const auto d = static_cast<std::int64_t>(points.shape(1));
        py::array_t<double> out(n);
        {
          py::gil_scoped_release nogil;
          paretix::hv_contributions(points.data(), n, d, ref.data(), ignore_dominated, out.mutable_data());
        }
        return out;
      },
      py::arg("points"), py::arg("ref"), py::arg("ignore_dominated"),
      "Exclusive hypervolume contribution of every row (boxes of counted rows must be finite).");
  m.def(
      "hypervolume_mc",
      [](const Points& points, const Vector& ref, std::int64_t n_samples, std::uint64_t seed) {
        require_2d(points, "points");
        require_ref(points, ref);
        if (n_samples < 1) throw py::value_error("n_samples must be >= 1, got " + std::to_string(n_samples));
        const auto n = static_cast<std::int64_t>(points.shape(0));
        const auto d = static_cast<std::int64_t>(points.shape(1));
        paretix::HvEstimate est;
        {
          py::gil_scoped_release nogil;
          est = paretix::hypervolume_mc(points.data(), n, d, ref.data(), n_samples, seed);
        }
        return py::make_tuple(est.value, est.std_error, est.n_dominated);
      },
      py::arg("points"), py::arg("ref"), py::arg("n_samples"), py::arg("seed"),
      "Monte Carlo hypervolume estimate: (value, std_error, n_dominated).");
  m.def("mc_uniform", &paretix::mc_uniform, py::arg("seed"), py::arg("counter"),
        "The uniform [0, 1) variate hypervolume_mc uses for counter i * d + j.");
}

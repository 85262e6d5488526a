#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>

#include "checks.hpp"
#include "paretix/nds.hpp"

namespace py = pybind11;
using paretix::bind::Points;
using paretix::bind::require_2d;

void bind_nds(py::module_& m) {
  m.def(
      "pareto_rank",
      [](const Points& points) {
        require_2d(points, "points");
        const auto n = static_cast<std::int64_t>(points.shape(0));
        const auto k = static_cast<std::int64_t>(points.shape(1));
        py::array_t<std::int64_t> rank(n);
        {
          py::gil_scoped_release nogil;
          paretix::pareto_rank(points.data(), n, k, rank.mutable_data());
        }
        return rank;
      },
      py::arg("points"), "Pareto ranks (0 = non-dominated) of the rows of a C-contiguous float64 array.");
  m.def(
      "is_nondominated",
      [](const Points& points, bool keep_weakly) {
        require_2d(points, "points");
        const auto n = static_cast<std::int64_t>(points.shape(0));
        const auto k = static_cast<std::int64_t>(points.shape(1));
        py::array_t<bool> out(n);
        {
          py::gil_scoped_release nogil;
          paretix::is_nondominated(points.data(), n, k, keep_weakly,
                                   reinterpret_cast<std::uint8_t*>(out.mutable_data()));
        }
        return out;
      },
      py::arg("points"), py::arg("keep_weakly"), "Mask of rank-0 rows.");
  m.def(
      "crowding_distance",
      [](const Points& points) {
        require_2d(points, "points");
        const auto n = static_cast<std::int64_t>(points.shape(0));
        const auto k = static_cast<std::int64_t>(points.shape(1));
        py::array_t<double> out(n);
        {
          py::gil_scoped_release nogil;
          paretix::crowding_distance(points.data(), n, k, out.mutable_data());
        }
        return out;
      },
      py::arg("points"), "NSGA-II crowding distance of the rows.");
}

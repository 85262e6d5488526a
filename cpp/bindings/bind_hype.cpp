// Bindings of the HypE kernels (hype.hpp): check shapes and ranges, allocate outputs, release
// the GIL. The Python layer (paretix.kernels.hype) validates values (NaN, finite boxes).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <limits>
#include <string>

#include "checks.hpp"
#include "paretix/hype.hpp"

namespace py = pybind11;
using paretix::bind::Points;
using paretix::bind::require_2d;
using paretix::bind::require_ref;

namespace {

using Vector = py::array_t<double, py::array::c_style>;

void require_k(std::int64_t k, std::int64_t n, const char* name) {
  if (k < 1 || k > n)
    throw py::value_error(std::string(name) + " must be in [1, n=" + std::to_string(n) + "], got " + std::to_string(k));
}

void require_n(std::int64_t n) {
  if (n >= std::numeric_limits<std::int32_t>::max())
    throw py::value_error("points must have fewer than 2**31 - 1 rows, got " + std::to_string(n));
}

}  // namespace

void bind_hype(py::module_& m) {
  m.def(
      "hype_fitness_mc",
      [](const Points& points, const Vector& ref, std::int64_t k, std::int64_t n_samples, std::uint64_t seed,
         int threads) {
        require_2d(points, "points");
        require_ref(points, ref);
        const auto n = static_cast<std::int64_t>(points.shape(0)), d = static_cast<std::int64_t>(points.shape(1));
        require_n(n);
        require_k(k, n, "k");
        if (n_samples < 1) throw py::value_error("n_samples must be >= 1, got " + std::to_string(n_samples));
        py::array_t<double> out(n);
        std::int64_t hits;
        {
          py::gil_scoped_release nogil;
          hits = paretix::hype_fitness_mc(points.data(), n, d, ref.data(), k, n_samples, seed, out.mutable_data(),
                                          threads);
        }
        return py::make_tuple(out, hits);
      },
      py::arg("points"), py::arg("ref"), py::arg("k"), py::arg("n_samples"), py::arg("seed"), py::arg("threads") = 1,
      "Monte Carlo HypE fitness: (fitness, n_dominated).");
  m.def(
      "hype_fitness_exact",
      [](const Points& points, const Vector& ref, std::int64_t k) {
        require_2d(points, "points");
        require_ref(points, ref);
        const auto n = static_cast<std::int64_t>(points.shape(0)), d = static_cast<std::int64_t>(points.shape(1));
        if (d != 2 && d != 3) throw py::value_error("exact HypE fitness needs 2 or 3 objectives, got " + std::to_string(d));
        require_k(k, n, "k");
        py::array_t<double> out(n);
        {
          py::gil_scoped_release nogil;
          paretix::hype_fitness_exact(points.data(), n, d, ref.data(), k, out.mutable_data());
        }
        return out;
      },
      py::arg("points"), py::arg("ref"), py::arg("k"), "Exact HypE fitness (2 or 3 objectives).");
  m.def(
      "hype_greedy",
      [](const Points& points, const Vector& ref, std::int64_t n_remove, bool exact, std::int64_t n_samples,
         std::uint64_t seed, int threads) {
        require_2d(points, "points");
        require_ref(points, ref);
        const auto n = static_cast<std::int64_t>(points.shape(0)), d = static_cast<std::int64_t>(points.shape(1));
        require_n(n);
        if (n_remove < 0 || n_remove > n)
          throw py::value_error("n_remove must be in [0, n=" + std::to_string(n) + "], got " + std::to_string(n_remove));
        if (exact && d != 2 && d != 3)
          throw py::value_error("exact HypE fitness needs 2 or 3 objectives, got " + std::to_string(d));
        if (!exact && n_samples < 1) throw py::value_error("n_samples must be >= 1, got " + std::to_string(n_samples));
        py::array_t<std::int64_t> removed(n_remove);
        {
          py::gil_scoped_release nogil;
          paretix::hype_greedy(points.data(), n, d, ref.data(), n_remove, exact ? 1 : 0, n_samples, seed,
                               removed.mutable_data(), threads);
        }
        return removed;
      },
      py::arg("points"), py::arg("ref"), py::arg("n_remove"), py::arg("exact"), py::arg("n_samples"), py::arg("seed"),
      py::arg("threads") = 1, "Greedy HypE removal: the rows removed, in order.");
}

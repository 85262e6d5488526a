#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>

#include "checks.hpp"
#include "paretix/niching.hpp"

namespace py = pybind11;
using paretix::bind::Points;
using paretix::bind::require_2d;
using Index = py::array_t<std::int64_t, py::array::c_style>;
using Vector = py::array_t<double, py::array::c_style>;

void bind_nsga3(py::module_& m) {
  m.def(
      "associate",
      [](const Points& F, const Points& W, int threads) {
        require_2d(F, "F");
        require_2d(W, "ref_dirs");
        if (F.shape(1) != W.shape(1))
          throw py::value_error("F has " + std::to_string(F.shape(1)) + " objectives but ref_dirs has " +
                                std::to_string(W.shape(1)));
        if (W.shape(0) == 0) throw py::value_error("ref_dirs must hold at least one direction");
        const auto n = static_cast<std::int64_t>(F.shape(0));
        py::array_t<std::int64_t> niche(n);
        py::array_t<double> dist(n);
        {
          py::gil_scoped_release nogil;
          paretix::associate(F.data(), n, W.data(), static_cast<std::int64_t>(W.shape(0)),
                             static_cast<std::int64_t>(F.shape(1)), niche.mutable_data(), dist.mutable_data(),
                             threads);
        }
        return py::make_tuple(niche, dist);
      },
      py::arg("F"), py::arg("ref_dirs"), py::arg("threads") = 1, "Nearest reference direction (by angle) and perpendicular distance.");
  m.def(
      "niching",
      [](const Index& niche, const Vector& dist, const Index& counts, std::int64_t k, std::uint64_t seed) {
        const auto m_ = static_cast<std::int64_t>(niche.size());
        const auto r = static_cast<std::int64_t>(counts.size());
        if (dist.size() != niche.size()) throw py::value_error("niche and dist must have the same length");
        if (k < 0 || k > m_) throw py::value_error("k must lie in [0, len(niche)]");
        for (std::int64_t i = 0; i < m_; ++i)
          if (niche.data()[i] < 0 || niche.data()[i] >= r) throw py::value_error("niche index out of range");
        py::array_t<std::int64_t> selected(k);
        {
          py::gil_scoped_release nogil;
          paretix::niching(niche.data(), dist.data(), m_, counts.data(), r, k, seed, selected.mutable_data());
        }
        return selected;
      },
      py::arg("niche"), py::arg("dist"), py::arg("counts"), py::arg("k"), py::arg("seed"),
      "Deb & Jain niching: k candidate indices chosen from the last front.");
}

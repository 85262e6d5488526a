// Bindings of the MOEA/D kernels (moead.hpp): shape checks, outputs, the GIL released.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>

#include "checks.hpp"
#include "paretix/moead.hpp"

namespace py = pybind11;
using paretix::bind::Points;
using Index = py::array_t<std::int64_t, py::array::c_style>;
namespace md = paretix::moead;

namespace {

void require_shape(const py::array& a, const char* name, py::ssize_t rows, py::ssize_t cols) {
  if (a.ndim() != 2 || a.shape(0) != rows || a.shape(1) != cols)
    throw py::value_error(std::string(name) + " must have shape (" + std::to_string(rows) + ", " +
                          std::to_string(cols) + ")");
}

void require_len(const py::array& a, const char* name, py::ssize_t n) {
  if (a.ndim() != 1 || a.shape(0) != n)
    throw py::value_error(std::string(name) + " must be a 1-D array of length " + std::to_string(n));
}

}  // namespace

void bind_moead(py::module_& m) {
  m.def(
      "moead_neighbors",
      [](const Points& W, int k, int threads) {
        paretix::bind::require_2d(W, "W");
        const auto n = static_cast<std::int64_t>(W.shape(0));
        const int d = static_cast<int>(W.shape(1));
        if (k < 0 || k > n) throw py::value_error("n_neighbors must be in [0, n_dirs]");
        Index out({n, static_cast<std::int64_t>(k)});
        {
          py::gil_scoped_release nogil;
          md::knn(W.data(), n, d, k, out.mutable_data(), threads);
        }
        return out;
      },
      py::arg("W"), py::arg("k"), py::arg("threads") = 1);

  m.def(
      "moead_replace",
      [](const Points& F, const Points& cv, const Points& Fc, const Points& cvc, const Points& W, const Index& cand,
         const Points& ideal, const Points& scale, int method, double theta, std::int64_t max_repl) {
        paretix::bind::require_2d(F, "F");
        const py::ssize_t n = F.shape(0), mo = F.shape(1);
        paretix::bind::require_2d(Fc, "F_child");
        const py::ssize_t nc = Fc.shape(0);
        require_shape(Fc, "F_child", nc, mo);
        require_shape(W, "W", n, mo);
        require_len(cv, "cv", n);
        require_len(cvc, "cv_child", nc);
        require_len(ideal, "ideal", mo);
        require_len(scale, "scale", mo);
        if (cand.ndim() != 2 || cand.shape(0) != nc)
          throw py::value_error("candidates must have shape (n_children, n_candidates)");
        const py::ssize_t n_cand = cand.shape(1);
        const std::int64_t* cd = cand.data();
        for (py::ssize_t i = 0; i < nc * n_cand; ++i)
          if (cd[i] < 0 || cd[i] >= n) throw py::value_error("candidates must be subproblem indices in [0, n)");
        if (method < 0 || method > 3) throw py::value_error("method must be 0..3");
        md::Aggregation agg;
        agg.method = method;
        agg.m = static_cast<int>(mo);
        agg.theta = theta;
        agg.ideal = ideal.data();
        agg.scale = scale.data();
        Index winner(n);
        {
          py::gil_scoped_release nogil;
          md::replace(F.data(), cv.data(), n, Fc.data(), cvc.data(), nc, W.data(), cd, n_cand, agg, max_repl,
                      winner.mutable_data());
        }
        return winner;
      },
      py::arg("F"), py::arg("cv"), py::arg("F_child"), py::arg("cv_child"), py::arg("W"), py::arg("candidates"),
      py::arg("ideal"), py::arg("scale"), py::arg("method"), py::arg("theta"), py::arg("max_replacements"));
}

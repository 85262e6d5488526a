// Bindings of the genetic-algorithm kernels: duplicate rows (dedup.hpp) and variation
// (variation.hpp). They check shapes, allocate outputs and release the GIL.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bitgen.hpp"
#include "checks.hpp"
#include "paretix/dedup.hpp"
#include "paretix/variation.hpp"

namespace py = pybind11;
using paretix::bind::Points;
using Index = py::array_t<std::int64_t, py::array::c_style>;
namespace var = paretix::variation;

namespace {

void require_rows(const Points& a, const char* name) {
  if (a.ndim() != 2)
    throw py::value_error(std::string(name) + " must be a 2-D array (n_rows, n_columns), got " +
                          std::to_string(a.ndim()) + " dimensions");
}

void require_bounds(const Points& xl, const Points& xu, std::int64_t n_var) {
  if (xl.ndim() != 1 || xu.ndim() != 1 || xl.shape(0) != n_var || xu.shape(0) != n_var)
    throw py::value_error("xl and xu must be 1-D arrays of length n_var=" + std::to_string(n_var));
}

// Runs f(draws) without the GIL, the uniforms coming from the pre-drawn array R (rows x k) or,
// when R is None, from the numpy Generator rng (see bitgen.hpp).
template <class F>
void with_draws(const py::object& rng, const std::optional<Points>& R, std::int64_t rows, std::int64_t k,
                const F& f) {
  if (R) {
    if (R->ndim() != 2 || R->shape(0) != rows || R->shape(1) != k)
      throw py::value_error("draws must have shape (" + std::to_string(rows) + ", " + std::to_string(k) + ")");
    var::Draws d;
    d.R = R->data();
    py::gil_scoped_release nogil;
    f(d);
    return;
  }
  if (rng.is_none()) throw py::value_error("give rng or draws");
  paretix::bind::with_bit_generator(
      rng, rows * k, [&](paretix::rng::BitGen* gen, std::uint64_t* state, const std::uint64_t* inc) {
        var::Draws d;
        d.gen = gen;
        d.pcg_state = state;
        d.pcg_inc = inc;
        f(d);
      });
}

}  // namespace

void bind_genetic(py::module_& m) {
  m.def(
      "duplicated",
      [](const Points& X, const std::vector<Points>& existing, int threads) {
        require_rows(X, "X");
        const auto n = static_cast<std::int64_t>(X.shape(0)), d = static_cast<std::int64_t>(X.shape(1));
        std::vector<paretix::RowBlock> blocks;
        for (const auto& E : existing) {
          require_rows(E, "existing");
          if (E.shape(1) != X.shape(1))
            throw py::value_error("existing must have " + std::to_string(d) + " columns like X, got " +
                                  std::to_string(E.shape(1)));
          blocks.push_back({E.data(), static_cast<std::int64_t>(E.shape(0))});
        }
        py::array_t<bool> dup(n);
        {
          py::gil_scoped_release nogil;
          static_assert(sizeof(bool) == 1, "bool arrays are written as bytes");
          paretix::duplicated(X.data(), n, d, blocks.data(), static_cast<std::int64_t>(blocks.size()),
                              reinterpret_cast<std::uint8_t*>(dup.mutable_data()), threads);
        }
        return dup;
      },
      py::arg("X"), py::arg("existing"), py::arg("threads") = 1,
      "Rows of X equal to an earlier row of X or to a row of one of the existing blocks.");

  m.def(
      "sbx",
      [](const Points& A, const Points& B, const Points& xl, const Points& xu, const std::array<double, 4>& p,
         const py::object& rng, const std::optional<Points>& draws, int threads) {
        require_rows(A, "A");
        if (B.ndim() != 2 || B.shape(0) != A.shape(0) || B.shape(1) != A.shape(1))
          throw py::value_error("A and B must have the same shape");
        const auto n = static_cast<std::int64_t>(A.shape(0)), n_var = static_cast<std::int64_t>(A.shape(1));
        require_bounds(xl, xu, n_var);
        Points C1({n, n_var}), C2({n, n_var});
        with_draws(rng, draws, n, var::sbx_width(n_var), [&](const var::Draws& d) {
          var::sbx(A.data(), B.data(), n, n_var, xl.data(), xu.data(), {p[0], p[1], p[2], p[3]}, d, threads,
                   C1.mutable_data(), C2.mutable_data());
        });
        return py::make_tuple(C1, C2);
      },
      py::arg("A"), py::arg("B"), py::arg("xl"), py::arg("xu"), py::arg("params"), py::arg("rng").none(true),
      py::arg("draws").none(true), py::arg("threads"),
      "Bounded SBX of A[i] with B[i]; params = (eta, prob, prob_var, prob_swap). Returns (C1, C2).");
  m.def(
      "pm",
      [](const Points& X, const Points& xl, const Points& xu, const std::array<double, 3>& p, const py::object& rng,
         const std::optional<Points>& draws, int threads) {
        require_rows(X, "X");
        const auto n = static_cast<std::int64_t>(X.shape(0)), n_var = static_cast<std::int64_t>(X.shape(1));
        require_bounds(xl, xu, n_var);
        Points Y({n, n_var});
        with_draws(rng, draws, n, var::pm_width(n_var), [&](const var::Draws& d) {
          var::pm(X.data(), n, n_var, xl.data(), xu.data(), {p[0], p[1], p[2]}, d, threads, Y.mutable_data());
        });
        return Y;
      },
      py::arg("X"), py::arg("xl"), py::arg("xu"), py::arg("params"), py::arg("rng").none(true),
      py::arg("draws").none(true), py::arg("threads"),
      "Polynomial mutation of X; params = (eta, prob, prob_var).");
  m.def(
      "sbx_pm",
      [](const Points& X, const Index& parents, const Points& xl, const Points& xu, const std::array<double, 4>& ps,
         const std::array<double, 3>& pm, std::int64_t n, const py::object& rng, const std::optional<Points>& draws,
         int threads) {
        require_rows(X, "X");
        const auto m_ = static_cast<std::int64_t>(X.shape(0)), n_var = static_cast<std::int64_t>(X.shape(1));
        require_bounds(xl, xu, n_var);
        if (parents.ndim() != 2 || parents.shape(1) != 2)
          throw py::value_error("parents must have shape (n_pairs, 2)");
        const auto n_pairs = static_cast<std::int64_t>(parents.shape(0));
        if (n < 0 || (n + 1) / 2 != n_pairs)
          throw py::value_error("n must be 2 n_pairs or 2 n_pairs - 1, got n=" + std::to_string(n) + " for " +
                                std::to_string(n_pairs) + " pairs");
        for (std::int64_t i = 0; i < 2 * n_pairs; ++i)
          if (parents.data()[i] < 0 || parents.data()[i] >= m_)
            throw py::value_error("parents must index the rows of X, got " + std::to_string(parents.data()[i]));
        Points Y({n, n_var});
        with_draws(rng, draws, n_pairs, var::sbx_pm_width(n_var), [&](const var::Draws& d) {
          var::sbx_pm(X.data(), parents.data(), n_pairs, n_var, xl.data(), xu.data(), {ps[0], ps[1], ps[2], ps[3]},
                      {pm[0], pm[1], pm[2]}, d, threads, n, Y.mutable_data());
        });
        return Y;
      },
      py::arg("X"), py::arg("parents"), py::arg("xl"), py::arg("xu"), py::arg("sbx"), py::arg("pm"), py::arg("n"),
      py::arg("rng").none(true), py::arg("draws").none(true), py::arg("threads"),
      "SBX of the parent pairs, then PM of both children, in one pass: Y[2i], Y[2i + 1] from pair i.");
}

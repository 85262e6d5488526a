// Bindings of the genetic-algorithm kernels: duplicate rows (dedup.hpp) and variation
// (variation.hpp). They check shapes, allocate outputs and release the GIL.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "checks.hpp"
#include "paretix/dedup.hpp"

namespace py = pybind11;
using paretix::bind::Points;

namespace {

void require_rows(const Points& a, const char* name) {
  if (a.ndim() != 2)
    throw py::value_error(std::string(name) + " must be a 2-D array (n_rows, n_columns), got " +
                          std::to_string(a.ndim()) + " dimensions");
}

}  // namespace

void bind_genetic(py::module_& m) {
  m.def(
      "duplicated",
      [](const Points& X, const std::vector<Points>& existing) {
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
                              reinterpret_cast<std::uint8_t*>(dup.mutable_data()));
        }
        return dup;
      },
      py::arg("X"), py::arg("existing"),
      "Rows of X equal to an earlier row of X or to a row of one of the existing blocks.");
}

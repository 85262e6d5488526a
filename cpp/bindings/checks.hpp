// Argument checks shared by the bindings: kernels take C-contiguous 2-D float64 arrays.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>

namespace paretix::bind {

using Points = pybind11::array_t<double, pybind11::array::c_style>;

inline void require_2d(const Points& a, const char* name) {
  if (a.ndim() != 2)
    throw pybind11::value_error(std::string(name) + " must be a 2-D array (n_points, n_objectives), got " +
                                std::to_string(a.ndim()) + " dimensions");
}

}  // namespace paretix::bind

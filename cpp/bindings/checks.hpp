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

// A reference point: a 1-D array with one value per column of points.
inline void require_ref(const Points& points, const Points& ref) {
  if (ref.ndim() == 1 && ref.shape(0) == points.shape(1)) return;
  std::string shape = "(";
  for (pybind11::ssize_t i = 0; i < ref.ndim(); ++i) shape += (i ? ", " : "") + std::to_string(ref.shape(i));
  throw pybind11::value_error("ref must be a 1-D array with one value per objective (" +
                              std::to_string(points.shape(1)) + "), got shape " + shape +
                              (ref.ndim() == 1 ? ",)" : ")"));
}

}  // namespace paretix::bind

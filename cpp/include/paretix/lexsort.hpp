// Lexicographic ordering of point rows, shared by the sorting kernels.
#pragma once

#include <cstdint>
#include <vector>

namespace paretix::detail {

// Indices 0..n-1 ordered lexicographically by row, ties (exact duplicates) by index.
std::vector<std::int64_t> lex_order(const double* points, std::int64_t n, std::int64_t m);

// Rows of `points` gathered in `order` into one contiguous buffer (better locality for sweeps).
std::vector<double> gather_rows(const double* points, const std::vector<std::int64_t>& order,
                                std::int64_t m);

inline bool rows_equal(const double* a, const double* b, std::int64_t m) {
  for (std::int64_t j = 0; j < m; ++j)
    if (a[j] != b[j]) return false;
  return true;
}

}  // namespace paretix::detail

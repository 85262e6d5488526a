#include "paretix/lexsort.hpp"

#include <algorithm>
#include <numeric>

namespace paretix::detail {

std::vector<std::int64_t> lex_order(const double* points, std::int64_t n, std::int64_t m) {
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), std::int64_t{0});
  std::sort(order.begin(), order.end(), [points, m](std::int64_t a, std::int64_t b) {
    const double* pa = points + a * m;
    const double* pb = points + b * m;
    for (std::int64_t j = 0; j < m; ++j) {
      if (pa[j] < pb[j]) return true;
      if (pb[j] < pa[j]) return false;
    }
    return a < b;
  });
  return order;
}

std::vector<double> gather_rows(const double* points, const std::vector<std::int64_t>& order,
                                std::int64_t m) {
  std::vector<double> rows(order.size() * static_cast<std::size_t>(m));
  double* dst = rows.data();
  for (std::int64_t idx : order) {
    std::copy(points + idx * m, points + (idx + 1) * m, dst);
    dst += m;
  }
  return rows;
}

}  // namespace paretix::detail

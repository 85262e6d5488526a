#include "paretix/lexsort.hpp"

#include <algorithm>

namespace paretix::detail {

namespace {
struct KeyIndex {
  double key;  // objective 0, kept beside the index so most comparisons touch one cache line
  std::int64_t index;
};
}  // namespace

std::vector<std::int64_t> lex_order(const double* points, std::int64_t n, std::int64_t m) {
  std::vector<KeyIndex> keys(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) keys[static_cast<std::size_t>(i)] = {m > 0 ? points[i * m] : 0.0, i};
  std::sort(keys.begin(), keys.end(), [points, m](const KeyIndex& a, const KeyIndex& b) {
    if (a.key < b.key) return true;
    if (b.key < a.key) return false;
    const double* pa = points + a.index * m;
    const double* pb = points + b.index * m;
    for (std::int64_t j = 1; j < m; ++j) {
      if (pa[j] < pb[j]) return true;
      if (pb[j] < pa[j]) return false;
    }
    return a.index < b.index;
  });
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < keys.size(); ++i) order[i] = keys[i].index;
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

#include <algorithm>
#include <limits>
#include <numeric>
#include <vector>

#include "paretix/lexsort.hpp"
#include "paretix/nds.hpp"

namespace paretix {

void crowding_distance(const double* points, std::int64_t n, std::int64_t m, double* out) {
  if (n <= 0) return;
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::fill(out, out + n, 0.0);
  // First copy (lowest index) of each distinct row, in index order.
  const std::vector<std::int64_t> order = detail::lex_order(points, n, m);
  std::vector<std::int64_t> uniq;
  uniq.reserve(order.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    if (i == 0 || !detail::rows_equal(points + order[i] * m, points + order[i - 1] * m, m))
      uniq.push_back(order[i]);
  std::sort(uniq.begin(), uniq.end());
  const std::size_t u = uniq.size();
  if (u <= 2) {
    for (std::int64_t idx : uniq) out[idx] = inf;
    return;
  }
  std::vector<double> dist(u, 0.0);
  std::vector<std::size_t> by(u);
  std::vector<double> v(u);
  for (std::int64_t j = 0; j < m; ++j) {
    std::iota(by.begin(), by.end(), std::size_t{0});
    std::stable_sort(by.begin(), by.end(), [&](std::size_t a, std::size_t b) {
      return points[uniq[a] * m + j] < points[uniq[b] * m + j];
    });
    for (std::size_t k = 0; k < u; ++k) v[k] = points[uniq[by[k]] * m + j];
    const double range = v[u - 1] - v[0];
    if (!(range > 0.0)) continue;
    dist[by[0]] = inf;
    dist[by[u - 1]] = inf;
    for (std::size_t k = 1; k + 1 < u; ++k) {
      const double term = (v[k + 1] - v[k - 1]) / range;
      if (term == term) dist[by[k]] += term;
    }
  }
  for (std::size_t i = 0; i < u; ++i) out[uniq[i]] = dist[i];
}

}  // namespace paretix

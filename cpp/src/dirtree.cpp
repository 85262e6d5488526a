// Host build of the GPU's direction tree (device/dirtree.hpp).
#include "paretix/device/dirtree.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

#include "paretix/niching.hpp"

namespace paretix::dev {
namespace {

struct Builder {
  DirTree& t;
  i64 m;
  std::vector<double> scratch;
  std::vector<std::pair<double, i64>> keys;

  void node(i64 k, i64 lo, i64 hi, int depth) {
    if (static_cast<i64>(t.dim.size()) <= k) {
      t.dim.resize(static_cast<std::size_t>(k + 1), -1);
      t.split.resize(static_cast<std::size_t>(k + 1), 0.0);
    }
    if (hi - lo <= kTreeLeaf || depth >= kTreeMaxDepth - 2) return;
    i64 best = 0;
    double spread = -1.0;
    for (i64 j = 0; j < m; ++j) {
      double a = t.pts[static_cast<std::size_t>(lo * m + j)], b = a;
      for (i64 r = lo + 1; r < hi; ++r) {
        const double v = t.pts[static_cast<std::size_t>(r * m + j)];
        a = std::min(a, v);
        b = std::max(b, v);
      }
      if (b - a > spread) spread = b - a, best = j;
    }
    if (!(spread > 0.0)) return;  // all rows equal: one leaf
    const i64 mid = lo + (hi - lo) / 2;
    keys.resize(static_cast<std::size_t>(hi - lo));
    for (i64 r = lo; r < hi; ++r) keys[static_cast<std::size_t>(r - lo)] = {t.pts[static_cast<std::size_t>(r * m + best)], r};
    std::nth_element(keys.begin(), keys.begin() + (mid - lo), keys.end());
    scratch.resize(static_cast<std::size_t>((hi - lo) * m));
    std::vector<i64> ids(static_cast<std::size_t>(hi - lo));
    for (i64 r = 0; r < hi - lo; ++r) {
      const i64 from = keys[static_cast<std::size_t>(r)].second;
      std::copy_n(t.pts.begin() + from * m, m, scratch.begin() + r * m);
      ids[static_cast<std::size_t>(r)] = t.orig[static_cast<std::size_t>(from)];
    }
    std::copy(scratch.begin(), scratch.end(), t.pts.begin() + lo * m);
    std::copy(ids.begin(), ids.end(), t.orig.begin() + lo);
    t.dim[static_cast<std::size_t>(k)] = best;
    t.split[static_cast<std::size_t>(k)] = keys[static_cast<std::size_t>(mid - lo)].first;
    node(2 * k + 1, lo, mid, depth + 1);
    node(2 * k + 2, mid, hi, depth + 1);
  }
};

}  // namespace

DirTree build_direction_tree(const double* W, i64 r, i64 m) {
  DirTree t;
  t.pts.resize(static_cast<std::size_t>(r * m));
  for (i64 i = 0; i < r; ++i) unit_vector(W + i * m, m, t.pts.data() + i * m);
  t.orig.resize(static_cast<std::size_t>(r));
  std::iota(t.orig.begin(), t.orig.end(), i64{0});
  Builder b{t, m, {}, {}};
  if (r > 0) b.node(0, 0, r, 0);
  if (t.dim.empty()) t.dim.assign(1, -1), t.split.assign(1, 0.0);
  for (i64 p = 0; p < r; ++p)
    if (t.orig[static_cast<std::size_t>(p)] == 0) t.pos0 = p;
  return t;
}

}  // namespace paretix::dev

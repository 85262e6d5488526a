// NSGA-III association (k-d tree nearest unit direction) and niching (see niching.hpp).
#include "paretix/niching.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

#include "paretix/splitmix.hpp"

namespace paretix {
namespace {

// Unit vector of row `src` (m values) into `dst`; a zero row stays zero.
void unit(const double* src, std::int64_t m, double* dst) {
  double norm2 = 0.0;
  for (std::int64_t j = 0; j < m; ++j) norm2 += src[j] * src[j];
  const double norm = std::sqrt(norm2);
  for (std::int64_t j = 0; j < m; ++j) dst[j] = norm > 0.0 ? src[j] / norm : 0.0;
}

double sqdist(const double* a, const double* b, std::int64_t m) {
  double s = 0.0;
  for (std::int64_t j = 0; j < m; ++j) {
    const double d = a[j] - b[j];
    s += d * d;
  }
  return s;
}

// Static k-d tree over r points (the unit directions) for exact nearest-neighbour queries.
class KdTree {
 public:
  KdTree(const double* pts, std::int64_t r, std::int64_t m) : pts_(pts), m_(m), idx_(static_cast<std::size_t>(r)) {
    std::iota(idx_.begin(), idx_.end(), std::int64_t{0});
    if (r > 0) build(0, r);
  }

  // Nearest point to q: smallest squared distance, ties to the lowest index.
  std::int64_t nearest(const double* q) const {
    best_ = std::numeric_limits<double>::infinity();
    best_idx_ = -1;
    search(0, q);
    return best_idx_;
  }

 private:
  static constexpr std::int64_t kLeaf = 8;
  struct Node {
    std::int64_t lo, hi;  // range in idx_
    int dim;              // -1: leaf
    double split;
    std::int32_t left, right;
  };

  std::int32_t build(std::int64_t lo, std::int64_t hi) {
    const auto id = static_cast<std::int32_t>(nodes_.size());
    nodes_.push_back({lo, hi, -1, 0.0, -1, -1});
    if (hi - lo <= kLeaf) return id;
    int dim = 0;
    double widest = -1.0;
    for (std::int64_t j = 0; j < m_; ++j) {
      double a = std::numeric_limits<double>::infinity(), b = -a;
      for (std::int64_t t = lo; t < hi; ++t) {
        const double v = at(idx_[static_cast<std::size_t>(t)], j);
        a = std::min(a, v);
        b = std::max(b, v);
      }
      if (b - a > widest) widest = b - a, dim = static_cast<int>(j);
    }
    if (!(widest > 0.0)) return id;  // all points equal: keep as a leaf
    const std::int64_t mid = lo + (hi - lo) / 2;
    std::nth_element(idx_.begin() + lo, idx_.begin() + mid, idx_.begin() + hi,
                     [&](std::int64_t a, std::int64_t b) { return at(a, dim) < at(b, dim); });
    const double split = at(idx_[static_cast<std::size_t>(mid)], dim);
    const std::int32_t left = build(lo, mid);
    const std::int32_t right = build(mid, hi);
    Node& node = nodes_[static_cast<std::size_t>(id)];
    node.dim = dim;
    node.split = split;
    node.left = left;
    node.right = right;
    return id;
  }

  double at(std::int64_t i, std::int64_t j) const { return pts_[i * m_ + j]; }

  void search(std::int32_t id, const double* q) const {
    const Node& node = nodes_[static_cast<std::size_t>(id)];
    if (node.dim < 0) {
      for (std::int64_t t = node.lo; t < node.hi; ++t) {
        const std::int64_t i = idx_[static_cast<std::size_t>(t)];
        const double d = sqdist(q, pts_ + i * m_, m_);
        if (d < best_ || (d == best_ && i < best_idx_)) best_ = d, best_idx_ = i;
      }
      return;
    }
    // Left holds values <= split, right values >= split (nth_element); visit q's side first.
    const double diff = q[node.dim] - node.split;
    const std::int32_t near = diff <= 0.0 ? node.left : node.right;
    const std::int32_t far = diff <= 0.0 ? node.right : node.left;
    search(near, q);
    // Keep equal distances reachable (a tie may have a lower index on the far side).
    if (diff * diff <= best_) search(far, q);
  }

  const double* pts_;
  std::int64_t m_;
  std::vector<std::int64_t> idx_;
  std::vector<Node> nodes_;
  mutable double best_ = 0.0;
  mutable std::int64_t best_idx_ = -1;
};

}  // namespace

void associate(const double* F, std::int64_t n, const double* W, std::int64_t r, std::int64_t m,
               std::int64_t* niche, double* dist) {
  if (n <= 0) return;
  std::vector<double> U(static_cast<std::size_t>(r * m));
  for (std::int64_t i = 0; i < r; ++i) unit(W + i * m, m, U.data() + i * m);
  const KdTree tree(U.data(), r, m);
  std::vector<double> u(static_cast<std::size_t>(m));
  for (std::int64_t i = 0; i < n; ++i) {
    const double* f = F + i * m;
    unit(f, m, u.data());
    bool zero = true;
    for (std::int64_t j = 0; j < m; ++j) zero = zero && u[static_cast<std::size_t>(j)] == 0.0;
    const std::int64_t k = zero ? 0 : tree.nearest(u.data());  // f = 0: every direction fits, take 0
    const double* w = U.data() + k * m;
    double proj = 0.0;
    for (std::int64_t j = 0; j < m; ++j) proj += f[j] * w[j];
    double d2 = 0.0;
    for (std::int64_t j = 0; j < m; ++j) {
      const double e = f[j] - proj * w[j];
      d2 += e * e;
    }
    niche[i] = k;
    dist[i] = std::sqrt(d2);
  }
}

void niching(const std::int64_t* niche, const double* dist, std::int64_t m, const std::int64_t* counts_in,
             std::int64_t r, std::int64_t k, std::uint64_t seed, std::int64_t* selected) {
  if (k <= 0) return;
  // Candidates grouped by niche (CSR), each group in index order.
  std::vector<std::int64_t> start(static_cast<std::size_t>(r + 1), 0);
  for (std::int64_t i = 0; i < m; ++i) ++start[static_cast<std::size_t>(niche[i] + 1)];
  for (std::int64_t j = 0; j < r; ++j) start[static_cast<std::size_t>(j + 1)] += start[static_cast<std::size_t>(j)];
  std::vector<std::int64_t> members(static_cast<std::size_t>(m));
  std::vector<std::int64_t> fill(start.begin(), start.end() - 1);
  for (std::int64_t i = 0; i < m; ++i) members[static_cast<std::size_t>(fill[static_cast<std::size_t>(niche[i])]++)] = i;
  std::vector<std::int64_t> left(static_cast<std::size_t>(r));  // candidates still unchosen
  for (std::int64_t j = 0; j < r; ++j) left[static_cast<std::size_t>(j)] = start[static_cast<std::size_t>(j + 1)] - start[static_cast<std::size_t>(j)];
  std::vector<std::int64_t> count(counts_in, counts_in + r);

  // Niches with candidates, by (count, index): the initial members of each level.
  std::vector<std::int64_t> pending;
  for (std::int64_t j = 0; j < r; ++j)
    if (left[static_cast<std::size_t>(j)] > 0) pending.push_back(j);
  std::stable_sort(pending.begin(), pending.end(),
                   [&](std::int64_t a, std::int64_t b) { return count[static_cast<std::size_t>(a)] < count[static_cast<std::size_t>(b)]; });

  SplitMix64 rng{seed};
  std::size_t next_pending = 0;
  std::vector<std::int64_t> level, carried;
  std::int64_t chosen = 0;
  while (chosen < k) {
    // One level: the niches whose count is the smallest among those with candidates. Niches
    // carried from the previous level have count c + 1, and every niche that starts at count c was
    // consumed there, so the carried niches (if any) set this level's count.
    level.swap(carried);
    carried.clear();
    const std::int64_t c = level.empty() ? count[static_cast<std::size_t>(pending[next_pending])]
                                         : count[static_cast<std::size_t>(level.front())];
    while (next_pending < pending.size() && count[static_cast<std::size_t>(pending[next_pending])] == c)
      level.push_back(pending[next_pending++]);
    std::sort(level.begin(), level.end());
    for (std::size_t i = level.size(); i > 1; --i)
      std::swap(level[i - 1], level[static_cast<std::size_t>(rng.below(static_cast<std::int64_t>(i)))]);
    for (const std::int64_t j : level) {
      if (chosen == k) break;
      const std::size_t js = static_cast<std::size_t>(j);
      const std::int64_t base = start[js];
      std::int64_t pick;  // position within the niche's remaining candidates [base, base + left)
      if (count[js] == 0) {
        pick = 0;
        for (std::int64_t t = 1; t < left[js]; ++t) {
          const std::int64_t a = members[static_cast<std::size_t>(base + t)];
          const std::int64_t b = members[static_cast<std::size_t>(base + pick)];
          if (dist[a] < dist[b] || (dist[a] == dist[b] && a < b)) pick = t;
        }
      } else {
        pick = rng.below(left[js]);
      }
      selected[chosen++] = members[static_cast<std::size_t>(base + pick)];
      // Swap-remove the pick (every backend does the same, so random picks stay identical).
      members[static_cast<std::size_t>(base + pick)] = members[static_cast<std::size_t>(base + left[js] - 1)];
      --left[js];
      ++count[js];
      if (left[js] > 0) carried.push_back(j);
    }
  }
}

}  // namespace paretix

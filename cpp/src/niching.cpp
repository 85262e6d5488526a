// NSGA-III association (k-d tree nearest unit direction) and niching (see niching.hpp).
#include "paretix/niching.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>
#include <utility>
#include <vector>

#include "paretix/splitmix.hpp"
#include "paretix/threads.hpp"

namespace paretix {
namespace {

double sqdist(const double* a, const double* b, std::int64_t m) {
  double s = 0.0;
  for (std::int64_t j = 0; j < m; ++j) {
    const double d = a[j] - b[j];
    s += d * d;
  }
  return s;
}

// Static k-d tree over r points (the unit directions) for exact nearest-neighbour queries. The
// points are stored in leaf order, so a leaf is one contiguous block.
class KdTree {
 public:
  // The tree keeps its own copy of pts (r x m), in leaf order.
  KdTree(const double* pts, std::int64_t r, std::int64_t m)
      : m_(m), orig_(static_cast<std::size_t>(r)), pts_(pts, pts + r * m) {
    std::iota(orig_.begin(), orig_.end(), std::int64_t{0});
    if (r > 0) build(0, r);
  }

  struct Best {
    double d2 = std::numeric_limits<double>::infinity();
    std::int64_t idx = -1;  // original index
    std::int64_t pos = -1;  // position in leaf order
  };

  // Nearest point to q: smallest squared distance, ties to the lowest original index. `start`,
  // a leaf-order position (or -1), only tightens the first bound: the answer is the same.
  Best nearest(const double* q, std::int64_t start = -1) const {
    Best best;
    if (start >= 0) best = {sqdist(q, point(start), m_), orig_[static_cast<std::size_t>(start)], start};
    search(0, q, best);
    return best;
  }

  const double* point(std::int64_t pos) const { return pts_.data() + pos * m_; }

 private:
  static constexpr std::int64_t kLeaf = 8;
  struct Node {
    std::int64_t lo, hi;  // range in leaf order
    int dim;              // -1: leaf
    double split;
    std::int32_t left, right;
  };

  // Splits the rows [lo, hi) of pts_ (moved together with orig_, so every pass is sequential).
  std::int32_t build(std::int64_t lo, std::int64_t hi) {
    const auto id = static_cast<std::int32_t>(nodes_.size());
    nodes_.push_back({lo, hi, -1, 0.0, -1, -1});
    if (hi - lo <= kLeaf) return id;
    // The widest dimension, from one pass over the rows (independent min/max chains per column,
    // kept in registers for up to 8 columns).
    constexpr std::int64_t kCols = 8;
    double box_lo[kCols], box_hi[kCols];
    int dim = 0;
    double widest = -1.0;
    for (std::int64_t j0 = 0; j0 < m_; j0 += kCols) {
      const std::int64_t nc = std::min(kCols, m_ - j0);
      for (std::int64_t j = 0; j < kCols; ++j) box_lo[j] = std::numeric_limits<double>::infinity(), box_hi[j] = -box_lo[j];
      for (std::int64_t t = lo; t < hi; ++t) {
        const double* row = pts_.data() + t * m_ + j0;
        for (std::int64_t j = 0; j < nc; ++j) {
          box_lo[j] = std::min(box_lo[j], row[j]);
          box_hi[j] = std::max(box_hi[j], row[j]);
        }
      }
      for (std::int64_t j = 0; j < nc; ++j)
        if (box_hi[j] - box_lo[j] > widest) widest = box_hi[j] - box_lo[j], dim = static_cast<int>(j0 + j);
    }
    if (!(widest > 0.0)) return id;  // all points equal: keep as a leaf
    const std::int64_t mid = lo + (hi - lo) / 2;
    keys_.resize(static_cast<std::size_t>(hi - lo));
    for (std::int64_t t = lo; t < hi; ++t) keys_[static_cast<std::size_t>(t - lo)] = {pts_[static_cast<std::size_t>(t * m_ + dim)], t};
    std::nth_element(keys_.begin(), keys_.begin() + (mid - lo), keys_.end(),
                     [](const std::pair<double, std::int64_t>& a, const std::pair<double, std::int64_t>& b) {
                       return a.first < b.first;
                     });
    const double split = keys_[static_cast<std::size_t>(mid - lo)].first;
    rows_.resize(static_cast<std::size_t>((hi - lo) * m_));
    ids_.resize(static_cast<std::size_t>(hi - lo));
    for (std::int64_t t = 0; t < hi - lo; ++t) {
      const std::int64_t from = keys_[static_cast<std::size_t>(t)].second;
      std::copy_n(pts_.begin() + from * m_, m_, rows_.begin() + t * m_);
      ids_[static_cast<std::size_t>(t)] = orig_[static_cast<std::size_t>(from)];
    }
    std::copy(rows_.begin(), rows_.end(), pts_.begin() + lo * m_);
    std::copy(ids_.begin(), ids_.end(), orig_.begin() + lo);
    const std::int32_t left = build(lo, mid);
    const std::int32_t right = build(mid, hi);
    Node& node = nodes_[static_cast<std::size_t>(id)];
    node.dim = dim;
    node.split = split;
    node.left = left;
    node.right = right;
    return id;
  }


  void search(std::int32_t id, const double* q, Best& best) const {
    const Node& node = nodes_[static_cast<std::size_t>(id)];
    if (node.dim < 0) {
      for (std::int64_t t = node.lo; t < node.hi; ++t) {
        const std::int64_t i = orig_[static_cast<std::size_t>(t)];
        const double d = sqdist(q, pts_.data() + t * m_, m_);
        if (d < best.d2 || (d == best.d2 && i < best.idx)) best = {d, i, t};
      }
      return;
    }
    // Left holds values <= split, right values >= split (nth_element); visit q's side first.
    const double diff = q[node.dim] - node.split;
    const std::int32_t near = diff <= 0.0 ? node.left : node.right;
    const std::int32_t far = diff <= 0.0 ? node.right : node.left;
    search(near, q, best);
    // Keep equal distances reachable (a tie may have a lower index on the far side).
    if (diff * diff <= best.d2) search(far, q, best);
  }

  std::int64_t m_;
  std::vector<std::int64_t> orig_;  // original index of each point in leaf order
  std::vector<double> pts_;         // the points in leaf order
  std::vector<Node> nodes_;
  std::vector<std::pair<double, std::int64_t>> keys_;  // build scratch
  std::vector<double> rows_;
  std::vector<std::int64_t> ids_;
};

constexpr std::int64_t kMinQueriesPerThread = 8192;

// The unit directions of W and their tree. NSGA-III associates with the same directions every
// generation, so the index of the most recent W is kept (compared by value, under a mutex;
// shared so that a concurrent call may replace it while this one still queries it).
struct DirectionIndex {
  std::vector<double> W, unit0;  // W and the unit vector of its first direction
  std::int64_t r, m;
  std::unique_ptr<const KdTree> tree;  // over the unit directions

  DirectionIndex(const double* w, std::int64_t r_, std::int64_t m_)
      : W(w, w + r_ * m_), unit0(static_cast<std::size_t>(m_)), r(r_), m(m_) {
    std::vector<double> U(static_cast<std::size_t>(r * m));
    for (std::int64_t i = 0; i < r; ++i) unit_vector(w + i * m, m, U.data() + i * m);
    std::copy(U.begin(), U.begin() + m, unit0.begin());
    tree = std::make_unique<const KdTree>(U.data(), r, m);
  }
  bool same(const double* w, std::int64_t r_, std::int64_t m_) const {
    return r == r_ && m == m_ && std::equal(W.begin(), W.end(), w, [](double a, double b) {
             return std::memcmp(&a, &b, sizeof a) == 0;  // bitwise: -0.0 and NaN payloads count
           });
  }
};

std::shared_ptr<const DirectionIndex> direction_index(const double* W, std::int64_t r, std::int64_t m) {
  static std::mutex mu;
  static std::shared_ptr<const DirectionIndex> last;
  {
    const std::lock_guard<std::mutex> lock(mu);
    if (last && last->same(W, r, m)) return last;
  }
  auto index = std::make_shared<const DirectionIndex>(W, r, m);
  const std::lock_guard<std::mutex> lock(mu);
  last = index;
  return index;
}

}  // namespace

void associate(const double* F, std::int64_t n, const double* W, std::int64_t r, std::int64_t m,
               std::int64_t* niche, double* dist, int threads) {
  if (n <= 0) return;
  const auto index = direction_index(W, r, m);
  const KdTree& tree = *index->tree;
  // Queries in the order of a coarse grid over their unit vectors (a counting sort on the first
  // three coordinates, 64 cells each), so that consecutive searches share their tree nodes in
  // cache and each starts from its predecessor's answer. Zero rows (every direction fits:
  // direction 0) come first.
  constexpr std::int64_t kCells = 64;
  const std::int64_t dims = std::min<std::int64_t>(m, 3);
  std::int64_t n_keys = 1;
  for (std::int64_t j = 0; j < dims; ++j) n_keys *= kCells;
  std::vector<std::int32_t> key(static_cast<std::size_t>(n));
  std::vector<std::int64_t> start(static_cast<std::size_t>(n_keys + 2), 0);
  std::vector<double> u(static_cast<std::size_t>(m));
  for (std::int64_t i = 0; i < n; ++i) {
    unit_vector(F + i * m, m, u.data());
    bool zero = true;
    std::int64_t k = 0;
    for (std::int64_t j = 0; j < m; ++j) zero = zero && u[static_cast<std::size_t>(j)] == 0.0;
    for (std::int64_t j = 0; j < dims; ++j) {
      const auto cell = static_cast<std::int64_t>((u[static_cast<std::size_t>(j)] + 1.0) * (0.5 * kCells));
      k = k * kCells + std::min<std::int64_t>(kCells - 1, std::max<std::int64_t>(0, cell));
    }
    key[static_cast<std::size_t>(i)] = static_cast<std::int32_t>(zero ? 0 : k + 1);
    ++start[static_cast<std::size_t>(key[static_cast<std::size_t>(i)] + 1)];
  }
  for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) order[static_cast<std::size_t>(start[static_cast<std::size_t>(key[static_cast<std::size_t>(i)])]++)] = i;
  auto work = [&](std::int64_t b0, std::int64_t b1) {
    std::vector<double> q(static_cast<std::size_t>(m));
    std::int64_t prev = -1;  // the previous answer's leaf-order position
    for (std::int64_t t = b0; t < b1; ++t) {
      const std::int64_t i = order[static_cast<std::size_t>(t)];
      const double* f = F + i * m;
      std::int64_t k = 0;  // f = 0: every direction fits, take 0
      const double* w = index->unit0.data();
      if (key[static_cast<std::size_t>(i)] != 0) {
        unit_vector(f, m, q.data());
        const KdTree::Best best = tree.nearest(q.data(), prev);
        prev = best.pos;
        k = best.idx;
        w = tree.point(best.pos);  // the unit direction, in cache after the search
      }
      niche[i] = k;
      dist[i] = perpendicular_distance(f, w, m);
    }
  };
  const std::int64_t t_count = std::max<std::int64_t>(1, std::min<std::int64_t>(threads, n / kMinQueriesPerThread));
  parallel_for(static_cast<int>(t_count), [&](int p) { work(n * p / t_count, n * (p + 1) / t_count); });
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
  std::vector<std::int64_t> active;  // niches with candidates, in index order
  for (std::int64_t j = 0; j < r; ++j)
    if (left[static_cast<std::size_t>(j)] > 0) active.push_back(j);

  std::vector<std::int64_t> level;
  std::vector<std::pair<std::uint64_t, std::int64_t>> keyed;
  std::int64_t chosen = 0;
  for (std::uint64_t l = 0; chosen < k; ++l) {
    std::int64_t c = count[static_cast<std::size_t>(active.front())];
    for (const std::int64_t j : active) c = std::min(c, count[static_cast<std::size_t>(j)]);
    level.clear();
    for (const std::int64_t j : active)
      if (count[static_cast<std::size_t>(j)] == c) level.push_back(j);
    const std::int64_t need = k - chosen;
    if (static_cast<std::int64_t>(level.size()) > need) {  // the niches with the smallest keys, in index order
      keyed.clear();
      for (const std::int64_t j : level) keyed.emplace_back(niche_hash(seed, l, static_cast<std::uint64_t>(j), 0), j);
      std::nth_element(keyed.begin(), keyed.begin() + (need - 1), keyed.end());
      const auto cut = keyed[static_cast<std::size_t>(need - 1)];
      std::size_t w = 0;
      for (const std::int64_t j : level)
        if (std::make_pair(niche_hash(seed, l, static_cast<std::uint64_t>(j), 0), j) <= cut) level[w++] = j;
      level.resize(w);
    }
    for (const std::int64_t j : level)
      selected[chosen++] = niche_pick(j, start[static_cast<std::size_t>(j)], members.data(), left.data(), count.data(),
                                      dist, seed, l);
    std::size_t w = 0;
    for (const std::int64_t j : active)
      if (left[static_cast<std::size_t>(j)] > 0) active[w++] = j;
    active.resize(w);
  }
}

}  // namespace paretix

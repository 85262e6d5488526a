// Non-dominated sorting by one lexicographic sweep (see nds.hpp for the contract).
//
// After sorting rows lexicographically and skipping exact duplicates, an earlier row q dominates a
// later row p iff q <= p in objectives 1..m-1 (objective 0 is settled by the order). Ranks are
// monotone over fronts (if front r dominates p, so does every front before it), so the rank of p is
// the first front that does not dominate it, found by binary search. Each front only has to answer
// "does any of my points weakly dominate this projection?".
#include "paretix/nds.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <vector>

#include "paretix/lexsort.hpp"

namespace paretix {
namespace {

using detail::gather_rows;
using detail::lex_order;
using detail::rows_equal;

// m == 1: any earlier distinct row dominates, so each distinct value is its own front.
struct Front1 {
  explicit Front1(std::int64_t) {}
  bool dominates(const double*) const { return true; }
  void insert(const double*) {}
};

// m == 2: the projections are scalars; a front is dominated-from by its smallest f1 value, which is
// always the last one inserted.
struct Front2 {
  explicit Front2(std::int64_t) {}
  double last = std::numeric_limits<double>::infinity();
  bool dominates(const double* p) const { return last <= p[0]; }
  void insert(const double* p) { last = p[0]; }
};

// m == 3: a 2-D staircase (the non-dominated projections of the front), keyed by the first
// projected objective ascending; the second is then strictly descending.
class Front3 {
 public:
  explicit Front3(std::int64_t) {}
  bool dominates(const double* p) const {
    auto it = stair_.upper_bound(p[0]);
    if (it == stair_.begin()) return false;
    return std::prev(it)->second <= p[1];
  }
  void insert(const double* p) {
    auto it = stair_.lower_bound(p[0]);
    while (it != stair_.end() && it->second >= p[1]) it = stair_.erase(it);
    stair_.emplace_hint(it, p[0], p[1]);
  }

 private:
  std::map<double, double> stair_;
};

// m >= 4: a bucket k-d tree over the d = m - 1 projected objectives. Each node keeps the min corner
// of its subtree, so a subtree whose corner is not <= p cannot hold a dominator and is skipped.
class FrontKd {
 public:
  explicit FrontKd(std::int64_t m) : d_(static_cast<int>(m - 1)) { add_leaf(); }

  bool dominates(const double* p) const {
    stack_.clear();
    stack_.push_back(0);
    while (!stack_.empty()) {
      const Node& node = nodes_[static_cast<std::size_t>(stack_.back())];
      const std::int32_t id = stack_.back();
      stack_.pop_back();
      if (!corner_le(id, p)) continue;
      if (node.dim < 0) {
        const std::vector<double>& pts = leaves_[static_cast<std::size_t>(node.leaf)];
        for (std::size_t off = 0; off < pts.size(); off += static_cast<std::size_t>(d_))
          if (le(&pts[off], p)) return true;
        continue;
      }
      if (node.split <= p[node.dim]) stack_.push_back(node.right);
      stack_.push_back(node.left);  // smaller values first: likelier to dominate
    }
    return false;
  }

  void insert(const double* p) {
    std::int32_t id = 0;
    for (;;) {
      lower_corner(id, p);
      const Node& node = nodes_[static_cast<std::size_t>(id)];
      if (node.dim < 0) break;
      id = p[node.dim] < node.split ? node.left : node.right;
    }
    std::vector<double>& pts = leaves_[static_cast<std::size_t>(nodes_[static_cast<std::size_t>(id)].leaf)];
    pts.insert(pts.end(), p, p + d_);
    if (pts.size() > static_cast<std::size_t>(kBucket * d_)) split(id);
  }

 private:
  static constexpr int kBucket = 32;
  struct Node {
    int dim = -1;  // -1 for a leaf
    double split = 0.0;
    std::int32_t left = -1, right = -1, leaf = -1;
  };

  bool le(const double* q, const double* p) const {
    for (int j = 0; j < d_; ++j)
      if (q[j] > p[j]) return false;
    return true;
  }
  bool corner_le(std::int32_t id, const double* p) const {
    return le(&corner_[static_cast<std::size_t>(id) * static_cast<std::size_t>(d_)], p);
  }
  void lower_corner(std::int32_t id, const double* p) {
    double* c = &corner_[static_cast<std::size_t>(id) * static_cast<std::size_t>(d_)];
    for (int j = 0; j < d_; ++j) c[j] = std::min(c[j], p[j]);
  }
  std::int32_t add_leaf() {
    Node node;
    node.leaf = static_cast<std::int32_t>(leaves_.size());
    leaves_.emplace_back();
    nodes_.push_back(node);
    corner_.resize(corner_.size() + static_cast<std::size_t>(d_), std::numeric_limits<double>::infinity());
    return static_cast<std::int32_t>(nodes_.size() - 1);
  }

  // Split an overflowing leaf at the median of its widest objective (one with two distinct values
  // always exists: projections within a front are pairwise distinct).
  void split(std::int32_t id) {
    const std::size_t leaf = static_cast<std::size_t>(nodes_[static_cast<std::size_t>(id)].leaf);
    std::vector<double> pts = std::move(leaves_[leaf]);
    const std::size_t count = pts.size() / static_cast<std::size_t>(d_);
    int best = -1;
    double best_spread = -1.0;
    for (int j = 0; j < d_; ++j) {
      double lo = pts[static_cast<std::size_t>(j)], hi = lo;
      for (std::size_t k = 1; k < count; ++k) {
        const double v = pts[k * static_cast<std::size_t>(d_) + static_cast<std::size_t>(j)];
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      if (hi > lo) {
        const double spread = (hi - lo == hi - lo) ? hi - lo : std::numeric_limits<double>::max();
        if (spread > best_spread) best_spread = spread, best = j;
      }
    }
    std::vector<double> vals(count);
    for (std::size_t k = 0; k < count; ++k) vals[k] = pts[k * static_cast<std::size_t>(d_) + static_cast<std::size_t>(best)];
    std::nth_element(vals.begin(), vals.begin() + static_cast<std::ptrdiff_t>(count / 2), vals.end());
    double cut = vals[count / 2];
    // Values < cut go left; make sure the left side is not empty.
    const double vmin = *std::min_element(vals.begin(), vals.end());
    if (cut == vmin) {
      double next = std::numeric_limits<double>::infinity();
      for (double v : vals)
        if (v > vmin) next = std::min(next, v);
      cut = next;
    }
    const std::int32_t left = add_leaf();
    const std::int32_t right = add_leaf();
    Node& node = nodes_[static_cast<std::size_t>(id)];
    node.dim = best;
    node.split = cut;
    node.left = left;
    node.right = right;
    node.leaf = -1;
    for (std::size_t k = 0; k < count; ++k) {
      const double* q = &pts[k * static_cast<std::size_t>(d_)];
      const std::int32_t child = q[best] < cut ? left : right;
      lower_corner(child, q);
      std::vector<double>& dst = leaves_[static_cast<std::size_t>(nodes_[static_cast<std::size_t>(child)].leaf)];
      dst.insert(dst.end(), q, q + d_);
    }
  }

  int d_;
  std::vector<Node> nodes_;
  std::vector<double> corner_;
  std::vector<std::vector<double>> leaves_;
  mutable std::vector<std::int32_t> stack_;
};

// Assign ranks (in sorted order) to the lexicographically sorted rows `s`. Fronts at index
// `max_fronts` and beyond are not built: their points get rank `max_fronts`.
template <class Front>
void sweep(const std::vector<double>& s, std::int64_t n, std::int64_t m, std::int64_t max_fronts,
           std::int64_t* rank) {
  std::vector<Front> fronts;
  for (std::int64_t i = 0; i < n; ++i) {
    const double* row = s.data() + i * m;
    if (i > 0 && rows_equal(row, row - m, m)) {
      rank[i] = rank[i - 1];
      continue;
    }
    const double* p = row + 1;
    std::int64_t lo = 0, hi = static_cast<std::int64_t>(fronts.size());
    while (lo < hi) {
      const std::int64_t mid = lo + (hi - lo) / 2;
      if (fronts[static_cast<std::size_t>(mid)].dominates(p))
        lo = mid + 1;
      else
        hi = mid;
    }
    if (lo >= max_fronts) {
      rank[i] = max_fronts;
      continue;
    }
    if (lo == static_cast<std::int64_t>(fronts.size())) fronts.emplace_back(m);
    fronts[static_cast<std::size_t>(lo)].insert(p);
    rank[i] = lo;
  }
}

void sweep_dispatch(const std::vector<double>& s, std::int64_t n, std::int64_t m,
                    std::int64_t max_fronts, std::int64_t* rank) {
  switch (m) {
    case 1: return sweep<Front1>(s, n, m, max_fronts, rank);
    case 2: return sweep<Front2>(s, n, m, max_fronts, rank);
    case 3: return sweep<Front3>(s, n, m, max_fronts, rank);
    default: return sweep<FrontKd>(s, n, m, max_fronts, rank);
  }
}

}  // namespace

void pareto_rank(const double* points, std::int64_t n, std::int64_t m, std::int64_t* rank) {
  if (n <= 0) return;
  if (m <= 0) {
    std::fill(rank, rank + n, std::int64_t{0});
    return;
  }
  const std::vector<std::int64_t> order = lex_order(points, n, m);
  const std::vector<double> sorted = gather_rows(points, order, m);
  std::vector<std::int64_t> sorted_rank(static_cast<std::size_t>(n));
  sweep_dispatch(sorted, n, m, std::numeric_limits<std::int64_t>::max(), sorted_rank.data());
  for (std::int64_t i = 0; i < n; ++i) rank[order[static_cast<std::size_t>(i)]] = sorted_rank[static_cast<std::size_t>(i)];
}

void is_nondominated(const double* points, std::int64_t n, std::int64_t m, bool keep_weakly,
                     std::uint8_t* out) {
  if (n <= 0) return;
  std::fill(out, out + n, std::uint8_t{0});
  if (m <= 0) {
    out[0] = 1;
    if (keep_weakly) std::fill(out, out + n, std::uint8_t{1});
    return;
  }
  const std::vector<std::int64_t> order = lex_order(points, n, m);
  const std::vector<double> sorted = gather_rows(points, order, m);
  std::vector<std::int64_t> sorted_rank(static_cast<std::size_t>(n));
  sweep_dispatch(sorted, n, m, 1, sorted_rank.data());
  for (std::int64_t i = 0; i < n; ++i) {
    if (sorted_rank[static_cast<std::size_t>(i)] != 0) continue;
    const bool copy = i > 0 && rows_equal(&sorted[static_cast<std::size_t>(i * m)],
                                          &sorted[static_cast<std::size_t>((i - 1) * m)], m);
    if (keep_weakly || !copy) out[order[static_cast<std::size_t>(i)]] = 1;
  }
}

}  // namespace paretix

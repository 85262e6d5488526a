// Hypervolume and contributions in 1, 2 and 3 objectives by dimension sweeps (see hv_detail.hpp).
//
// 3-D sweeps process points by increasing z and keep the 2-D staircase of the (x, y) projections
// seen so far (the points no other projection weakly dominates), ordered by x (so y decreases),
// between two sentinels: left (x = -inf, y = ref_y) and right (x = ref_x, y = -inf). Sentinel
// coordinates are only ever used where they are finite (left.y, right.x).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <memory_resource>
#include <numeric>
#include <vector>

#include "paretix/hv_detail.hpp"

namespace paretix::hv {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct P2 {
  double x, y;
};
struct P3 {
  double x, y, z;
};

// Order-preserving image of a double in the unsigned integers (no NaN): a < b implies
// key(a) < key(b); -0.0 and +0.0 get adjacent keys.
inline std::uint64_t radix_key(double v) {
  std::uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return (u >> 63) ? ~u : (u | (std::uint64_t{1} << 63));
}

// Indices 0..n-1 of the values key[i * stride], ascending and stable (equal values keep index
// order): LSD radix sort on radix_key with 11-bit digits, skipping the passes whose digit is
// the same for every value (the high digits of values of one sign and similar exponents).
// O(n) per pass, at most 6 passes. Measured faster than std::sort from n of a few hundred.
void radix_order(const double* key, std::size_t stride, std::size_t n, std::vector<std::uint32_t>& order) {
  constexpr int kBits = 11, kPasses = 6;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  std::vector<std::uint64_t> k(n), k2(n);
  std::vector<std::uint32_t> o2(n);
  order.resize(n);
  std::vector<std::size_t> count(kBuckets * kPasses, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t u = radix_key(key[i * stride]);
    k[i] = u;
    order[i] = static_cast<std::uint32_t>(i);
    for (int pass = 0; pass < kPasses; ++pass) ++count[pass * kBuckets + ((u >> (pass * kBits)) & (kBuckets - 1))];
  }
  for (int pass = 0; pass < kPasses; ++pass) {
    std::size_t* c = count.data() + pass * kBuckets;
    if (c[(k[0] >> (pass * kBits)) & (kBuckets - 1)] == n) continue;  // one digit value: nothing moves
    std::size_t sum = 0;
    for (std::size_t b = 0; b < kBuckets; ++b) {
      const std::size_t t = c[b];
      c[b] = sum;
      sum += t;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t dst = c[(k[i] >> (pass * kBits)) & (kBuckets - 1)]++;
      k2[dst] = k[i];
      o2[dst] = order[i];
    }
    k.swap(k2);
    order.swap(o2);
  }
}

constexpr std::size_t kRadixMin = 256;  // below this std::sort wins

// Indices of the n rows of pts (stride 2) by ascending x, ties by index.
std::vector<std::uint32_t> x_order(const double* pts, std::size_t n) {
  std::vector<std::uint32_t> order;
  if (n >= kRadixMin) {
    radix_order(pts, 2, n, order);
  } else {
    order.resize(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [pts](std::uint32_t a, std::uint32_t b) {
      return pts[2 * a] < pts[2 * b] || (pts[2 * a] == pts[2 * b] && a < b);
    });
  }
  return order;
}

bool lex_zyx(const P3& a, const P3& b) {
  if (a.z != b.z) return a.z < b.z;
  if (a.y != b.y) return a.y < b.y;
  return a.x < b.x;
}

}  // namespace

double hv1d(const double* pts, std::size_t n, const double* ref) {
  if (n == 0) return 0.0;
  double lo = pts[0];
  for (std::size_t i = 1; i < n; ++i) lo = std::min(lo, pts[i]);
  return ref[0] - lo;
}

double hv2d(const double* pts, std::size_t n, const double* ref) {
  if (n == 0) return 0.0;
  // Ties in x may come in any y order: their slabs add up to the same area.
  const std::vector<std::uint32_t> order = x_order(pts, n);
  std::vector<P2> v(n);
  for (std::size_t r = 0; r < n; ++r) v[r] = {pts[2 * order[r]], pts[2 * order[r] + 1]};
  // Each staircase point adds the slab between its y and the previous one's, to ref_x.
  double hv = 0.0, ylast = ref[1];
  for (const P2& p : v) {
    if (p.y < ylast) {
      hv += (ref[0] - p.x) * (ylast - p.y);
      ylast = p.y;
    }
  }
  return hv;
}

double hv2d_sorted(const double* pts, std::size_t n, const double* ref) {
  // Non-dominated and sorted by y: x decreases; each point owns the slab up to the next y.
  double hv = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double y_next = i + 1 < n ? pts[2 * i + 3] : ref[1];
    hv += (ref[0] - pts[2 * i]) * (y_next - pts[2 * i + 1]);
  }
  return hv;
}

namespace {

// Points in non-decreasing z: the 2-D staircase of (x, y) in a std::map, its area kept up to date.
template <class Get>
double hv3d_sweep(std::size_t n, const double* ref, Get get) {
  // x -> y of the staircase, with sentinels. Nodes come from a monotonic arena (at most n + 2
  // are ever allocated): no per-node malloc/free.
  alignas(std::max_align_t) std::byte initial[8192];  // small sweeps (WFG base cases) never touch the heap
  std::pmr::monotonic_buffer_resource arena(initial, sizeof initial);
  std::pmr::map<double, double> stair(&arena);
  stair.emplace(-kInf, ref[1]);
  stair.emplace(ref[0], -kInf);
  double area = 0.0, vol = 0.0, zlast = get(0).z;
  for (std::size_t i = 0; i < n; ++i) {
    const P3 p = get(i);
    vol += area * (p.z - zlast);
    zlast = p.z;
    auto it = stair.lower_bound(p.x);  // first with x >= p.x
    auto left = std::prev(it);        // x < p.x
    if (left->second <= p.y) continue;                    // dominated by the left neighbour
    if (it->first == p.x && it->second <= p.y) continue;  // dominated by a point with equal x
    // Points with x >= p.x and y >= p.y are dominated by p; the area p adds is the part of
    // [p.x, right.x) x [p.y, left.y) that they did not cover.
    double x_cur = p.x, bound = left->second;
    while (it->second >= p.y) {
      area += (it->first - x_cur) * (bound - p.y);
      x_cur = it->first;
      bound = it->second;
      it = stair.erase(it);
    }
    area += (it->first - x_cur) * (bound - p.y);
    stair.emplace_hint(it, p.x, p.y);
  }
  vol += area * (ref[2] - zlast);
  return vol;
}

}  // namespace

double hv3d_sorted(const double* pts, std::size_t n, const double* ref) {
  if (n == 0) return 0.0;
  return hv3d_sweep(n, ref, [pts](std::size_t i) { return P3{pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]}; });
}

double hv3d(const double* pts, std::size_t n, const double* ref) {
  if (n == 0) return 0.0;
  std::vector<P3> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = {pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]};
  std::sort(v.begin(), v.end(), lex_zyx);
  return hv3d_sweep(n, ref, [&v](std::size_t i) { return v[i]; });
}

void hvc2d(const double* pts, std::size_t n, const double* ref, double* out) {
  std::fill(out, out + n, 0.0);
  if (n == 0) return;
  struct Row {
    double x, y;
    std::uint32_t i;
  };
  const std::vector<std::uint32_t> order = x_order(pts, n);
  std::vector<Row> v(n);
  for (std::size_t r = 0; r < n; ++r) v[r] = {pts[2 * order[r]], pts[2 * order[r] + 1], order[r]};
  for (std::size_t r = 0; r < n;) {  // runs of equal x (in index order): by (y, index)
    std::size_t e = r + 1;
    while (e < n && v[e].x == v[r].x) ++e;
    if (e - r > 1)
      std::stable_sort(v.begin() + static_cast<std::ptrdiff_t>(r), v.begin() + static_cast<std::ptrdiff_t>(e),
                       [](const Row& a, const Row& b) { return a.y < b.y; });
    r = e;
  }
  // Staircase in x order (compacted in place); a duplicate of a staircase point marks it (all
  // copies get 0).
  std::vector<std::uint8_t> dup;
  dup.reserve(n);
  std::size_t k = 0;
  double ylast = ref[1];
  for (std::size_t r = 0; r < n; ++r) {
    const Row row = v[r];
    if (row.y < ylast) {
      v[k++] = row;
      dup.push_back(0);
      ylast = row.y;
    } else if (k > 0 && row.y == ylast && row.x == v[k - 1].x) {
      dup.back() = 1;
    }
  }
  for (std::size_t s = 0; s < k; ++s) {
    if (dup[s]) continue;
    const double x_next = s + 1 < k ? v[s + 1].x : ref[0];
    const double y_prev = s > 0 ? v[s - 1].y : ref[1];
    out[v[s].i] = (x_next - v[s].x) * (y_prev - v[s].y);
  }
}

// ---- 3-D contributions ---------------------------------------------------------------------------
//
// One sweep by increasing z. At every level the exclusive region of a staircase point s (the part
// of the slice only s dominates) is the rectangle [s.x, next.x) x [s.y, prev.y) minus the boxes
// of its "inners": points dominated, in the slice, by s alone. Each staircase point keeps its
// exclusive area, the level where that area last changed, its accumulated contribution and its
// inners (a linked list ordered by x, so y decreases). When p arrives:
//  * p is dominated by two or more staircase points (or by s and one of s's inners): no change;
//  * p is dominated by one staircase point s: p is a new inner of s (only without
//    ignore_dominated: such a p is dominated in 3-D);
//  * otherwise p enters the staircase between its neighbours L and R; the points it dominates in
//    the slice (D) leave the staircase (their contribution is final) and become p's inners; L
//    loses its region and inners right of p.x, R its region and inners above p.y.
// The tree operations cost O(log n) and every point enters and leaves each list once, so the
// sweep is O(n log n) with ignore_dominated (inserting an inner walks its owner's list otherwise).
namespace {

class Hvc3d {
 public:
  Hvc3d(const std::vector<P3>& pts, const double* ref)
      : p_(pts), ref_(ref), n_(static_cast<std::int32_t>(pts.size())) {
    const std::size_t total = static_cast<std::size_t>(n_) + 2;
    p_.resize(total);
    p_[static_cast<std::size_t>(kLeft())] = {-kInf, ref[1], -kInf};
    p_[static_cast<std::size_t>(kRight())] = {ref[0], -kInf, -kInf};
    area_.assign(total, 0.0);
    lastz_.assign(total, 0.0);
    contrib_.assign(total, 0.0);
    head_.assign(total, -1);
    tail_.assign(total, -1);
    next_.assign(total, -1);
    prev_.assign(total, -1);
    stair_.emplace(-kInf, kLeft());
    stair_.emplace(ref[0], kRight());
  }

  // Points must be fed in (z, y, x) order, without exact duplicates.
  void add(std::int32_t i, bool with_dominated) {
    const P3& p = p_[static_cast<std::size_t>(i)];
    auto it = stair_.lower_bound(p.x);
    auto left = std::prev(it);
    const bool dom_left = y(left->second) <= p.y;
    const bool dom_eq = it->first == p.x && y(it->second) <= p.y;
    if (dom_left || dom_eq) {
      if (!with_dominated) return;
      // The dominator with the largest x, and whether a second one exists.
      auto s = dom_eq ? it : left;
      if (y(std::prev(s)->second) <= p.y) return;  // two dominators (sentinel y = ref_y > p.y)
      add_inner(s, i, p);
      return;
    }
    // p enters the staircase.
    const std::int32_t L = left->second;
    std::vector<std::int32_t>& D = scratch_;
    D.clear();
    double x_cur = p.x, bound = y(L), a = 0.0;
    while (y(it->second) >= p.y) {
      const std::int32_t d = it->second;
      a += (x(d) - x_cur) * (bound - p.y);
      x_cur = x(d);
      bound = y(d);
      D.push_back(d);
      it = stair_.erase(it);
    }
    const std::int32_t R = it->second;
    a += (x(R) - x_cur) * (bound - p.y);
    const double old_next_x = D.empty() ? x(R) : x(D.front());
    const double old_prev_y = D.empty() ? y(L) : y(D.back());
    // D leave the staircase: their contribution ends here, they become p's inners.
    for (std::int32_t d : D) {
      settle(d, p.z);
      area_[static_cast<std::size_t>(d)] = 0.0;
      head_[static_cast<std::size_t>(d)] = tail_[static_cast<std::size_t>(d)] = -1;
    }
    std::int32_t prev = -1;
    for (std::int32_t d : D) {
      prev_[static_cast<std::size_t>(d)] = prev;
      next_[static_cast<std::size_t>(d)] = -1;
      if (prev >= 0) next_[static_cast<std::size_t>(prev)] = d; else head_[static_cast<std::size_t>(i)] = d;
      prev = d;
    }
    tail_[static_cast<std::size_t>(i)] = prev;
    area_[static_cast<std::size_t>(i)] = a;
    lastz_[static_cast<std::size_t>(i)] = p.z;
    if (L != kLeft()) shrink_left(L, std::prev(it), p, old_next_x);
    if (R != kRight()) shrink_right(R, it, p, old_prev_y);
    stair_.emplace_hint(it, p.x, i);
  }

  void finish(double* contrib_sorted) {
    for (auto& kv : stair_) {
      if (kv.second < n_) settle(kv.second, ref_[2]);
    }
    for (std::int32_t i = 0; i < n_; ++i) contrib_sorted[i] = contrib_[static_cast<std::size_t>(i)];
  }

 private:
  using Stair = std::pmr::map<double, std::int32_t>;
  std::int32_t kLeft() const { return n_; }
  std::int32_t kRight() const { return n_ + 1; }
  double x(std::int32_t i) const { return p_[static_cast<std::size_t>(i)].x; }
  double y(std::int32_t i) const { return p_[static_cast<std::size_t>(i)].y; }

  // Accumulate s's contribution up to level z (its area is about to change).
  void settle(std::int32_t s, double z) {
    const std::size_t k = static_cast<std::size_t>(s);
    contrib_[k] += area_[k] * (z - lastz_[k]);
    lastz_[k] = z;
  }

  // p (dominated in the slice by staircase point s only) becomes an inner of s unless one of s's
  // inners already weakly dominates it; the inners p dominates are dropped.
  void add_inner(Stair::iterator s_it, std::int32_t i, const P3& p) {
    const std::int32_t s = s_it->second;
    const double top = y(std::prev(s_it)->second);   // s's region: y < top
    const double right = x(std::next(s_it)->second);  // x < right
    std::int32_t q = head_[static_cast<std::size_t>(s)], before = -1;
    while (q >= 0 && x(q) < p.x) {
      before = q;
      q = next_[static_cast<std::size_t>(q)];
    }
    if (before >= 0 && y(before) <= p.y) return;
    if (q >= 0 && x(q) == p.x && y(q) <= p.y) return;
    double x_cur = p.x, bound = before >= 0 ? y(before) : top, red = 0.0;
    while (q >= 0 && y(q) >= p.y) {
      red += (x(q) - x_cur) * (bound - p.y);
      x_cur = x(q);
      bound = y(q);
      q = next_[static_cast<std::size_t>(q)];
    }
    red += ((q >= 0 ? x(q) : right) - x_cur) * (bound - p.y);
    // Link p between `before` and q (the skipped inners are dropped).
    prev_[static_cast<std::size_t>(i)] = before;
    next_[static_cast<std::size_t>(i)] = q;
    if (before >= 0) next_[static_cast<std::size_t>(before)] = i; else head_[static_cast<std::size_t>(s)] = i;
    if (q >= 0) prev_[static_cast<std::size_t>(q)] = i; else tail_[static_cast<std::size_t>(s)] = i;
    settle(s, p.z);
    area_[static_cast<std::size_t>(s)] -= red;
  }

  // L's region loses x >= p.x: its inners there are now dominated by p too.
  void shrink_left(std::int32_t L, Stair::iterator L_it, const P3& p, double old_next_x) {
    const double top = y(std::prev(L_it)->second);
    std::int32_t q = tail_[static_cast<std::size_t>(L)];
    while (q >= 0 && x(q) >= p.x) q = prev_[static_cast<std::size_t>(q)];
    // q: last inner with x < p.x (or none); the removed ones follow it.
    std::int32_t r = q >= 0 ? next_[static_cast<std::size_t>(q)] : head_[static_cast<std::size_t>(L)];
    double x_cur = p.x, bound = q >= 0 ? y(q) : top, red = 0.0;
    const double ly = y(L);
    for (; r >= 0; r = next_[static_cast<std::size_t>(r)]) {
      red += (x(r) - x_cur) * (bound - ly);
      x_cur = x(r);
      bound = y(r);
    }
    red += (old_next_x - x_cur) * (bound - ly);
    if (q >= 0) next_[static_cast<std::size_t>(q)] = -1; else head_[static_cast<std::size_t>(L)] = -1;
    tail_[static_cast<std::size_t>(L)] = q;
    settle(L, p.z);
    area_[static_cast<std::size_t>(L)] -= red;
  }

  // R's region loses y >= p.y: its inners there are now dominated by p too.
  void shrink_right(std::int32_t R, Stair::iterator R_it, const P3& p, double old_prev_y) {
    const double right = x(std::next(R_it)->second);
    std::int32_t q = head_[static_cast<std::size_t>(R)];
    double x_cur = x(R), bound = old_prev_y, red = 0.0;
    while (q >= 0 && y(q) >= p.y) {
      red += (x(q) - x_cur) * (bound - p.y);
      x_cur = x(q);
      bound = y(q);
      q = next_[static_cast<std::size_t>(q)];
    }
    red += ((q >= 0 ? x(q) : right) - x_cur) * (bound - p.y);
    head_[static_cast<std::size_t>(R)] = q;
    if (q >= 0) prev_[static_cast<std::size_t>(q)] = -1; else tail_[static_cast<std::size_t>(R)] = -1;
    settle(R, p.z);
    area_[static_cast<std::size_t>(R)] -= red;
  }

  std::vector<P3> p_;
  const double* ref_;
  std::int32_t n_;
  std::vector<double> area_, lastz_, contrib_;
  std::vector<std::int32_t> head_, tail_, next_, prev_;
  std::pmr::monotonic_buffer_resource arena_;  // tree nodes: no per-node malloc/free
  Stair stair_{&arena_};
  std::vector<std::int32_t> scratch_;
};

}  // namespace

void hvc3d(const double* pts, std::size_t n, const double* ref, bool ignore_dominated, double* out) {
  std::fill(out, out + n, 0.0);
  if (n == 0) return;
  struct Row {
    P3 p;
    std::uint32_t i;
  };
  std::vector<Row> rows(n);
  for (std::size_t i = 0; i < n; ++i)
    rows[i] = {P3{pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]}, static_cast<std::uint32_t>(i)};
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (lex_zyx(a.p, b.p)) return true;
    if (lex_zyx(b.p, a.p)) return false;
    return a.i < b.i;
  });
  // Unique points in sweep order; every copy of a duplicate gets 0 at the end.
  std::vector<P3> uniq;
  std::vector<std::uint32_t> first;  // original index of each unique point
  std::vector<std::uint8_t> dup;
  uniq.reserve(n);
  for (const Row& r : rows) {
    if (!uniq.empty() && !lex_zyx(uniq.back(), r.p)) {
      dup.back() = 1;
      continue;
    }
    uniq.push_back(r.p);
    first.push_back(r.i);
    dup.push_back(0);
  }
  Hvc3d sweep(uniq, ref);
  for (std::size_t k = 0; k < uniq.size(); ++k) sweep.add(static_cast<std::int32_t>(k), !ignore_dominated);
  std::vector<double> c(uniq.size());
  sweep.finish(c.data());
  for (std::size_t k = 0; k < uniq.size(); ++k) {
    if (!dup[k]) out[first[k]] = c[k];
  }
}

}  // namespace paretix::hv

// Hypervolume for d >= 5 (WFG), dimension dispatch, dominance filtering and limit-set
// contributions (see hv_detail.hpp).
//
// WFG (While, Bradstreet & Barone, IEEE TEVC 16(1), 2012) with slicing: with the points sorted
// by their last objective, HV(P) = sum_k (ref_d - p_k,d) * excl_{d-1}(p_k), where excl_{d-1}(p_k)
// is the (d-1)-dimensional volume of p_k's box minus the hypervolume of its limit set
// {max(p_k, p_j) : p_j,d <= p_k,d} (projected on the first d-1 objectives, dominated members
// pruned). The recursion stops at d = 4, where HV4D+ takes over (measured: faster than slicing
// on to 2-D even for sets of a few points); sets of at most 4 points use inclusion-exclusion.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <vector>

#include "paretix/hv_detail.hpp"
#include "paretix/nds.hpp"

namespace paretix::hv {
namespace {

// Two-point inclusion-exclusion.
double hv_two(const double* a, const double* b, const double* ref, int d) {
  double both = 1.0;
  for (int j = 0; j < d; ++j) both *= ref[j] - std::max(a[j], b[j]);
  return box_volume(a, ref, d) + box_volume(b, ref, d) - both;
}

// a weakly dominates b (first `dims` objectives).
inline bool weakly_dominates(const double* a, const double* b, int dims) {
  for (int j = 0; j < dims; ++j)
    if (a[j] > b[j]) return false;
  return true;
}

// Reorder the k rows of `pts` (stride d) by ascending objective `key`, via `tmp`.
void sort_rows(double* pts, std::size_t k, int d, int key, std::vector<std::uint32_t>& idx,
               std::vector<double>& tmp) {
  const std::size_t sd = static_cast<std::size_t>(d);
  if (k <= 16) {  // insertion sort on the rows themselves: no index, no gather
    tmp.resize(sd);
    for (std::size_t i = 1; i < k; ++i) {
      const double v = pts[i * sd + static_cast<std::size_t>(key)];
      std::size_t j = i;
      if (!(v < pts[(j - 1) * sd + static_cast<std::size_t>(key)])) continue;
      std::memcpy(tmp.data(), pts + i * sd, sizeof(double) * sd);
      while (j > 0 && v < pts[(j - 1) * sd + static_cast<std::size_t>(key)]) {
        std::memcpy(pts + j * sd, pts + (j - 1) * sd, sizeof(double) * sd);
        --j;
      }
      std::memcpy(pts + j * sd, tmp.data(), sizeof(double) * sd);
    }
    return;
  }
  idx.resize(k);
  std::iota(idx.begin(), idx.end(), 0u);
  std::sort(idx.begin(), idx.end(),
            [pts, d, key](std::uint32_t a, std::uint32_t b) { return pts[a * d + key] < pts[b * d + key]; });
  tmp.resize(k * static_cast<std::size_t>(d));
  for (std::size_t r = 0; r < k; ++r)
    std::memcpy(&tmp[r * static_cast<std::size_t>(d)], pts + static_cast<std::size_t>(idx[r]) * d,
                sizeof(double) * static_cast<std::size_t>(d));
  std::memcpy(pts, tmp.data(), sizeof(double) * k * static_cast<std::size_t>(d));
}

// Insert candidate row c of L (stride E) into the mutually non-dominated rows 0..c-1: drop it if
// a row weakly dominates it, else drop the rows it dominates and keep it. Returns the new count.
// The dominance tests are branch-free over the E objectives (faster than early exits: the
// outcome is unpredictable). If the candidate is dominated it dominates no row (transitivity),
// so no row has moved when it is dropped.
template <int E>
std::size_t insert_nondominated(double* L, std::size_t c, int e_dyn) {
  const int e = E > 0 ? E : e_dyn;
  const std::size_t se = static_cast<std::size_t>(e);
  const double* s = L + c * se;
  std::size_t w = 0;
  for (std::size_t r = 0; r < c; ++r) {
    double* q = L + r * se;
    bool q_le = true, s_le = true;
    for (int t = 0; t < e; ++t) {
      q_le &= q[t] <= s[t];
      s_le &= s[t] <= q[t];
    }
    if (q_le) return c;
    if (s_le) continue;
    if (w != r) std::memcpy(L + w * se, q, sizeof(double) * se);
    ++w;
  }
  if (w != c) std::memmove(L + w * se, s, sizeof(double) * se);
  return w + 1;
}

class Wfg {
 public:
  Wfg(const double* ref, int d)
      : ref_(ref), levels_(static_cast<std::size_t>(d) + 1), corner_(static_cast<std::size_t>(d)) {}

  // P: k mutually non-dominated rows of stride d, sorted by ascending objective d - 1.
  double hv(const double* P, std::size_t k, int d) {
    if (k <= kInclusionExclusion) return inclusion_exclusion(P, k, d);
    switch (d) {
      case 2: return hv2d_sorted(P, k, ref_);
      case 3: return hv3d_sorted(P, k, ref_);
      case 4: return hv4d_sorted(P, k, ref_);
      default: break;
    }
    Level& lv = levels_[static_cast<std::size_t>(d)];
    const int e = d - 1;  // dimension of the limit sets
    const std::size_t sd = static_cast<std::size_t>(d), se = static_cast<std::size_t>(e);
    lv.buf.resize(k * se);
    lv.order.resize(k);
    lv.keep.resize(k);
    lv.excess.resize(k);
    lv.axis.resize(se);
    double total = 0.0;
    for (std::size_t idx = k; idx-- > 0;) {
      const double* p = P + idx * sd;
      double excl = box_volume(p, ref_, e);
      const std::size_t c = limit_set(lv, P, idx, d);
      double* L = lv.buf.data();
      if (c > 0) {
        if (c > kInclusionExclusion) sort_rows(L, c, e, e - 1, lv.idx, lv.tmp);
        excl -= hv(L, c, e);
      }
      total += (ref_[e] - p[e]) * excl;
    }
    return total;
  }

 private:
  struct Level;
  // Limit set of row idx of P (stride d) in lv.buf (stride d - 1); returns its size.
  std::size_t limit_set(Level& lv, const double* P, std::size_t idx, int d) {
    switch (d - 1) {
      case 4: return limit_set_e<4>(lv, P, idx, d);
      case 5: return limit_set_e<5>(lv, P, idx, d);
      case 6: return limit_set_e<6>(lv, P, idx, d);
      case 7: return limit_set_e<7>(lv, P, idx, d);
      case 8: return limit_set_e<8>(lv, P, idx, d);
      case 9: return limit_set_e<9>(lv, P, idx, d);
      default: return limit_set_e<0>(lv, P, idx, d);
    }
  }

  template <int E>
  std::size_t limit_set_e(Level& lv, const double* P, std::size_t idx, int d) {
    const int e = E > 0 ? E : d - 1;
    const std::size_t sd = static_cast<std::size_t>(d), se = static_cast<std::size_t>(e);
    const double* p = P + idx * sd;
    // Limit set of p: max(p, q) over the rows q before it (their last objective is <= p's),
    // without its dominated members. A row exceeding p in one objective t only gives the
    // "axis" point (p with p_t raised to q_t); the lowest axis point a_t for t dominates every
    // candidate whose objective t is >= a_t, so those are dropped without comparisons. The
    // others go in by the number of objectives in which q exceeds p (a counting sort): points
    // exceeding p in few objectives dominate most others, so most candidates are rejected
    // after a few comparisons and kept rows rarely move.
    double* axis = lv.axis.data();
    for (int t = 0; t < e; ++t) axis[t] = std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < idx; ++j) {
      const double* q = P + j * sd;
      int over = 0, last = 0;
      for (int t = 0; t < e; ++t) {
        const bool gt = q[t] > p[t];
        over += gt;
        last = gt ? t : last;
      }
      if (over == 1) axis[last] = std::min(axis[last], q[last]);
      lv.excess[j] = static_cast<std::uint8_t>(std::min(over, kMaxCount));
    }
    const int buckets = std::min(e, kMaxCount) + 2;  // over <= e
    std::size_t count[kMaxCount + 2];
    std::fill(count, count + buckets, std::size_t{0});
    std::size_t m = 0;
    for (std::size_t j = 0; j < idx; ++j) {
      const double* q = P + j * sd;
      const int over = lv.excess[j];
      bool beaten = false;
      for (int t = 0; t < e; ++t) beaten |= q[t] >= axis[t] && (over > 1 || q[t] > axis[t]);
      if (beaten) continue;
      lv.keep[m++] = static_cast<std::uint32_t>(j);
      ++count[over + 1];
    }
    for (int t = 1; t < buckets; ++t) count[t] += count[t - 1];
    for (std::size_t r = 0; r < m; ++r) {
      const std::uint32_t j = lv.keep[r];
      lv.order[count[lv.excess[j]]++] = j;
    }
    std::size_t c = 0;
    double* L = lv.buf.data();
    for (std::size_t r = 0; r < m; ++r) {
      const double* q = P + lv.order[r] * sd;
      double* s = L + c * se;
      for (int t = 0; t < e; ++t) s[t] = std::max(p[t], q[t]);
      c = insert_nondominated<E>(L, c, e);
    }
    return c;
  }

  struct Level {
    std::vector<double> buf, tmp, axis;
    std::vector<std::uint32_t> idx, order, keep;
    std::vector<std::uint8_t> excess;
  };
  static constexpr int kMaxCount = 32;
  // Sets this small are summed by inclusion-exclusion (at most 15 boxes).
  static constexpr std::size_t kInclusionExclusion = 4;

  // Hypervolume of k <= kInclusionExclusion rows: sum over non-empty subsets S of
  // (-1)^(|S|+1) vol(max(S)), positive and negative terms summed apart.
  double inclusion_exclusion(const double* P, std::size_t k, int d) {
    if (k == 0) return 0.0;
    if (k == 1) return box_volume(P, ref_, d);
    if (k == 2) return hv_two(P, P + d, ref_, d);
    double pos = 0.0, neg = 0.0;
    double* corner = corner_.data();
    for (unsigned mask = 1; mask < (1u << k); ++mask) {
      int size = 0;
      for (int t = 0; t < d; ++t) corner[t] = -std::numeric_limits<double>::infinity();
      for (std::size_t r = 0; r < k; ++r) {
        if (!(mask >> r & 1u)) continue;
        ++size;
        const double* row = P + r * static_cast<std::size_t>(d);
        for (int t = 0; t < d; ++t) corner[t] = std::max(corner[t], row[t]);
      }
      (size & 1 ? pos : neg) += box_volume(corner, ref_, d);
    }
    return pos - neg;
  }

  const double* ref_;
  std::vector<Level> levels_;
  std::vector<double> corner_;
};

}  // namespace

std::size_t filter_nondominated(double* pts, std::size_t k, int d, int dims) {
  std::size_t c = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const double* s = pts + i * static_cast<std::size_t>(d);
    bool dropped = false;
    std::size_t w = 0;
    for (std::size_t r = 0; r < c; ++r) {
      double* q = pts + r * static_cast<std::size_t>(d);
      if (weakly_dominates(q, s, dims)) {
        dropped = true;
        break;
      }
      if (weakly_dominates(s, q, dims)) continue;
      if (w != r) std::memcpy(pts + w * static_cast<std::size_t>(d), q, sizeof(double) * static_cast<std::size_t>(d));
      ++w;
    }
    if (dropped) continue;
    if (w != i) std::memmove(pts + w * static_cast<std::size_t>(d), s, sizeof(double) * static_cast<std::size_t>(d));
    c = w + 1;
  }
  return c;
}

std::vector<std::uint8_t> nondominated_mask(const double* pts, std::size_t n, int d, bool keep_duplicates) {
  std::vector<std::uint8_t> mask(n, 0);
  if (n > 0) paretix::is_nondominated(pts, static_cast<std::int64_t>(n), d, keep_duplicates, mask.data());
  return mask;
}

double hv_wfg(const double* pts, std::size_t n, int d, const double* ref) {
  if (n == 0) return 0.0;
  const std::vector<std::uint8_t> keep = nondominated_mask(pts, n, d, false);
  std::vector<double> P;
  P.reserve(n * static_cast<std::size_t>(d));
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!keep[i]) continue;
    P.insert(P.end(), pts + i * static_cast<std::size_t>(d), pts + (i + 1) * static_cast<std::size_t>(d));
    ++k;
  }
  std::vector<std::uint32_t> idx;
  std::vector<double> tmp;
  sort_rows(P.data(), k, d, d - 1, idx, tmp);
  Wfg wfg(ref, d);
  return wfg.hv(P.data(), k, d);
}

double hv_any(const double* pts, std::size_t n, int d, const double* ref) {
  if (n == 0) return 0.0;
  if (n == 1) return box_volume(pts, ref, d);
  switch (d) {
    case 1: return hv1d(pts, n, ref);
    case 2: return hv2d(pts, n, ref);
    case 3: return hv3d(pts, n, ref);
    case 4: return hv4d(pts, n, ref);
    default: return hv_wfg(pts, n, d, ref);
  }
}

void hvc_limit_set(const double* pts, std::size_t n, int d, const double* ref, double* out) {
  const std::size_t sd = static_cast<std::size_t>(d);
  std::vector<double> L(n * sd);
  for (std::size_t i = 0; i < n; ++i) {
    const double* p = pts + i * sd;
    out[i] = 0.0;
    bool covered = false;
    std::size_t c = 0;
    for (std::size_t j = 0; j < n && !covered; ++j) {
      if (j == i) continue;
      const double* q = pts + j * sd;
      if (weakly_dominates(q, p, d)) covered = true;  // also exact duplicates: hvc = 0
      double* s = &L[c * sd];
      for (int t = 0; t < d; ++t) s[t] = std::max(p[t], q[t]);
      ++c;
    }
    if (covered) continue;
    c = filter_nondominated(L.data(), c, d, d);
    out[i] = box_volume(p, ref, d) - hv_any(L.data(), c, d, ref);
  }
}

}  // namespace paretix::hv

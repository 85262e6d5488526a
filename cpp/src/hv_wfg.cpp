// Hypervolume for d >= 5 (WFG), dimension dispatch, dominance filtering and limit-set
// contributions (see hv_detail.hpp).
//
// WFG (While, Bradstreet & Barone, IEEE TEVC 16(1), 2012) with slicing: with the points sorted
// by their last objective, HV(P) = sum_k (ref_d - p_k,d) * excl_{d-1}(p_k), where excl_{d-1}(p_k)
// is the (d-1)-dimensional volume of p_k's box minus the hypervolume of its limit set
// {max(p_k, p_j) : p_j,d <= p_k,d} (projected on the first d-1 objectives, dominated members
// pruned). The recursion stops at d = 4, where HV4D+ takes over (measured: faster than slicing
// on to 2-D even for sets of a few points); sets of at most 6 points use inclusion-exclusion.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <vector>

#include "paretix/hv_detail.hpp"
#include "paretix/simd2.hpp"
#include "paretix/nds.hpp"

namespace paretix::hv {
namespace {

// Two-point inclusion-exclusion.
double hv_two(const double* a, const double* b, const double* ref, int d) {
  double both = 1.0;
  for (int j = 0; j < d; ++j) both *= ref[j] - std::max(a[j], b[j]);
  return box_volume(a, ref, d) + box_volume(b, ref, d) - both;
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

// Two-lane double vectors (paretix/simd2.hpp) for the limit-set construction, which compares one
// point with every other one. A lane holding NaN compares false with everything: NaN rows pad the
// column arrays.
using namespace paretix::simd2;  // NOLINT(google-build-using-namespace)

class Wfg {
 public:
  Wfg(const double* ref, int d)
      : ref_(ref), levels_(static_cast<std::size_t>(d) + 1), corner_((kInclusionExclusion + 1) * static_cast<std::size_t>(d)) {}

  // P: k mutually non-dominated rows of stride d, no two equal, sorted by ascending objective d - 1.
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
    load_columns(lv, P, k, d, e);
    double total = 0.0;
    for (std::size_t idx = k; idx-- > 0;) {
      const double* p = P + idx * sd;
      // Rows >= idx are not needed any more: NaN pads the last block of rows < idx.
      for (std::size_t t = 0; t < se; ++t) lv.cols[t * lv.stride + idx] = kNaN;
      double excl = box_volume(p, ref_, e);
      const std::size_t c = limit_set<false>(lv, p, idx, e);
      if (c > 0) excl -= hv(lv.buf.data(), c, e);
      total += (ref_[e] - p[e]) * excl;
    }
    return total;
  }

  // Exclusive contribution of each of the n rows of P (stride d, any order, dominated rows and
  // duplicates allowed): vol(p) - HV(limit set of p over every other row), 0 when another row
  // weakly dominates p (duplicates included).
  void contributions(const double* P, std::size_t n, int d, double* out) {
    Level& lv = top_;  // not levels_[d]: hv(., d) below uses that one
    const std::size_t sd = static_cast<std::size_t>(d);
    load_columns(lv, P, n, d, d);
    for (std::size_t i = 0; i < n; ++i) {
      const double* p = P + i * sd;
      for (std::size_t t = 0; t < sd; ++t) lv.cols[t * lv.stride + i] = kNaN;  // leave p out
      const std::size_t c = limit_set<true>(lv, p, n, d);
      for (std::size_t t = 0; t < sd; ++t) lv.cols[t * lv.stride + i] = p[t];
      if (c == kCovered) {
        out[i] = 0.0;
        continue;
      }
      out[i] = box_volume(p, ref_, d) - (c > 0 ? hv(lv.buf.data(), c, d) : 0.0);
    }
  }

 private:
  struct Level;
  static constexpr std::size_t kCovered = ~std::size_t{0};

  // Columns of the first e objectives of the k rows of P (stride d), padded with NaN rows to an
  // even length; the per-level buffers sized for k rows.
  static void load_columns(Level& lv, const double* P, std::size_t k, int d, int e) {
    const std::size_t sd = static_cast<std::size_t>(d), se = static_cast<std::size_t>(e);
    lv.stride = k + 2;
    lv.cols.assign(lv.stride * se, kNaN);
    for (std::size_t j = 0; j < k; ++j)
      for (std::size_t t = 0; t < se; ++t) lv.cols[t * lv.stride + j] = P[j * sd + t];
    lv.buf.resize(k * se);
    lv.count.resize(k + 2);
    lv.keep.resize(k + 2);
    lv.order.resize(k);
    lv.vec.resize(2 * se);
  }
  // Limit set of p over the level's rows < idx (rows holding NaN are skipped) in lv.buf: c rows
  // of stride e, mutually non-dominated, sorted by ascending objective e - 1; returns c. With
  // Covered, a row weakly dominating p gives kCovered instead.
  template <bool Covered>
  std::size_t limit_set(Level& lv, const double* p, std::size_t idx, int e) {
    switch (e) {
      case 4: return limit_set_e<4, Covered>(lv, p, idx, e);
      case 5: return limit_set_e<5, Covered>(lv, p, idx, e);
      case 6: return limit_set_e<6, Covered>(lv, p, idx, e);
      case 7: return limit_set_e<7, Covered>(lv, p, idx, e);
      case 8: return limit_set_e<8, Covered>(lv, p, idx, e);
      case 9: return limit_set_e<9, Covered>(lv, p, idx, e);
      default: return limit_set_e<0, Covered>(lv, p, idx, e);
    }
  }

  // The limit set of p is {max(p, q)} over the rows q before it (their last objective is <= p's),
  // without its dominated members. A row exceeding p in one objective t only gives the "axis"
  // point (p with p_t raised to q_t); the lowest axis point a_t for t dominates every candidate
  // whose objective t is >= a_t, so those are dropped without pairwise comparisons (pass 2).
  // The others go in by the number of objectives in which q exceeds p (a counting sort): points
  // exceeding p in few objectives dominate most others, so most candidates are rejected early
  // and kept rows rarely move. In hv(), rows before p exceed it in at least one objective (P is
  // non-dominated and duplicate-free), so a count of 0 marks a NaN padding row; contributions()
  // looks for real rows with a count of 0 (Covered).
  template <int E, bool Covered>
  std::size_t limit_set_e(Level& lv, const double* p, std::size_t idx, int e_dyn) {
    const int e = E > 0 ? E : e_dyn;
    const std::size_t se = static_cast<std::size_t>(e), ks = lv.stride;
    const std::size_t nb = (idx + 1) / 2;  // blocks of two rows covering the rows < idx
    const double* col = lv.cols.data();
    V2 local[2 * (E > 0 ? E : 1)];
    V2* pv = E > 0 ? local : lv.vec.data();
    V2* av = pv + e;
    for (int t = 0; t < e; ++t) pv[t] = splat(p[t]), av[t] = splat(kInf);
    const V2 one = splat(1.0), zero = splat(0.0);
    // Pass 1: per row, the number of objectives in which it exceeds p; the axis points.
    double* over = lv.count.data();
    M2 covered = mask2(0, 0);
    for (std::size_t b = 0; b < nb; ++b) {
      V2 cnt = zero;
      for (int t = 0; t < e; ++t) cnt += select(load2(col + t * ks + 2 * b) > pv[t], one, zero);
      if (Covered) {
        M2 le = mask2(-1, -1);
        for (int t = 0; t < e; ++t) le &= load2(col + t * ks + 2 * b) <= pv[t];
        covered |= le;
      }
      std::memcpy(over + 2 * b, &cnt, sizeof cnt);
      const M2 single = cnt == one;
      for (int t = 0; t < e; ++t) {
        const V2 q = load2(col + t * ks + 2 * b);
        av[t] = vmin(av[t], select(single & (q > pv[t]), q, splat(kInf)));
      }
    }
    if (Covered && any(covered)) return kCovered;
    for (int t = 0; t < e; ++t) av[t] = splat(std::min(av[t][0], av[t][1]));
    // Pass 2: drop the rows some axis point dominates (a row exceeding p in one objective only
    // is dropped when strictly above the axis point: it may be that point).
    std::size_t m = 0;
    for (std::size_t b = 0; b < nb; ++b) {
      const V2 cnt = load2(over + 2 * b);
      const M2 multi = cnt > one;
      M2 beaten = cnt < one;
      for (int t = 0; t < e; ++t) {
        const V2 q = load2(col + t * ks + 2 * b);
        beaten |= (q > av[t]) | ((q == av[t]) & multi);
      }
      lv.keep[m] = static_cast<std::uint32_t>(2 * b);
      m += static_cast<std::size_t>(beaten[0] == 0);
      lv.keep[m] = static_cast<std::uint32_t>(2 * b + 1);
      m += static_cast<std::size_t>(beaten[1] == 0);
    }
    if (m == 0) return 0;
    const int top = std::min(e, kMaxE);
    std::size_t hist[kMaxE + 2];
    std::fill(hist, hist + top + 2, std::size_t{0});
    for (std::size_t r = 0; r < m; ++r) ++hist[std::min(static_cast<int>(over[lv.keep[r]]), top)];
    for (int t = 1; t <= top + 1; ++t) hist[t] += hist[t - 1];
    for (std::size_t r = m; r-- > 0;) {
      const std::uint32_t j = lv.keep[r];
      lv.order[--hist[std::min(static_cast<int>(over[j]), top)]] = j;
    }
    // Insertion of the candidates max(p, q) into the non-dominated set S, kept as columns of
    // stride ls padded with NaN rows.
    const std::size_t ls = m + 2;
    lv.set.assign(ls * se, kNaN);
    double* S = lv.set.data();
    double s_local[E > 0 ? E : 1];
    if (E == 0) lv.cand.resize(se);
    double* sv_s = E > 0 ? s_local : lv.cand.data();
    V2* sv = pv;  // p's splats are not needed any more
    std::size_t c = 0;
    for (std::size_t r = 0; r < m; ++r) {
      const std::uint32_t j = lv.order[r];
      for (int t = 0; t < e; ++t) {
        sv_s[t] = std::max(p[t], col[t * ks + j]);
        sv[t] = splat(sv_s[t]);
      }
      bool rejected = false;
      M2 covers = mask2(0, 0);
      for (std::size_t b = 0, cb = (c + 1) / 2; b < cb; ++b) {
        M2 q_le = mask2(-1, -1), s_le = mask2(-1, -1);
        for (int t = 0; t < e; ++t) {
          const V2 q = load2(S + t * ls + 2 * b);
          q_le &= q <= sv[t];
          s_le &= sv[t] <= q;
        }
        if (any(q_le)) {
          rejected = true;
          break;
        }
        covers |= s_le;
      }
      if (rejected) continue;
      if (any(covers)) {  // drop the rows the candidate dominates
        std::size_t w = 0;
        for (std::size_t i = 0; i < c; ++i) {
          bool dominated = true;
          for (int t = 0; t < e; ++t) dominated &= sv_s[t] <= S[t * ls + i];
          if (dominated) continue;
          if (w != i)
            for (int t = 0; t < e; ++t) S[t * ls + w] = S[t * ls + i];
          ++w;
        }
        for (std::size_t i = w; i < c; ++i)
          for (int t = 0; t < e; ++t) S[t * ls + i] = kNaN;
        c = w;
      }
      for (int t = 0; t < e; ++t) S[t * ls + c] = sv_s[t];
      ++c;
    }
    // Rows of S by ascending last objective, as rows of stride e. Limit sets tie massively in
    // it (every q below p there gives p's value); ties go by ascending sum of the other
    // objectives (measured against any order, stable order and descending sum: 10-20% faster
    // hypervolumes, 2x faster contributions at d = 8).
    std::uint32_t* o = lv.keep.data();
    std::iota(o, o + c, 0u);
    const double* key = S + (se - 1) * ls;
    lv.sum.assign(c, 0.0);
    double* rest = lv.sum.data();
    for (std::size_t t = 0; t + 1 < se; ++t)
      for (std::size_t r = 0; r < c; ++r) rest[r] += S[t * ls + r];
    std::sort(o, o + c, [key, rest](std::uint32_t a, std::uint32_t b) {
      return key[a] < key[b] || (key[a] == key[b] && rest[a] < rest[b]);
    });
    double* out = lv.buf.data();
    for (std::size_t r = 0; r < c; ++r)
      for (std::size_t t = 0; t < se; ++t) out[r * se + t] = S[t * ls + o[r]];
    return c;
  }

  struct Level {
    std::size_t stride = 0;                   // row capacity of a column in cols
    std::vector<double> cols, set, buf, count, cand, sum;
    std::vector<std::uint32_t> keep, order;
    std::vector<V2> vec;
  };
  static constexpr int kMaxE = 62;  // counting-sort buckets (larger counts share the last one)
  // Sets this small are summed by inclusion-exclusion (at most 63 boxes; 6 measured best
  // against 4, 5 and 7 at d = 6 and 8).
  static constexpr std::size_t kInclusionExclusion = 6;

  // Hypervolume of k <= kInclusionExclusion rows: sum over non-empty subsets S of
  // (-1)^(|S|+1) vol(max(S)), positive and negative terms summed apart. The subsets are visited
  // depth first, each corner max(S) from its parent's in O(d).
  double inclusion_exclusion(const double* P, std::size_t k, int d) {
    if (k == 0) return 0.0;
    if (k == 1) return box_volume(P, ref_, d);
    if (k == 2) return hv_two(P, P + d, ref_, d);
    double sums[2] = {0.0, 0.0};  // [even subset sizes, odd subset sizes]
    subsets(P, k, d, 0, 1, nullptr, sums);
    return sums[1] - sums[0];
  }
  void subsets(const double* P, std::size_t k, int d, std::size_t start, int size, const double* parent,
               double* sums) {
    double* corner = corner_.data() + static_cast<std::size_t>(size) * static_cast<std::size_t>(d);
    for (std::size_t i = start; i < k; ++i) {
      const double* row = P + i * static_cast<std::size_t>(d);
      double v = 1.0;
      for (int t = 0; t < d; ++t) {
        corner[t] = parent ? std::max(parent[t], row[t]) : row[t];
        v *= ref_[t] - corner[t];
      }
      sums[size & 1] += v;
      if (i + 1 < k) subsets(P, k, d, i + 1, size + 1, corner, sums);
    }
  }

  const double* ref_;
  std::vector<Level> levels_;
  Level top_;
  std::vector<double> corner_;
};

}  // namespace

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
  Wfg wfg(ref, d);
  wfg.contributions(pts, n, d, out);
}

}  // namespace paretix::hv

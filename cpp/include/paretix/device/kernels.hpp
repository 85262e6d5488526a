// The bodies of paretix's CUDA kernels: one functor per kernel, body(i) for thread index i.
//
// Compiled twice: by nvcc into paretix._cuda (cpp/cuda/kernels.cu launches a grid) and by the
// host compiler into paretix._core (cpp/src/device_emul.cpp runs i = 0, 1, ... in order), so the
// CPU tests run this very code against the CPU kernels. A body writes only the outputs of its own
// index; where a step is sequential by definition (niching), the body runs on index 0 alone.
// The arithmetic is that of the CPU kernels, expression by expression (nvcc builds with
// --fmad=false, as the host build uses -ffp-contract=off), so results agree bit for bit except
// where CUDA's pow differs from the host's by an ulp (SBX/PM).
#pragma once

#include <cmath>
#include <cstdint>

#include "paretix/device/dirtree.hpp"
#include "paretix/device/hd.hpp"
#include "paretix/moead.hpp"
#include "paretix/niching.hpp"
#include "paretix/splitmix.hpp"
#include "paretix/variation_rows.hpp"

namespace paretix::dev {

using u8 = std::uint8_t;

// ---- non-dominated sorting ------------------------------------------------------------------

// a dominates b (minimisation): no worse in all m objectives, better in one.
PARETIX_HD inline bool dominates(const double* a, const double* b, i64 m) {
  bool lt = false;
  for (i64 k = 0; k < m; ++k) {
    if (a[k] > b[k]) return false;
    if (a[k] < b[k]) lt = true;
  }
  return lt;
}

// One round of front peeling over n points sorted lexicographically (so only an earlier point can
// dominate a later one): flag[i] = 1 when point i is still unranked and no earlier unranked point
// dominates it. Exact duplicates do not dominate each other.
struct RankRound {
  const double* F;
  i64 m;
  const i64* rank;
  u8* flag;
  PARETIX_HD void operator()(i64 i) const {
    if (rank[i] != kUnranked) {
      flag[i] = 0;
      return;
    }
    const double* fi = F + i * m;
    for (i64 j = 0; j < i; ++j) {
      if (rank[j] != kUnranked) continue;
      const double* fj = F + j * m;
      if (dominates(fj, fi, m)) {
        flag[i] = 0;
        return;
      }
    }
    flag[i] = 1;
  }
};

// A cheap first pass of a peeling round: flag[i] = 1 when unranked point i is dominated by none of
// the s sample points (rows `sample` of F, all unranked). Every point of the round's front passes.
struct RankFilter {
  const double* F;
  i64 m;
  const i64* sample;
  i64 s;
  const i64* rank;
  u8* flag;
  PARETIX_HD void operator()(i64 i) const {
    if (rank[i] != kUnranked) {
      flag[i] = 0;
      return;
    }
    const double* fi = F + i * m;
    for (i64 q = 0; q < s; ++q) {
      const double* fj = F + sample[q] * m;
      if (dominates(fj, fi, m)) {
        flag[i] = 0;
        return;
      }
    }
    flag[i] = 1;
  }
};

// Inclusive prefix minimum of v (n int64) in three launches: ScanMinBlocks (thread b scans block b
// of `block` values in place and writes its minimum to tot[b]), ScanMinTotals (index 0 turns tot
// into the exclusive prefix minima of the blocks, INT64_MAX first), ScanMinApply (v[i] =
// min(v[i], tot[i / block])). Integer minima: the result does not depend on the order.
struct ScanMinBlocks {
  i64* v;
  i64 n, block;
  i64* tot;
  PARETIX_HD void operator()(i64 b) const {
    const i64 lo = b * block, hi = lo + block < n ? lo + block : n;
    i64 run = v[lo];
    for (i64 i = lo + 1; i < hi; ++i) {
      run = v[i] < run ? v[i] : run;
      v[i] = run;
    }
    tot[b] = run;
  }
};

struct ScanMinTotals {
  i64* tot;
  i64 nb;
  PARETIX_HD void operator()(i64 i) const {
    if (i != 0) return;
    i64 run = INT64_MAX;
    for (i64 b = 0; b < nb; ++b) {
      const i64 t = tot[b];
      tot[b] = run;
      run = t < run ? t : run;
    }
  }
};

struct ScanMinApply {
  i64* v;
  i64 block;
  const i64* tot;
  PARETIX_HD void operator()(i64 i) const {
    const i64 t = tot[i / block];
    if (t < v[i]) v[i] = t;
  }
};

// ---- NSGA-III association and niching (niching.hpp) ----------------------------------------------

// |f| (0 when f/|f| rounds to the zero vector too: such a point takes direction 0).
PARETIX_HD inline double direction_norm(const double* f, i64 m) {
  double norm2 = 0.0;
  for (i64 j = 0; j < m; ++j) norm2 += f[j] * f[j];
  const double norm = ::sqrt(norm2);
  bool zero = true;
  for (i64 j = 0; j < m; ++j) zero = zero && (norm > 0.0 ? f[j] / norm : 0.0) == 0.0;
  return zero ? 0.0 : norm;
}

// Squared distance between f / norm and the unit direction u (niching.cpp's sqdist of unit vectors).
PARETIX_HD inline double unit_sqdist(const double* f, double norm, const double* u, i64 m) {
  double d2 = 0.0;
  for (i64 j = 0; j < m; ++j) {
    const double e = f[j] / norm - u[j];
    d2 += e * e;
  }
  return d2;
}

struct UnitRows {  // U = the unit vectors of W's rows
  const double* W;
  i64 m;
  double* U;
  PARETIX_HD void operator()(i64 i) const { unit_vector(W + i * m, m, U + i * m); }
};

// Point i's nearest unit direction by a scan of all r (U from UnitRows): used for few directions,
// where it needs no tree (and so no host copy of the directions). Same results as AssociateTree.
struct Associate {
  const double* F;
  const double* U;
  i64 r, m;
  i64* niche;
  double* dist;
  PARETIX_HD void operator()(i64 i) const {
    const double* f = F + i * m;
    const double norm = direction_norm(f, m);
    i64 best = 0;
    if (norm > 0.0) {
      double best_d2 = INFINITY;
      for (i64 t = 0; t < r; ++t) {
        const double d2 = unit_sqdist(f, norm, U + t * m, m);
        if (d2 < best_d2) best_d2 = d2, best = t;
      }
    }
    niche[i] = best;
    dist[i] = perpendicular_distance(f, U + best * m, m);
  }
};

// Point i's nearest unit direction (smallest squared distance between unit vectors, ties to the
// lowest index; a zero point takes direction 0) and its perpendicular distance: the results of
// paretix::associate, found in the implicit k-d tree of dirtree.hpp, O(log r) per point in low
// dimension.
struct AssociateTree {
  const double* F;
  const double* P;      // r x m unit directions in leaf order
  const i64* orig;      // original index per leaf-order row
  const i64* dim;       // per heap node
  const double* split;  // per heap node
  i64 n_nodes, r, m, pos0;
  i64* niche;
  double* dist;
  PARETIX_HD void operator()(i64 i) const {
    const double* f = F + i * m;
    const double norm = direction_norm(f, m);
    i64 best = 0, best_pos = pos0;
    if (norm > 0.0) {
      double best_d2 = INFINITY;
      best = -1;
      i64 st_node[kTreeMaxDepth + 1], st_lo[kTreeMaxDepth + 1], st_hi[kTreeMaxDepth + 1];
      double st_gap[kTreeMaxDepth + 1];
      int top = 0;
      st_node[0] = 0, st_lo[0] = 0, st_hi[0] = r, st_gap[0] = 0.0;
      while (top >= 0) {
        const i64 node = st_node[top], lo = st_lo[top], hi = st_hi[top];
        const double gap = st_gap[top--];
        if (gap > best_d2) continue;
        const i64 d = node < n_nodes ? dim[node] : -1;
        if (d < 0) {
          for (i64 t = lo; t < hi; ++t) {
            const double d2 = unit_sqdist(f, norm, P + t * m, m);
            if (d2 < best_d2 || (d2 == best_d2 && orig[t] < best)) best_d2 = d2, best = orig[t], best_pos = t;
          }
          continue;
        }
        const i64 mid = lo + (hi - lo) / 2;
        const double diff = f[d] / norm - split[node];
        const bool left_near = diff <= 0.0;
        // far side first on the stack, so the near side is searched first
        ++top;
        st_node[top] = left_near ? 2 * node + 2 : 2 * node + 1;
        st_lo[top] = left_near ? mid : lo;
        st_hi[top] = left_near ? hi : mid;
        st_gap[top] = diff * diff;
        ++top;
        st_node[top] = left_near ? 2 * node + 1 : 2 * node + 2;
        st_lo[top] = left_near ? lo : mid;
        st_hi[top] = left_near ? mid : hi;
        st_gap[top] = 0.0;
      }
    }
    niche[i] = best;
    dist[i] = perpendicular_distance(f, P + best_pos * m, m);
  }
};

// Deb & Jain niching (niching.hpp) one level at a time, each niche of the level on its own
// thread. The caller groups the candidates by niche (start, r + 1 offsets; members, in index
// order per niche; left, candidates per niche) and picks the level's niches.

// keys[q] = niche_hash(seed, level, ids[q], 0): the order that decides which niches of an
// oversized level give a candidate.
struct NicheKeys {
  const i64* ids;
  std::uint64_t seed, level;
  std::uint64_t* keys;
  PARETIX_HD void operator()(i64 q) const { keys[q] = niche_hash(seed, level, static_cast<std::uint64_t>(ids[q]), 0); }
};

// Niche ids[q] gives one candidate, selected[q]: its closest (count 0) or a hashed position in its
// remaining list, swap-removed; left and count are updated (each niche appears once in ids).
struct NichePick {
  const i64* start;
  i64* members;
  i64* left;
  i64* count;
  const double* dist;
  const i64* ids;
  std::uint64_t seed, level;
  i64* selected;
  PARETIX_HD void operator()(i64 q) const {
    selected[q] = niche_pick(ids[q], start[ids[q]], members, left, count, dist, seed, level);
  }
};

// ---- fused SBX + PM (variation.hpp's sbx_pm on pre-drawn uniforms) ---------------------------

// Pair i: SBX of X[parents[2i]] and X[parents[2i + 1]], then PM of both children, reading row i of
// R (sbx_pm_width(n_var) draws). Y has 2 n_pairs rows (the caller drops an unused last child).
struct SbxPm {
  const double* X;
  const i64* parents;
  i64 n_var;
  const double* xl;
  const double* xu;
  variation::SbxConst cs;
  variation::PmConst cm;
  const double* R;
  double* Y;
  PARETIX_HD void operator()(i64 i) const {
    variation::BufferSource g(R + i * variation::sbx_pm_width(n_var));
    double* y1 = Y + 2 * i * n_var;
    double* y2 = y1 + n_var;
    variation::sbx_row(X + parents[2 * i] * n_var, X + parents[2 * i + 1] * n_var, n_var, xl, xu, cs, g, y1, y2);
    variation::pm_row(y1, n_var, xl, xu, cm, g, y1);
    variation::pm_row(y2, n_var, xl, xu, cm, g, y2);
  }
};

// ---- Monte Carlo sample counting (hypervolume_mc, HypE) --------------------------------------

// alpha[1..k] of hype.hpp (alpha[0] = 0), on index 0.
struct HypeAlpha {
  i64 k, n;
  double* alpha;
  PARETIX_HD void operator()(i64 i) const {
    if (i != 0) return;
    alpha[0] = 0.0;
    double p = 1.0;
    for (i64 c = 1; c <= k; ++c) {
      alpha[c] = p / static_cast<double>(c);
      if (c < k) p *= static_cast<double>(k - c) / static_cast<double>(n - c);
    }
  }
};

// Coordinate j of sample s of the stream started at key, in the box [lo, lo + width).
PARETIX_HD inline double mc_coord(const SplitMix64& at, i64 j, const double* lo, const double* width) {
  SplitMix64 g = at;
  g.state += static_cast<std::uint64_t>(j) * 0x9E3779B97F4A7C15ULL;
  return lo[j] + mc_to_unit(g.next()) * width[j];
}

// x weakly dominates the sample whose stream starts at `at` (coordinates generated as needed).
PARETIX_HD inline bool dominates_sample(const double* x, const SplitMix64& at, i64 d, const double* lo,
                                        const double* width) {
  for (i64 j = 0; j < d; ++j)
    if (x[j] > mc_coord(at, j, lo, width)) return false;
  return true;
}

// cnt[s] += the number of counting points (use[p] != 0) of chunk c that weakly dominate sample s,
// for thread t = s * n_chunks + c (chunks of `chunk` points): many threads per sample, so that a
// few thousand samples over a million points still fill the GPU. Integer sums: the total does not
// depend on the order of the additions.
struct McCountChunk {
  const double* P;  // n x d
  const u8* use;
  i64 n, d;
  const double* lo;
  const double* width;
  std::uint64_t key;
  i64 chunk, n_chunks;
  i64* cnt;
  PARETIX_HD void operator()(i64 t) const {
    const i64 s = t / n_chunks, c = t % n_chunks;
    const SplitMix64 at = mc_stream_at(key, static_cast<std::uint64_t>(s), static_cast<std::size_t>(d));
    const i64 p0 = c * chunk, p1 = p0 + chunk < n ? p0 + chunk : n;
    i64 k = 0;
    for (i64 p = p0; p < p1; ++p) {
      if (!use[p]) continue;
      if (dominates_sample(P + p * d, at, d, lo, width)) ++k;
    }
    if (k) atomic_add(cnt + s, k);
  }
};

// Sample s with cnt[s] dominators: hit[s] = cnt[s] > 0, and HypE's weight w[s] = alpha[c] for
// 1 <= c <= k, else 0 (no weights when w is null).
struct McWeights {
  const i64* cnt;
  const double* alpha;
  i64 k;
  u8* hit;
  double* w;
  PARETIX_HD void operator()(i64 s) const {
    const i64 c = cnt[s];
    hit[s] = c > 0;
    if (w != nullptr) w[s] = (c >= 1 && c <= k) ? alpha[c] : 0.0;
  }
};

// Point p's HypE fitness: the weights w[s] of the samples it weakly dominates, summed per block of
// `block` samples in sample order and the block sums added in block order (hype.cpp's order),
// times box / n_samples with box the product of the widths; 0 for points with use[p] = 0.
struct HypeAccumulate {
  const double* P;
  const u8* use;
  i64 d;
  const double* lo;
  const double* width;
  std::uint64_t key;
  const double* w;
  i64 n_samples, block;
  double* out;
  PARETIX_HD void operator()(i64 p) const {
    if (!use[p]) {
      out[p] = 0.0;
      return;
    }
    const double* x = P + p * d;
    double acc = 0.0;
    for (i64 b0 = 0; b0 < n_samples; b0 += block) {
      const i64 b1 = b0 + block < n_samples ? b0 + block : n_samples;
      double part = 0.0;
      for (i64 s = b0; s < b1; ++s) {
        if (w[s] == 0.0) continue;
        const SplitMix64 at = mc_stream_at(key, static_cast<std::uint64_t>(s), static_cast<std::size_t>(d));
        if (dominates_sample(x, at, d, lo, width)) part += w[s];
      }
      acc += part;
    }
    double box = 1.0;
    for (i64 j = 0; j < d; ++j) box *= width[j];
    out[p] = acc * (box / static_cast<double>(n_samples));
  }
};

// ---- MOEA/D (moead.hpp) ---------------------------------------------------------------------

struct MoeadAggregate {  // g[i] = aggregate(F[i], W[i])
  const double* F;
  const double* W;
  moead::Aggregation agg;
  double* g;
  PARETIX_HD void operator()(i64 i) const { g[i] = moead::aggregate(agg, F + i * agg.m, W + i * agg.m); }
};

// Child j tests its candidates in order against the incumbents (cv, g_inc) and records the first
// `slots` it improves: sub[j, t] (-1 after the last) and the child's values there, gsub[j, t].
struct MoeadImprove {
  const double* Fc;
  const double* cvc;
  const double* W;
  const i64* cand;
  i64 n_cand;
  const double* cv;
  const double* g_inc;
  moead::Aggregation agg;
  i64 slots;
  i64* sub;
  double* gsub;
  PARETIX_HD void operator()(i64 j) const {
    const int m = agg.m;
    i64 t = 0;
    for (i64 c = 0; c < n_cand && t < slots; ++c) {
      const i64 k = cand[j * n_cand + c];
      const double gc = moead::aggregate(agg, Fc + j * m, W + k * m);
      if (!moead::better(cvc[j], gc, cv[k], g_inc[k])) continue;
      sub[j * slots + t] = k;
      gsub[j * slots + t] = gc;
      ++t;
    }
    for (; t < slots; ++t) sub[j * slots + t] = -1;
  }
};

}  // namespace paretix::dev

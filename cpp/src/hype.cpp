// HypE fitness kernels (see hype.hpp). The Numba twins in src/paretix/kernels/_numba/hype.py run
// the same operations in the same order, so both backends give the same bits.
#include "paretix/hype.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "paretix/splitmix.hpp"
#include "paretix/threads.hpp"

namespace paretix {
namespace {

using Index = std::int64_t;

// Samples are processed in blocks of a size fixed by n_samples alone: every block sums its
// weights per point in sample order, and the block sums are added in block order. The bits
// therefore do not depend on how many threads share the blocks.
Index block_size(Index n_samples) { return std::max<Index>(1024, (n_samples + 63) / 64); }

// Threads worth starting for `work` elementary comparisons (results never depend on it).
int threads_for(int threads, double work, Index blocks) {
  if (threads < 1 || work < 4e6) return 1;
  return static_cast<int>(std::min<Index>(threads, blocks));
}

// Rows that strictly dominate ref, in row order.
std::vector<Index> counted_rows(const double* points, Index n, Index d, const double* ref) {
  std::vector<Index> rows;
  for (Index i = 0; i < n; ++i) {
    bool in = true;
    for (Index j = 0; j < d && in; ++j) in = points[i * d + j] < ref[j];
    if (in) rows.push_back(i);
  }
  return rows;
}

// The counted rows sorted by objective 0 (stable) and gathered, with the sampling box.
struct SampleSet {
  std::vector<Index> row;    // row of sorted position r
  std::vector<double> P;     // sorted points, row-major
  std::vector<double> first; // objective 0 of the sorted points
  std::vector<double> lo, width;
  double box = 1.0;
};

SampleSet make_sample_set(const double* points, Index d, const double* ref, const std::vector<Index>& rows) {
  SampleSet S;
  const std::size_t sd = static_cast<std::size_t>(d);
  S.row = rows;
  std::stable_sort(S.row.begin(), S.row.end(), [&](Index a, Index b) { return points[a * d] < points[b * d]; });
  S.P.resize(S.row.size() * sd);
  S.first.resize(S.row.size());
  for (std::size_t r = 0; r < S.row.size(); ++r) {
    std::copy(points + S.row[r] * d, points + (S.row[r] + 1) * d, S.P.begin() + static_cast<std::ptrdiff_t>(r * sd));
    S.first[r] = S.P[r * sd];
  }
  S.lo.assign(sd, 0.0);
  S.width.assign(sd, 0.0);
  for (std::size_t j = 0; j < sd; ++j) {
    double m = S.P[j];
    for (std::size_t r = 1; r < S.row.size(); ++r) m = std::min(m, S.P[r * sd + j]);
    S.lo[j] = m;
    S.width[j] = ref[j] - m;
  }
  for (std::size_t j = 0; j < sd; ++j) S.box *= S.width[j];
  return S;
}

// Sorted positions of the points that weakly dominate sample s, in increasing order, into buf;
// returns their number.
std::size_t dominators(const SampleSet& S, std::size_t sd, const double* s, std::vector<std::int32_t>& buf) {
  const std::size_t end = static_cast<std::size_t>(std::upper_bound(S.first.begin(), S.first.end(), s[0]) - S.first.begin());
  std::size_t c = 0;
  for (std::size_t r = 0; r < end; ++r) {
    const double* p = &S.P[r * sd];
    std::size_t j = 1;
    while (j < sd && p[j] <= s[j]) ++j;
    if (j == sd) buf[c++] = static_cast<std::int32_t>(r);
  }
  return c;
}

// The exact 2-D sweep of hype.hpp on m points (x[i], y[i]) whose fitness goes to out[ids[i]],
// every strip's area multiplied by scale (1 in 2-D, the slab height in 3-D).
void exact2d(const double* x, const double* y, const Index* ids, Index m, double rx, double ry, const double* alpha,
             Index k, double scale, double* out, std::vector<Index>& order, std::vector<Index>& xo,
             std::vector<double>& T) {
  order.resize(static_cast<std::size_t>(m));
  std::iota(order.begin(), order.end(), Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return y[a] < y[b]; });
  xo.clear();
  T.assign(static_cast<std::size_t>(std::min(k, m)) + 2, 0.0);
  Index a = 0;
  while (a < m) {
    const double yv = y[order[a]];
    while (a < m && y[order[a]] == yv) {
      const Index i = order[a];
      // after the points with x <= x[i]: ties keep their insertion order
      std::size_t pos = 0, hi = xo.size();
      while (pos < hi) {
        const std::size_t mid = (pos + hi) / 2;
        if (x[xo[mid]] <= x[i]) pos = mid + 1; else hi = mid;
      }
      xo.insert(xo.begin() + static_cast<std::ptrdiff_t>(pos), i);
      ++a;
    }
    const double ynext = a < m ? y[order[a]] : ry;
    const double coef = (ynext - yv) * scale;
    const Index t = static_cast<Index>(xo.size());
    const Index qmax = std::min(k, t);
    double acc = 0.0;
    for (Index q = qmax; q >= 1; --q) {
      const double xn = q < t ? x[xo[q]] : rx;
      acc += (xn - x[xo[q - 1]]) * alpha[q];
      T[q] = acc;
    }
    for (Index q = 1; q <= qmax; ++q) out[ids[xo[q - 1]]] += coef * T[q];
  }
}

// Exact fitness of the counted rows `rows` (d = 2 or 3) added to out (indexed by row).
void exact_rows(const double* points, Index d, const double* ref, const std::vector<Index>& rows, const double* alpha,
                Index k, double* out) {
  const Index m = static_cast<Index>(rows.size());
  if (m == 0) return;
  std::vector<Index> order, xo;
  std::vector<double> T;
  if (d == 2) {
    std::vector<double> x(rows.size()), y(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      x[r] = points[rows[r] * 2];
      y[r] = points[rows[r] * 2 + 1];
    }
    exact2d(x.data(), y.data(), rows.data(), m, ref[0], ref[1], alpha, k, 1.0, out, order, xo, T);
    return;
  }
  std::vector<Index> zo(rows.size());
  std::iota(zo.begin(), zo.end(), Index{0});
  std::stable_sort(zo.begin(), zo.end(), [&](Index a, Index b) { return points[rows[a] * 3 + 2] < points[rows[b] * 3 + 2]; });
  std::vector<double> x, y;
  std::vector<Index> ids;
  Index a = 0;
  while (a < m) {
    const double zv = points[rows[zo[a]] * 3 + 2];
    while (a < m && points[rows[zo[a]] * 3 + 2] == zv) {
      const Index row = rows[zo[a]];
      x.push_back(points[row * 3]);
      y.push_back(points[row * 3 + 1]);
      ids.push_back(row);
      ++a;
    }
    const double znext = a < m ? points[rows[zo[a]] * 3 + 2] : ref[2];
    exact2d(x.data(), y.data(), ids.data(), static_cast<Index>(ids.size()), ref[0], ref[1], alpha, k, znext - zv, out,
            order, xo, T);
  }
}

}  // namespace

void hype_alpha(std::int64_t k, std::int64_t n, double* alpha) {
  alpha[0] = 0.0;
  double p = 1.0;
  for (Index c = 1; c <= k; ++c) {
    alpha[c] = p / static_cast<double>(c);
    if (c < k) p *= static_cast<double>(k - c) / static_cast<double>(n - c);
  }
}

std::int64_t hype_fitness_mc(const double* points, std::int64_t n, std::int64_t d, const double* ref, std::int64_t k,
                             std::int64_t n_samples, std::uint64_t seed, double* out, int threads) {
  std::fill(out, out + n, 0.0);
  const std::vector<Index> rows = counted_rows(points, n, d, ref);
  if (rows.empty() || n_samples <= 0) return 0;
  const std::size_t sd = static_cast<std::size_t>(d), m = rows.size();
  const SampleSet S = make_sample_set(points, d, ref, rows);
  std::vector<double> alpha(static_cast<std::size_t>(k) + 1);
  hype_alpha(k, n, alpha.data());
  const std::uint64_t key = mc_stream_key(seed);
  const Index B = block_size(n_samples), nb = (n_samples + B - 1) / B;
  const int T = threads_for(threads, static_cast<double>(n_samples) * static_cast<double>(m) * 0.5, nb);
  std::vector<std::vector<double>> part(static_cast<std::size_t>(T), std::vector<double>(m));
  std::vector<std::int64_t> hits(static_cast<std::size_t>(nb), 0);
  std::vector<double> acc(m, 0.0);
  for (Index w0 = 0; w0 < nb; w0 += T) {  // a wave of up to T blocks, then their sums in block order
    const int wn = static_cast<int>(std::min<Index>(T, nb - w0));
    parallel_for(wn, [&](int t) {
      const Index blk = w0 + t;
      std::vector<double>& a = part[static_cast<std::size_t>(t)];
      std::fill(a.begin(), a.end(), 0.0);
      std::vector<std::int32_t> buf(m);
      std::vector<double> s(sd);
      const Index i0 = blk * B, i1 = std::min(n_samples, i0 + B);
      SplitMix64 gen = mc_stream_at(key, static_cast<std::uint64_t>(i0), sd);
      std::int64_t h = 0;
      for (Index i = i0; i < i1; ++i) {
        mc_next_sample(gen, S.lo.data(), S.width.data(), sd, s.data());
        const std::size_t c = dominators(S, sd, s.data(), buf);
        if (c == 0) continue;
        ++h;
        if (static_cast<Index>(c) > k) continue;
        const double w = alpha[c];
        for (std::size_t r = 0; r < c; ++r) a[static_cast<std::size_t>(buf[r])] += w;
      }
      hits[static_cast<std::size_t>(blk)] = h;
    });
    for (int t = 0; t < wn; ++t)
      for (std::size_t r = 0; r < m; ++r) acc[r] += part[static_cast<std::size_t>(t)][r];
  }
  const double scale = S.box / static_cast<double>(n_samples);
  for (std::size_t r = 0; r < m; ++r) out[S.row[r]] = acc[r] * scale;
  std::int64_t total = 0;
  for (std::int64_t h : hits) total += h;
  return total;
}

void hype_fitness_exact(const double* points, std::int64_t n, std::int64_t d, const double* ref, std::int64_t k,
                        double* out) {
  std::fill(out, out + n, 0.0);
  const std::vector<Index> rows = counted_rows(points, n, d, ref);
  std::vector<double> alpha(static_cast<std::size_t>(k) + 1);
  hype_alpha(k, n, alpha.data());
  exact_rows(points, d, ref, rows, alpha.data(), k, out);
}

void hype_greedy(const double* points, std::int64_t n, std::int64_t d, const double* ref, std::int64_t n_remove,
                 int method, std::int64_t n_samples, std::uint64_t seed, std::int64_t* removed, int threads) {
  if (n_remove <= 0) return;
  std::vector<std::uint8_t> alive(static_cast<std::size_t>(n), 1);
  std::vector<double> fit(static_cast<std::size_t>(n), 0.0);
  std::vector<double> alpha(static_cast<std::size_t>(n_remove) + 1);
  auto remove_worst = [&](Index t) {
    Index best = -1;
    double bf = std::numeric_limits<double>::infinity();
    for (Index i = 0; i < n; ++i)
      if (alive[i] && (best < 0 || fit[i] < bf)) {
        best = i;
        bf = fit[i];
      }
    removed[t] = best;
    alive[best] = 0;
  };
  if (method == 1) {  // exact, recomputed at every step
    std::vector<Index> rows;
    for (Index t = 0; t < n_remove; ++t) {
      const Index k = n_remove - t;
      hype_alpha(k, n - t, alpha.data());
      rows.clear();
      for (Index i = 0; i < n; ++i) {
        fit[i] = 0.0;
        if (!alive[i]) continue;
        bool in = true;
        for (Index j = 0; j < d && in; ++j) in = points[i * d + j] < ref[j];
        if (in) rows.push_back(i);
      }
      exact_rows(points, d, ref, rows, alpha.data(), k, fit.data());
      remove_worst(t);
    }
    return;
  }
  const std::vector<Index> rows = counted_rows(points, n, d, ref);
  const std::size_t sd = static_cast<std::size_t>(d), m = rows.size();
  // Kept samples (dominated by 1..n_remove points) grouped by sample block; block b owns the
  // kept samples [qb[b], qb[b + 1]) (qn[b] still kept) and the entries from eb[b] on. Kept
  // sample q lists its dominators' sorted positions at ent[sb[q] .. sb[q] + sl[q]).
  const Index B = block_size(n_samples), nb = m ? (n_samples + B - 1) / B : 0;
  std::vector<std::int64_t> qb(static_cast<std::size_t>(nb) + 1, 0), qn(static_cast<std::size_t>(nb), 0),
      eb(static_cast<std::size_t>(nb) + 1, 0), sb, sl;
  std::vector<std::int32_t> ent;
  SampleSet S;
  int T = 1;
  if (m) {
    S = make_sample_set(points, d, ref, rows);
    T = static_cast<int>(std::min<Index>(std::max(threads, 1), nb));
    const std::uint64_t key = mc_stream_key(seed);
    std::vector<std::vector<std::int32_t>> bent(static_cast<std::size_t>(nb));
    std::vector<std::vector<std::int64_t>> blen(static_cast<std::size_t>(nb));
    const int Tb = threads_for(threads, static_cast<double>(n_samples) * static_cast<double>(m) * 0.5, nb);
    parallel_for(Tb, [&](int t) {
      std::vector<std::int32_t> buf(m);
      std::vector<double> s(sd);
      for (Index blk = t; blk < nb; blk += Tb) {
        const Index i0 = blk * B, i1 = std::min(n_samples, i0 + B);
        SplitMix64 gen = mc_stream_at(key, static_cast<std::uint64_t>(i0), sd);
        auto& E = bent[static_cast<std::size_t>(blk)];
        auto& L = blen[static_cast<std::size_t>(blk)];
        for (Index i = i0; i < i1; ++i) {
          mc_next_sample(gen, S.lo.data(), S.width.data(), sd, s.data());
          const std::size_t c = dominators(S, sd, s.data(), buf);
          if (c == 0 || static_cast<Index>(c) > n_remove) continue;
          E.insert(E.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(c));
          L.push_back(static_cast<std::int64_t>(c));
        }
      }
    });
    for (Index blk = 0; blk < nb; ++blk) {
      const std::size_t ub = static_cast<std::size_t>(blk);
      qb[ub + 1] = qb[ub] + static_cast<std::int64_t>(blen[ub].size());
      qn[ub] = static_cast<std::int64_t>(blen[ub].size());
      eb[ub + 1] = eb[ub] + static_cast<std::int64_t>(bent[ub].size());
    }
    ent.resize(static_cast<std::size_t>(eb[static_cast<std::size_t>(nb)]));
    sb.resize(static_cast<std::size_t>(qb[static_cast<std::size_t>(nb)]));
    sl.resize(sb.size());
    for (Index blk = 0; blk < nb; ++blk) {
      const std::size_t ub = static_cast<std::size_t>(blk);
      std::copy(bent[ub].begin(), bent[ub].end(), ent.begin() + eb[ub]);
      std::int64_t e = eb[ub];
      for (std::size_t j = 0; j < blen[ub].size(); ++j) {
        sb[static_cast<std::size_t>(qb[ub]) + j] = e;
        sl[static_cast<std::size_t>(qb[ub]) + j] = blen[ub][j];
        e += blen[ub][j];
      }
      std::vector<std::int32_t>().swap(bent[ub]);
    }
  }
  std::vector<std::int64_t> en(static_cast<std::size_t>(nb));  // entries block b still keeps
  for (Index blk = 0; blk < nb; ++blk)
    en[static_cast<std::size_t>(blk)] = eb[static_cast<std::size_t>(blk) + 1] - eb[static_cast<std::size_t>(blk)];
  std::vector<double> acc(m);
  std::vector<double> part(static_cast<std::size_t>(nb) * m);
  for (Index t = 0; t < n_remove; ++t) {
    const Index k = n_remove - t;
    hype_alpha(k, n - t, alpha.data());
    // per block: count each kept sample's dominators still present; drop for good the samples
    // with none or more than k, compacting the block's lists in place (sample order kept)
    std::int64_t live = 0;  // entries still kept: the step's work
    for (Index blk = 0; blk < nb; ++blk) live += en[static_cast<std::size_t>(blk)];
    const int Tt = live > 200000 ? T : 1;
    parallel_for(Tt, [&](int th) {
      for (Index blk = th; blk < nb; blk += Tt) {
        const std::size_t ub = static_cast<std::size_t>(blk);
        double* a = &part[ub * m];
        std::fill(a, a + m, 0.0);
        std::int64_t wq = qb[ub], we = eb[ub];
        const std::int64_t q1 = qb[ub] + qn[ub];
        for (std::int64_t q = qb[ub]; q < q1; ++q) {
          const std::int64_t b0 = sb[static_cast<std::size_t>(q)], b1 = b0 + sl[static_cast<std::size_t>(q)];
          const std::int64_t w0 = we;
          for (std::int64_t e = b0; e < b1; ++e) {
            const std::int32_t r = ent[static_cast<std::size_t>(e)];
            if (alive[S.row[static_cast<std::size_t>(r)]]) ent[static_cast<std::size_t>(we++)] = r;
          }
          const Index c = we - w0;
          if (c == 0 || c > k) {
            we = w0;
            continue;
          }
          const double w = alpha[static_cast<std::size_t>(c)];
          for (std::int64_t e = w0; e < we; ++e) a[ent[static_cast<std::size_t>(e)]] += w;
          sb[static_cast<std::size_t>(wq)] = w0;
          sl[static_cast<std::size_t>(wq)] = c;
          ++wq;
        }
        qn[ub] = wq - qb[ub];
        en[ub] = we - eb[ub];
      }
    });
    std::fill(acc.begin(), acc.end(), 0.0);
    for (Index blk = 0; blk < nb; ++blk) {
      const double* a = &part[static_cast<std::size_t>(blk) * m];
      for (std::size_t r = 0; r < m; ++r) acc[r] += a[r];
    }
    for (Index i = 0; i < n; ++i) fit[i] = 0.0;
    for (std::size_t r = 0; r < m; ++r) fit[S.row[r]] = acc[r];
    remove_worst(t);
  }
}

}  // namespace paretix

// Batched CMA-ES kernels: sampling, the generation update, the eigendecomposition (cmaes.hpp).
//
// Every sum is accumulated in increasing index order and no expression is reassociated, so the
// Numba twins (src/paretix/kernels/_numba/cmaes.py) produce the same bits.
#include "paretix/cmaes.hpp"
#include "paretix/simd2.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <type_traits>
#include <vector>

namespace paretix::cma {
namespace {

using std::int64_t;
using std::size_t;

inline size_t sz(int64_t v) { return static_cast<size_t>(v); }

inline double key(double v) { return std::isnan(v) ? std::numeric_limits<double>::infinity() : v; }

// n doubles: on the stack when N > 0 (so the compiler can keep them in registers), else on the heap.
template <int64_t N>
class Scratch {
 public:
  explicit Scratch(int64_t n) : heap_(N > 0 ? 0 : sz(n)), p_(N > 0 ? fixed_ : heap_.data()) {}
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  double& operator[](int64_t i) { return p_[i]; }
  double* data() { return p_; }

 private:
  double fixed_[N > 0 ? N : 1];
  std::vector<double> heap_;
  double* p_;
};

}  // namespace

// Dimensions with a specialised (fully unrolled, register-blocked) instance of the kernels below;
// other n use the N = 0 instance (run-time n). Specialising changes the speed, not the result.
#define PARETIX_CMA_DISPATCH(n, CALL) \
  switch (n) {                        \
    case 2: CALL(2); break;           \
    case 3: CALL(3); break;           \
    case 4: CALL(4); break;           \
    case 5: CALL(5); break;           \
    case 6: CALL(6); break;           \
    case 7: CALL(7); break;           \
    case 8: CALL(8); break;           \
    case 9: CALL(9); break;           \
    case 10: CALL(10); break;         \
    case 12: CALL(12); break;         \
    case 16: CALL(16); break;         \
    case 20: CALL(20); break;         \
    default: CALL(0); break;          \
  }

namespace {

// Marks sample_n's plain instance: Z is given (no generator).
struct GivenZ {};

// sample() with n == N (N = 0: n == n_rt). With a generator G, every row of Z (the padded rows
// included, in C order) is first filled from it with rng::standard_normal.
template <int64_t N, class G>
void sample_n(const double* mean, const double* sigma, const double* Bm, const double* D, double* Z, G* gen,
              const int64_t* lam, int64_t B, int64_t L, int64_t n_rt, double* Y, double* X) {
  const int64_t n = N > 0 ? N : n_rt;
  std::vector<double> BDt(Bm ? sz(n * n) : 0);  // (Bm diag(D))^T: row j is D[j] times eigenvector j
  Scratch<N> acc(n);
  for (int64_t b = 0; b < B; ++b) {
    const double* m = mean + b * n;
    const double s = sigma[b];
    const double* d = D + b * n;
    if (Bm) {
      const double* Bb = Bm + b * n * n;
      for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < n; ++j) BDt[sz(j * n + i)] = Bb[i * n + j] * d[j];
    }
    const double* bdt = BDt.data();
    // A lower triangular Bm (a Cholesky factor): with drawn z, which is always finite, the terms
    // of its upper triangle add exactly +0 to a sum that is never -0, so they can be skipped with
    // the same bits (given Z may hold inf, where 0 * inf is NaN: that path keeps every term).
    bool lower = false;
    if constexpr (N > 0 && !std::is_same_v<G, GivenZ>) {
      if (Bm) {
        lower = true;
        const double* Bb = Bm + b * N * N;
        for (int64_t i = 0; i < N; ++i)
          for (int64_t j = i + 1; j < N; ++j) lower = lower && Bb[i * N + j] == 0.0;
      }
    }
    for (int64_t k = 0; k < L; ++k) {
      const int64_t row = (b * L + k) * n;
      double* y = Y + row;
      double* x = X + row;
      double* z = Z + row;
      if constexpr (!std::is_same_v<G, GivenZ>) {
        for (int64_t i = 0; i < n; ++i) z[i] = rng::standard_normal(*gen);
      }
      if (k >= lam[b]) {
        for (int64_t i = 0; i < n; ++i) y[i] = 0.0, x[i] = m[i];
        continue;
      }
      if (!Bm) {
        for (int64_t i = 0; i < n; ++i) acc[i] = d[i] * z[i];
      } else if (lower) {
        // column j has its nonzeros at i >= j: from the even row j & ~1, so whole lane pairs
        for (int64_t i = 0; i < n; ++i) acc[i] = 0.0;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 32
#endif
        for (int64_t j = 0; j < n; ++j) {
          const double zj = z[j];
          const double* col = bdt + j * n;
          for (int64_t i = j & ~int64_t{1}; i < n; ++i) acc[i] += col[i] * zj;
        }
      } else {
        // y[i] = sum_j (Bm[i,j] D[j]) z[j], accumulated in increasing j (axpy form, vectorises over i;
        // skipping the zeros of a triangular Bm measured slower: the loop loses its fixed length).
        for (int64_t i = 0; i < n; ++i) acc[i] = 0.0;
        for (int64_t j = 0; j < n; ++j) {
          const double zj = z[j];
          const double* col = bdt + j * n;
          for (int64_t i = 0; i < n; ++i) acc[i] += col[i] * zj;
        }
      }
      for (int64_t i = 0; i < n; ++i) y[i] = acc[i], x[i] = m[i] + s * acc[i];
    }
  }
}

template <class G>
void sample_any(const double* mean, const double* sigma, const double* Bm, const double* D, double* Z, G* gen,
                const int64_t* lam, int64_t B, int64_t L, int64_t n, double* Y, double* X) {
#define PARETIX_CMA_SAMPLE(N) sample_n<N, G>(mean, sigma, Bm, D, Z, gen, lam, B, L, n, Y, X)
  PARETIX_CMA_DISPATCH(n, PARETIX_CMA_SAMPLE)
#undef PARETIX_CMA_SAMPLE
}

}  // namespace

void sample(const double* mean, const double* sigma, const double* Bm, const double* D, const double* Z,
            const int64_t* lam, int64_t B, int64_t L, int64_t n, double* Y, double* X) {
  // Z is only read on this path (G = GivenZ).
  sample_any<GivenZ>(mean, sigma, Bm, D, const_cast<double*>(Z), nullptr, lam, B, L, n, Y, X);
}

void sample_draw(rng::BitGen* gen, const double* mean, const double* sigma, const double* Bm, const double* D,
                 const int64_t* lam, int64_t B, int64_t L, int64_t n, double* Z, double* Y, double* X) {
  rng::BitGenSource src(gen);
  sample_any(mean, sigma, Bm, D, Z, &src, lam, B, L, n, Y, X);
}

#if PARETIX_HAVE_PCG64
void sample_draw_pcg64(std::uint64_t* state, const std::uint64_t* inc, const double* mean, const double* sigma,
                       const double* Bm, const double* D, const int64_t* lam, int64_t B, int64_t L, int64_t n,
                       double* Z, double* Y, double* X) {
  rng::Pcg64 src(state[0], state[1], inc[0], inc[1]);
  sample_any(mean, sigma, Bm, D, Z, &src, lam, B, L, n, Y, X);
  state[0] = src.state_hi();
  state[1] = src.state_lo();
}
#endif

namespace {

// Populations up to this size are ranked by counting (count_ranks), larger ones by sorting.
constexpr int64_t kCountMax = 32;

// idx[rank(i)] = i with rank(i) = #{j: (kc_j, kf_j, j) < (kc_i, kf_i, i)}, the comparisons in
// two-lane vectors without a data-dependent branch: an insertion sort mispredicts about once per
// element on random f, which made the ranking a third of cma_update's time at lambda = 10
// (measured inside the update with f varying: 338 -> 270 ns per instance). The keys hold no NaN,
// so the order is strict and total and rank() is the permutation every correct sort gives.
// Without CV the kc keys are not read.
template <bool CV>
void count_ranks(const double* kc, const double* kf, int64_t lam, int64_t* idx) {
  using simd2::M2;
  using simd2::V2;
  constexpr double kInfKey = std::numeric_limits<double>::infinity();
  const int64_t np = (lam + 1) / 2;  // key pairs; an odd count is padded with +inf at index lam
  V2 F[kCountMax / 2], Cv[kCountMax / 2];
  for (int64_t p = 0; p < np; ++p) {
    const bool pad = 2 * p + 1 >= lam;
    F[p] = simd2::make2(kf[2 * p], pad ? kInfKey : kf[2 * p + 1]);
    if constexpr (CV) Cv[p] = simd2::make2(kc[2 * p], pad ? kInfKey : kc[2 * p + 1]);
  }
  for (int64_t i = 0; i < lam; ++i) {
    const V2 fi = simd2::splat(kf[i]);
    M2 count = simd2::mask2(0, 0);
    for (int64_t p = 0; p < np; ++p) {
      // the pad (index lam > i) never counts: +inf is not below any key, and equal ones come after
      const M2 before = simd2::mask2(-static_cast<int64_t>(2 * p < i), -static_cast<int64_t>(2 * p + 1 < i));
      M2 lower = (F[p] < fi) | ((F[p] == fi) & before);
      if constexpr (CV) {
        const V2 ci = simd2::splat(kc[i]);
        lower = (Cv[p] < ci) | ((Cv[p] == ci) & lower);
      }
      count -= lower;  // a true comparison is all ones: -1
    }
    idx[count[0] + count[1]] = i;
  }
}

// Indices 0..lam-1 sorted by (cv, f, index) with NaN as +inf, into idx (lam entries). The keys
// are read once; small populations are ranked by counting, larger ones sorted (the order is
// strict and total, so both give the same result).
void rank_into(const double* f, const double* cv, int64_t lam, double* kc, double* kf, int64_t* idx) {
  for (int64_t i = 0; i < lam; ++i) kc[i] = cv ? key(cv[i]) : 0.0, kf[i] = key(f[i]), idx[i] = i;
  if (lam <= kCountMax) {
    if (cv)
      count_ranks<true>(kc, kf, lam, idx);
    else
      count_ranks<false>(kc, kf, lam, idx);
    return;
  }
  std::sort(idx, idx + lam, [&](int64_t a, int64_t b) {
    if (kc[a] != kc[b]) return kc[a] < kc[b];
    if (kf[a] != kf[b]) return kf[a] < kf[b];
    return a < b;
  });
}

// update() with n == N (N = 0: n == n_rt); the arithmetic is the same for every N.
template <int64_t N>
void update_n(const double* f, const double* cv, const int64_t* lam, const double* Z, const double* Y,
              const double* weights, const double* params, const int64_t* g, int64_t B, int64_t L, int64_t n_rt,
              bool diagonal, double* mean, double* sigma, double* C, double* ps, double* pc, const double* Bm,
              int64_t* order, double* hsig) {
  const int64_t n = N > 0 ? N : n_rt;
  std::vector<int64_t> idx(sz(L));
  // The rank-mu sums: R (and u) on the general paths, Yr/Ur in the fixed-n full-covariance path.
  const bool fixed_full = N > 0 && !diagonal;
  std::vector<double> kc(sz(L)), kf(sz(L)), wo(sz(L)), R(diagonal ? sz(n) : fixed_full ? 0 : sz(n * n));
  std::vector<double> Yr(fixed_full ? sz(L * n) : 0), Ur(fixed_full ? sz(L * n) : 0);
  Scratch<N> yw(n), zw(n), v(n), u(n);
  const double dn = static_cast<double>(n);
  for (int64_t b = 0; b < B; ++b) {
    const int64_t lb = lam[b];
    const double* p = params + b * kNumParams;
    const double cm = p[kCm], cs = p[kCs], ds = p[kDs], cc = p[kCc], c1 = p[kC1], cmu = p[kCmu],
                 mueff = p[kMueff], chin = p[kChiN];
    const double* w = weights + b * L;
    const double* Zb = Z + b * L * n;
    const double* Yb = Y + b * L * n;
    rank_into(f + b * L, cv ? cv + b * L : nullptr, lb, kc.data(), kf.data(), idx.data());
    for (int64_t i = 0; i < L; ++i) order[b * L + i] = i < lb ? idx[sz(i)] : -1;

    for (int64_t j = 0; j < n; ++j) yw[j] = 0.0, zw[j] = 0.0;
    for (int64_t i = 0; i < lb; ++i) {
      if (!(w[i] > 0.0)) continue;
      const double* yk = Yb + idx[sz(i)] * n;
      const double* zk = Zb + idx[sz(i)] * n;
      for (int64_t j = 0; j < n; ++j) yw[j] += w[i] * yk[j], zw[j] += w[i] * zk[j];
    }
    double* m = mean + b * n;
    const double s = sigma[b];
    for (int64_t j = 0; j < n; ++j) m[j] += cm * s * yw[j];

    if (diagonal || Bm == nullptr) {
      for (int64_t i = 0; i < n; ++i) v[i] = zw[i];
    } else {
      const double* Bb = Bm + b * n * n;
      for (int64_t i = 0; i < n; ++i) {
        double acc = 0.0;
        for (int64_t j = 0; j < n; ++j) acc += Bb[i * n + j] * zw[j];
        v[i] = acc;
      }
    }
    double* psb = ps + b * n;
    const double fs = std::sqrt(cs * (2.0 - cs) * mueff);
    double nps2 = 0.0;
    for (int64_t i = 0; i < n; ++i) {
      psb[i] = (1.0 - cs) * psb[i] + fs * v[i];
      nps2 += psb[i] * psb[i];
    }
    const double nps = std::sqrt(nps2);
    // (1 - c_s)^k <= exp(-c_s k) <= 2^-60 once c_s k >= 42, so 1 - (1 - c_s)^k rounds to exactly
    // 1 (pow is within an ulp): skipping pow there gives the same bits as computing it.
    const double k_corr = 2.0 * static_cast<double>(g[b] + 1);
    const double corr = cs * k_corr >= 42.0 ? 1.0 : std::sqrt(1.0 - std::pow(1.0 - cs, k_corr));
    const double hs = nps / corr < (1.4 + 2.0 / (dn + 1.0)) * chin ? 1.0 : 0.0;
    hsig[b] = hs;
    double* pcb = pc + b * n;
    const double fc = hs * std::sqrt(cc * (2.0 - cc) * mueff);
    for (int64_t i = 0; i < n; ++i) pcb[i] = (1.0 - cc) * pcb[i] + fc * yw[i];

    double sumw = 0.0;
    for (int64_t i = 0; i < lb; ++i) {
      sumw += w[i];
      if (w[i] >= 0.0) {
        wo[sz(i)] = w[i];
      } else {
        const double* zk = Zb + idx[sz(i)] * n;
        double zz = 0.0;
        for (int64_t j = 0; j < n; ++j) zz += zk[j] * zk[j];
        wo[sz(i)] = w[i] * dn / std::max(zz, 1e-300);
      }
    }
    const double a = 1.0 + c1 * (1.0 - hs) * cc * (2.0 - cc) - c1 - cmu * sumw;
    std::fill(R.begin(), R.end(), 0.0);
    if (diagonal) {
      double* Cb = C + b * n;
      for (int64_t r = 0; r < lb; ++r) {
        if (wo[sz(r)] == 0.0) continue;
        const double* yr = Yb + idx[sz(r)] * n;
        for (int64_t i = 0; i < n; ++i) R[sz(i)] += (wo[sz(r)] * yr[i]) * yr[i];
      }
      for (int64_t i = 0; i < n; ++i) Cb[i] = a * Cb[i] + c1 * (pcb[i] * pcb[i]) + cmu * R[sz(i)];
    } else {
      double* Cb = C + b * n * n;
      if constexpr (N > 0) {
        // Fixed n: R's row i is summed in registers (acc, a whole row so the loop over j has a
        // fixed trip count) from the ranked samples copied together; entry (i, j >= i) gets the
        // same sum, in the same order, as the general path below.
        int64_t nr = 0;
        for (int64_t r = 0; r < lb; ++r) {
          if (wo[sz(r)] == 0.0) continue;
          const double* yr = Yb + idx[sz(r)] * N;
          for (int64_t j = 0; j < N; ++j) Yr[sz(nr * N + j)] = yr[j], Ur[sz(nr * N + j)] = wo[sz(r)] * yr[j];
          ++nr;
        }
        const double* yt = Yr.data();
        const double* ut = Ur.data();
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 32
#endif
        for (int64_t i = 0; i < N; ++i) {
          double acc[N];
          const int64_t j0 = i & ~int64_t{1};  // from an even column: whole pairs of lanes
          for (int64_t j = j0; j < N; ++j) acc[j] = 0.0;
          for (int64_t t = 0; t < nr; ++t) {
            const double ui = ut[t * N + i];
            for (int64_t j = j0; j < N; ++j) acc[j] += ui * yt[t * N + j];
          }
          for (int64_t j = i; j < N; ++j) {
            const double cij = a * Cb[i * N + j] + c1 * (pcb[i] * pcb[j]) + cmu * acc[j];
            Cb[i * N + j] = cij;
            Cb[j * N + i] = cij;
          }
        }
      } else {
        double* Rd = R.data();
        for (int64_t r = 0; r < lb; ++r) {
          if (wo[sz(r)] == 0.0) continue;
          const double* yr = Yb + idx[sz(r)] * n;
          for (int64_t i = 0; i < n; ++i) u[i] = wo[sz(r)] * yr[i];
          for (int64_t i = 0; i < n; ++i) {
            double* Ri = Rd + i * n;
            const double ui = u[i];
            for (int64_t j = i; j < n; ++j) Ri[j] += ui * yr[j];
          }
        }
        for (int64_t i = 0; i < n; ++i) {
          for (int64_t j = i; j < n; ++j) {
            const double cij = a * Cb[i * n + j] + c1 * (pcb[i] * pcb[j]) + cmu * Rd[i * n + j];
            Cb[i * n + j] = cij;
            Cb[j * n + i] = cij;
          }
        }
      }
    }
    sigma[b] = s * std::exp(std::min(1.0, (cs / ds) * (nps / chin - 1.0)));
  }
}

}  // namespace

void update(const double* f, const double* cv, const int64_t* lam, const double* Z, const double* Y,
            const double* weights, const double* params, const int64_t* g, int64_t B, int64_t L, int64_t n,
            bool diagonal, double* mean, double* sigma, double* C, double* ps, double* pc, const double* Bm,
            int64_t* order, double* hsig) {
#define PARETIX_CMA_UPDATE(N) \
  update_n<N>(f, cv, lam, Z, Y, weights, params, g, B, L, n, diagonal, mean, sigma, C, ps, pc, Bm, order, hsig)
  PARETIX_CMA_DISPATCH(n, PARETIX_CMA_UPDATE)
#undef PARETIX_CMA_UPDATE
}

namespace {

// Householder reduction of the symmetric matrix in V (n x n, row-major) to tridiagonal form,
// accumulating the transformations in V (EISPACK tred2 as in JAMA, public domain).
// Out: d the diagonal, e the subdiagonal in e[1..n-1].
template <int64_t N>
void tred2(int64_t n_rt, double* V, double* d, double* e) {
  const int64_t n = N > 0 ? N : n_rt;
  for (int64_t j = 0; j < n; ++j) d[j] = V[(n - 1) * n + j];
  for (int64_t i = n - 1; i > 0; --i) {
    double scale = 0.0, h = 0.0;
    for (int64_t k = 0; k < i; ++k) scale += std::fabs(d[k]);
    if (scale == 0.0) {
      e[i] = d[i - 1];
      for (int64_t j = 0; j < i; ++j) {
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0.0;
        V[j * n + i] = 0.0;
      }
    } else {
      for (int64_t k = 0; k < i; ++k) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      double f = d[i - 1];
      double g = std::sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h = h - f * g;
      d[i - 1] = f - g;
      for (int64_t j = 0; j < i; ++j) e[j] = 0.0;
      for (int64_t j = 0; j < i; ++j) {
        f = d[j];
        V[j * n + i] = f;
        g = e[j] + V[j * n + j] * f;
        for (int64_t k = j + 1; k <= i - 1; ++k) {
          g += V[k * n + j] * d[k];
          e[k] += V[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0.0;
      for (int64_t j = 0; j < i; ++j) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const double hh = f / (h + h);
      for (int64_t j = 0; j < i; ++j) e[j] -= hh * d[j];
      for (int64_t j = 0; j < i; ++j) {
        f = d[j];
        g = e[j];
        for (int64_t k = j; k <= i - 1; ++k) V[k * n + j] -= (f * e[k] + g * d[k]);
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0.0;
      }
    }
    d[i] = h;
  }
  for (int64_t i = 0; i < n - 1; ++i) {
    V[(n - 1) * n + i] = V[i * n + i];
    V[i * n + i] = 1.0;
    const double h = d[i + 1];
    if (h != 0.0) {
      for (int64_t k = 0; k <= i; ++k) d[k] = V[k * n + i + 1] / h;
      for (int64_t j = 0; j <= i; ++j) {
        double g = 0.0;
        for (int64_t k = 0; k <= i; ++k) g += V[k * n + i + 1] * V[k * n + j];
        for (int64_t k = 0; k <= i; ++k) V[k * n + j] -= g * d[k];
      }
    }
    for (int64_t k = 0; k <= i; ++k) V[k * n + i + 1] = 0.0;
  }
  for (int64_t j = 0; j < n; ++j) {
    d[j] = V[(n - 1) * n + j];
    V[(n - 1) * n + j] = 0.0;
  }
  V[(n - 1) * n + n - 1] = 1.0;
  e[0] = 0.0;
}

// sqrt(a^2 + b^2), without hypot's cost where no overflow is possible.
inline double pythag(double a, double b) {
  const double m = std::max(std::fabs(a), std::fabs(b));
  return m < 1e150 ? std::sqrt(a * a + b * b) : std::hypot(a, b);
}

// Implicit QL iterations on the tridiagonal (d, e) with the eigenvectors accumulated in V
// (EISPACK tql2 as in JAMA), written as a state machine that advances one Givens rotation per
// step. Each rotation depends on the previous one through a chain of sqrt and division, so one
// matrix leaves the floating-point units mostly idle; decompose() steps several independent
// matrices in turn, so their chains overlap. Each matrix sees exactly JAMA's arithmetic, in
// JAMA's order, whatever it is interleaved with.
template <int64_t N>
class QL {
 public:
  enum State { kRotate, kDone, kFailed };

  // e[1..n-1] holds the subdiagonal (as tred2 leaves it); W (n x n, row-major) the transpose of
  // the transformation to accumulate into (the eigenvectors end up as its rows).
  void start(int64_t n_rt, double* W, double* d, double* e) {
    const int64_t n = N > 0 ? N : n_rt;
    n_ = n, W_ = W, d_ = d, e_ = e;
    for (int64_t i = 1; i < n; ++i) e[i - 1] = e[i];
    e[n - 1] = 0.0;
    f_ = 0.0, tst1_ = 0.0, l_ = 0;
    next_eigenvalue();
  }

  State state() const { return state_; }

  // One rotation of the current QL sweep (call while state() == kRotate).
  void rotate() {
    double* d = d_;
    double* e = e_;
    const int64_t i = i_;
    c3_ = c2_;
    c2_ = c_;
    s2_ = s_;
    const double g = c_ * e[i];
    double h = c_ * p_;
    const double r = pythag(p_, e[i]);
    e[i + 1] = s_ * r;
    s_ = e[i] / r;
    c_ = p_ / r;
    p_ = c_ * d[i] - s_ * g;
    d[i + 1] = h + s_ * (c_ * g + s_ * d[i]);
    const double c = c_, s = s_;
    const int64_t n = N > 0 ? N : n_;
    double* wi = W_ + i * n;
    double* wi1 = wi + n;
    for (int64_t k = 0; k < n; ++k) {
      h = wi1[k];
      wi1[k] = s * wi[k] + c * h;
      wi[k] = c * wi[k] - s * h;
    }
    if (--i_ < l_) end_sweep();
  }

  // Eigenvalues ascending with their vectors (after kDone).
  void sort() const {
    const int64_t n = N > 0 ? N : n_;
    double* d = d_;
    double* W = W_;
    for (int64_t i = 0; i < n - 1; ++i) {  // selection sort
      int64_t k = i;
      double p = d[i];
      for (int64_t j = i + 1; j < n; ++j)
        if (d[j] < p) k = j, p = d[j];
      if (k != i) {
        d[k] = d[i];
        d[i] = p;
        std::swap_ranges(W + i * n, W + i * n + n, W + k * n);
      }
    }
  }

 private:
  static constexpr double kEps = std::numeric_limits<double>::epsilon();

  // Deflate the converged eigenvalues from l on; start a sweep at the first one that is not.
  void next_eigenvalue() {
    for (; l_ < n_; ++l_) {
      tst1_ = std::max(tst1_, std::fabs(d_[l_]) + std::fabs(e_[l_]));
      int64_t m = l_;
      while (m < n_) {
        if (std::fabs(e_[m]) <= kEps * tst1_) break;
        ++m;
      }
      if (m == n_) m = n_ - 1;
      if (m > l_) {
        m_ = m;
        iter_ = 0;
        start_sweep();
        return;
      }
      d_[l_] = d_[l_] + f_;
      e_[l_] = 0.0;
    }
    state_ = kDone;
  }

  // The shift and the first values of one QL sweep from m down to l (fails after 60 sweeps).
  void start_sweep() {
    if (++iter_ > 60) {
      state_ = kFailed;
      return;
    }
    double* d = d_;
    double* e = e_;
    const int64_t l = l_;
    const double g = d[l];
    double p = (d[l + 1] - g) / (2.0 * e[l]);
    double r = pythag(p, 1.0);
    if (p < 0) r = -r;
    d[l] = e[l] / (p + r);
    d[l + 1] = e[l] * (p + r);
    dl1_ = d[l + 1];
    const double h = g - d[l];
    for (int64_t i = l + 2; i < n_; ++i) d[i] -= h;
    f_ += h;
    p_ = d[m_];
    c_ = c2_ = c3_ = 1.0;
    s_ = s2_ = 0.0;
    el1_ = e[l + 1];
    i_ = m_ - 1;
    state_ = kRotate;
  }

  void end_sweep() {
    const double p = -s_ * s2_ * c3_ * el1_ * e_[l_] / dl1_;
    e_[l_] = s_ * p;
    d_[l_] = c_ * p;
    if (std::fabs(e_[l_]) > kEps * tst1_) {
      start_sweep();
      return;
    }
    d_[l_] = d_[l_] + f_;
    e_[l_] = 0.0;
    ++l_;
    next_eigenvalue();
  }

  int64_t n_ = 0, l_ = 0, m_ = 0, i_ = 0;
  int iter_ = 0;
  double* W_ = nullptr;
  double* d_ = nullptr;
  double* e_ = nullptr;
  double f_ = 0.0, tst1_ = 0.0, p_ = 0.0, c_ = 1.0, c2_ = 1.0, c3_ = 1.0, s_ = 0.0, s2_ = 0.0, el1_ = 0.0,
         dl1_ = 0.0;
  State state_ = kDone;
};

// Matrices whose QL iterations run interleaved in decompose().
constexpr int kLanes = 4;

// The result for a matrix that cannot be decomposed: identity eigenvectors, NaN roots.
void mark_undecomposable(int64_t n, double* V, double* Db) {
  for (int64_t i = 0; i < n * n; ++i) V[i] = (i % (n + 1)) == 0 ? 1.0 : 0.0;
  for (int64_t i = 0; i < n; ++i) Db[i] = std::numeric_limits<double>::quiet_NaN();
}

// decompose() with n == N (N = 0: n == n_rt).
template <int64_t N>
int64_t decompose_n(double* C, const std::uint8_t* which, int64_t B, int64_t n_rt, double* Bm, double* D) {
  const int64_t n = N > 0 ? N : n_rt;
  std::vector<double> e(sz(kLanes * n)), d(sz(kLanes * n)), W(sz(kLanes * n * n));
  int64_t floored = 0;
  int64_t lane_b[kLanes];
  QL<N> ql[kLanes];
  for (int64_t b0 = 0; b0 < B;) {
    // Up to kLanes selected instances: symmetrise, check, reduce to tridiagonal form.
    int lanes = 0;
    for (; b0 < B && lanes < kLanes; ++b0) {
      if (!which[b0]) continue;
      double* Cb = C + b0 * n * n;
      for (int64_t i = 0; i < n; ++i) {
        for (int64_t j = i + 1; j < n; ++j) {
          const double sym = 0.5 * (Cb[i * n + j] + Cb[j * n + i]);
          Cb[i * n + j] = sym;
          Cb[j * n + i] = sym;
        }
      }
      bool finite = true;
      for (int64_t i = 0; i < n * n; ++i) finite &= std::fabs(Cb[i]) <= std::numeric_limits<double>::max();
      double* V = Bm + b0 * n * n;
      if (!finite) {
        mark_undecomposable(n, V, D + b0 * n);
        continue;
      }
      std::copy(Cb, Cb + n * n, V);
      double* dl = d.data() + lanes * n;
      double* el = e.data() + lanes * n;
      tred2<N>(n, V, dl, el);
      double* Wl = W.data() + lanes * n * n;
      for (int64_t i = 0; i < n; ++i)
        for (int64_t k = 0; k < n; ++k) Wl[k * n + i] = V[i * n + k];
      ql[lanes].start(n, Wl, dl, el);
      lane_b[lanes++] = b0;
    }
    // QL: one rotation per unfinished matrix in turn.
    for (bool busy = true; busy;) {
      busy = false;
      for (int k = 0; k < lanes; ++k) {
        if (ql[k].state() == QL<N>::kRotate) {
          ql[k].rotate();
          busy = true;
        }
      }
    }
    for (int k = 0; k < lanes; ++k) {
      const int64_t b = lane_b[k];
      double* Cb = C + b * n * n;
      double* V = Bm + b * n * n;
      double* Db = D + b * n;
      double* dk = d.data() + k * n;
      const double* Wk = W.data() + k * n * n;
      if (ql[k].state() == QL<N>::kFailed) {
        mark_undecomposable(n, V, Db);
        continue;
      }
      ql[k].sort();
      const double emax = dk[n - 1];
      const double floor = emax > 0.0 ? emax * 1e-20 : std::numeric_limits<double>::min();
      bool low = false;
      for (int64_t i = 0; i < n; ++i)
        if (dk[i] < floor) dk[i] = floor, low = true;
      if (low) {
        ++floored;
        for (int64_t i = 0; i < n; ++i)
          for (int64_t j = i; j < n; ++j) {
            double acc = 0.0;
            for (int64_t q = 0; q < n; ++q) acc += Wk[q * n + i] * dk[q] * Wk[q * n + j];
            Cb[i * n + j] = acc;
            Cb[j * n + i] = acc;
          }
      }
      for (int64_t i = 0; i < n; ++i)
        for (int64_t q = 0; q < n; ++q) V[i * n + q] = Wk[q * n + i];
      for (int64_t i = 0; i < n; ++i) Db[i] = std::sqrt(dk[i]);
    }
  }
  return floored;
}

// A = the lower triangular Cholesky factor of C (one n x n instance, N = 0: n == n_rt), or the
// repair described at cholesky() in cmaes.hpp. Bt and Dt are scratch for the repair. Returns
// whether C was repaired.
template <int64_t N>
bool factor_one(double* Cb, int64_t n_rt, double* Ab, std::vector<double>& Bt, std::vector<double>& Dt) {
  const int64_t n = N > 0 ? N : n_rt;
  double dmax = 0.0;
  for (int64_t i = 0; i < n; ++i) dmax = std::max(dmax, Cb[i * n + i]);
  const double tol = dmax * 1e-20;
  bool ok = dmax > 0.0 && std::isfinite(dmax);
  // Right-looking (outer-product) order: A starts as the lower triangle of C and column j's
  // updates of the trailing triangle are independent of each other (no serial chain of
  // subtractions), but each entry still sees C_ik - A_i0 A_k0 - A_i1 A_k1 - ... in increasing j,
  // as in the row-by-row form (cmaes.hpp). Off-diagonal entries multiply by 1 / A_jj.
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t k = 0; k <= i; ++k) Ab[i * n + k] = Cb[i * n + k];
    for (int64_t k = i + 1; k < n; ++k) Ab[i * n + k] = 0.0;
  }
  Scratch<N> col(n);
  for (int64_t j = 0; j < n && ok; ++j) {
    const double d = Ab[j * n + j];
    if (!(d > tol && std::isfinite(d))) {
      ok = false;
      break;
    }
    const double ajj = std::sqrt(d);
    const double inv = 1.0 / ajj;
    Ab[j * n + j] = ajj;
    for (int64_t i = j + 1; i < n; ++i) col[i] = Ab[i * n + j] = Ab[i * n + j] * inv;
    for (int64_t i = j + 1; i < n; ++i) {
      const double aij = col[i];
      double* row = Ab + i * n;
      for (int64_t k = j + 1; k <= i; ++k) row[k] -= aij * col[k];
    }
  }
  if (ok) return false;
  Bt.resize(sz(n * n));
  Dt.resize(sz(n));
  const std::uint8_t one = 1;
  decompose(Cb, &one, 1, n, Bt.data(), Dt.data());
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) Ab[i * n + j] = Bt[sz(i * n + j)] * Dt[sz(j)];
  return true;
}

// factor_one's arithmetic for 2 P instances at once (fixed N > 0): P independent vector chains, each
// two-lane vector holding instances 2p and 2p + 1, so each lane computes exactly what factor_one
// computes, and the P sqrt/division chains overlap. Returns false, writing nothing, when a pivot
// of any instance fails: the caller then factors (and repairs) them one by one.
template <int64_t N, int P>
bool factor_lanes(double* const* C, double* const* A) {
  using simd2::V2;
  double tol[2 * P];
  for (int l = 0; l < 2 * P; ++l) {
    double dmax = 0.0;
    for (int64_t i = 0; i < N; ++i) dmax = std::max(dmax, C[l][i * N + i]);
    if (!(dmax > 0.0 && std::isfinite(dmax))) return false;
    tol[l] = dmax * 1e-20;
  }
  V2 M[P][N * N];
  for (int p = 0; p < P; ++p)
    for (int64_t i = 0; i < N; ++i)
      for (int64_t k = 0; k <= i; ++k) M[p][i * N + k] = simd2::make2(C[2 * p][i * N + k], C[2 * p + 1][i * N + k]);
  for (int64_t j = 0; j < N; ++j) {
    for (int p = 0; p < P; ++p) {
      const V2 d = M[p][j * N + j];
      if (!(d[0] > tol[2 * p] && std::isfinite(d[0]) && d[1] > tol[2 * p + 1] && std::isfinite(d[1]))) return false;
      const V2 ajj = simd2::sqrt2(d);
      const V2 inv = simd2::splat(1.0) / ajj;
      M[p][j * N + j] = ajj;
      for (int64_t i = j + 1; i < N; ++i) M[p][i * N + j] = M[p][i * N + j] * inv;
    }
    for (int64_t i = j + 1; i < N; ++i)
      for (int64_t k = j + 1; k <= i; ++k)
        for (int p = 0; p < P; ++p) M[p][i * N + k] -= M[p][i * N + j] * M[p][k * N + j];
  }
  for (int p = 0; p < P; ++p) {
    double* A0 = A[2 * p];
    double* A1 = A[2 * p + 1];
    for (int64_t i = 0; i < N; ++i) {
      for (int64_t k = 0; k <= i; ++k) A0[i * N + k] = M[p][i * N + k][0], A1[i * N + k] = M[p][i * N + k][1];
      for (int64_t k = i + 1; k < N; ++k) A0[i * N + k] = 0.0, A1[i * N + k] = 0.0;
    }
  }
  return true;
}

// Instances b..b+W-1 when all are selected and factor_lanes<N, W / 2> succeeds on them.
template <int64_t N, int W>
bool factor_block(double* C, const std::uint8_t* which, int64_t B, int64_t b, double* A) {
  if (b + W > B) return false;
  double* c[W];
  double* a[W];
  for (int l = 0; l < W; ++l) {
    if (!which[b + l]) return false;
    c[l] = C + (b + l) * N * N;
    a[l] = A + (b + l) * N * N;
  }
  return factor_lanes<N, W / 2>(c, a);
}

// Instances factored together (4 vector chains; measured at n = 10, 1000 instances: 140 ns per
// instance with 2, 113 with 4, 105 with 8).
constexpr int kFactorWidth = 8;

template <int64_t N>
std::int64_t cholesky_n(double* C, const std::uint8_t* which, int64_t B, int64_t n, double* A) {
  std::int64_t repaired = 0;
  std::vector<double> Bt, Dt;
  for (int64_t b = 0; b < B; ++b) {
    if (!which[b]) continue;
    if constexpr (N > 0) {
      if (factor_block<N, kFactorWidth>(C, which, B, b, A)) {
        b += kFactorWidth - 1;
        continue;
      }
      if (factor_block<N, 2>(C, which, B, b, A)) {
        ++b;
        continue;
      }
    }
    repaired += factor_one<N>(C + b * n * n, n, A + b * n * n, Bt, Dt);
  }
  return repaired;
}

}  // namespace

std::int64_t cholesky(double* C, const std::uint8_t* which, int64_t B, int64_t n, double* A) {
  std::int64_t repaired = 0;
#define PARETIX_CMA_CHOLESKY(N) repaired = cholesky_n<N>(C, which, B, n, A)
  PARETIX_CMA_DISPATCH(n, PARETIX_CMA_CHOLESKY)
#undef PARETIX_CMA_CHOLESKY
  return repaired;
}

std::int64_t decompose(double* C, const std::uint8_t* which, int64_t B, int64_t n, double* Bm, double* D) {
  std::int64_t floored = 0;
#define PARETIX_CMA_DECOMPOSE(N) floored = decompose_n<N>(C, which, B, n, Bm, D)
  PARETIX_CMA_DISPATCH(n, PARETIX_CMA_DECOMPOSE)
#undef PARETIX_CMA_DECOMPOSE
  return floored;
}

void stop_flags(const int64_t* rows, int64_t k, const double* sigma, const double* mean, const double* C,
                const double* D, const double* pc, const double* Bm, const double* sigma0, const double* stds,
                const int64_t* g, int64_t n, double tolx, double tolfacupx, double tolconditioncov,
                const int64_t* bits, int64_t* flags) {
  const bool diagonal = Bm == nullptr;
  for (int64_t r = 0; r < k; ++r) {
    const int64_t b = rows[r];
    const double s = sigma[b];
    const double* m = mean + b * n;
    const double* d = D + b * n;
    const double* p = pc + b * n;
    const double* sd0 = stds + b * n;
    const double up_scale = tolfacupx * sigma0[b];
    bool small = true, up = false, coord = false, finite = std::isfinite(s) && s > 0.0, nan_d = false;
    double dmax = -std::numeric_limits<double>::infinity(), dmin = std::numeric_limits<double>::infinity();
    // Every comparison is evaluated (bitwise & and |, no short-circuit branches): the same
    // flags, without mispredictions when a criterion's outcome varies between instances.
    for (int64_t i = 0; i < n; ++i) {
      const double v = diagonal ? C[b * n + i] : C[(b * n + i) * n + i];
      const double sd = s * std::sqrt(v);
      small &= (sd < tolx) & (s * std::fabs(p[i]) < tolx);
      up |= sd > up_scale * sd0[i];
      coord |= m[i] == m[i] + 0.2 * sd;
      finite &= std::isfinite(m[i]) & std::isfinite(d[i]);
      nan_d |= std::isnan(d[i]);
      dmax = std::max(dmax, d[i]);
      dmin = std::min(dmin, d[i]);
    }
    const double ratio = dmax / dmin;
    int64_t w = 0;
    if (small) w |= bits[kTolX];
    if (up) w |= bits[kTolFacUpX];
    if (coord) w |= bits[kNoEffectCoord];
    if (!nan_d && ratio * ratio > tolconditioncov) w |= bits[kConditionCov];
    if (!finite) w |= bits[kInvalid];
    if (!diagonal) {
      const int64_t a = g[b] % n;
      const double f = 0.1 * s * d[a];
      // A unit eigenvector has an entry of size >= 1/sqrt(n), and m_j + delta != m_j once |delta|
      // exceeds ulp(m_j) / 2 <= 2^-53 |m_j|: with |f| / sqrt(n) > 2^-51 max |m_j| (a factor 4 to
      // spare for the product's rounding) the test fails without reading the eigenvectors, which
      // are most of this kernel's memory traffic. NaN or inf anywhere, or |f| so small that the
      // product could underflow: the full test.
      double mmax = 0.0;
      for (int64_t j = 0; j < n; ++j) mmax = std::max(mmax, std::fabs(m[j]));
      const bool moves = std::isfinite(f) && std::isfinite(mmax) && std::fabs(f) > 1e-290 &&
                         std::fabs(f) > 0x1p-51 * mmax * std::sqrt(static_cast<double>(n));
      if (!moves) {
        const double* Bb = Bm + b * n * n;
        bool none = true;
        for (int64_t j = 0; j < n; ++j) none &= m[j] == m[j] + f * Bb[j * n + a];
        if (none) w |= bits[kNoEffectAxis];
      }
    }
    flags[r] = w;
  }
}

}  // namespace paretix::cma

namespace paretix::cma {

void record(const int64_t* rows, int64_t k, const double* f, const double* fit, const double* cv,
            const int64_t* order, const int64_t* lam, const int64_t* g, const int64_t* n_eval, const double* maxiter,
            const double* X, int64_t L, int64_t n, const RecordState& st, double tolfun, int64_t tolflatfitness,
            double ftarget, double max_evals, const int64_t* bits, int64_t* flags) {
  std::vector<double> fs(sz(L));
  const int64_t B = st.B;  // the rings' row length
  for (int64_t t = 0; t < k; ++t) {
    const int64_t b = rows[t];
    const int64_t lb = lam[b];
    const double* ft = f + t * L;
    const double* ct = cv ? cv + t * L : nullptr;
    const double* vt = fit ? fit + t * L : ft;
    const int64_t* ot = order + t * L;
    // this generation's best by (cv, f, index): the ranking's first unless it ranks f + penalty
    int64_t kb = ot[0];
    if (fit) {
      kb = 0;
      for (int64_t j = 1; j < lb; ++j) {
        const double cj = ct ? key(ct[j]) : 0.0, ck = ct ? key(ct[kb]) : 0.0;
        if (cj < ck || (cj == ck && key(ft[j]) < key(ft[kb]))) kb = j;
      }
    }
    const double f_new = key(ft[kb]), cv_new = ct ? key(ct[kb]) : 0.0;
    const bool better = cv_new < st.cvbest[b] || (cv_new == st.cvbest[b] && f_new < st.fbest[b]);
    st.improved[b] = better ? 1 : 0;
    if (better) {
      const double* xk = X + (b * L + kb) * n;
      std::copy(xk, xk + n, st.xbest + b * n);
      st.fbest[b] = f_new;
      st.cvbest[b] = cv_new;
      st.best_eval[b] = n_eval[b];
      st.best_k[b] = kb;
    }
    // f sorted: through the ranking when it ranks f alone
    if (fit == nullptr && cv == nullptr) {
      for (int64_t i = 0; i < lb; ++i) fs[sz(i)] = key(ft[ot[i]]);
    } else {
      for (int64_t i = 0; i < lb; ++i) fs[sz(i)] = key(ft[i]);
      for (int64_t i = 1; i < lb; ++i) {
        const double cur = fs[sz(i)];
        int64_t j = i - 1;
        while (j >= 0 && cur < fs[sz(j)]) fs[sz(j + 1)] = fs[sz(j)], --j;
        fs[sz(j + 1)] = cur;
      }
    }
    const double f_lo = fs[0];
    int64_t w = 0;
    if (st.cvbest[b] <= 0.0 && st.fbest[b] <= ftarget) w |= bits[kFTarget];
    if (static_cast<double>(n_eval[b]) >= max_evals) w |= bits[kMaxFEvals];
    if (static_cast<double>(g[b]) >= maxiter[b]) w |= bits[kMaxIter];
    st.funhist[((g[b] - 1) % st.funhist_cap[b]) * B + b] = f_lo;
    if (fs[sz(lb - 1)] - f_lo < tolfun) {
      double hi = std::numeric_limits<double>::quiet_NaN(), lo = hi;
      for (int64_t r = 0; r < st.Wf; ++r) {
        const double v = st.funhist[r * B + b];
        if (std::isnan(v)) continue;
        if (std::isnan(hi) || v > hi) hi = v;
        if (std::isnan(lo) || v < lo) lo = v;
      }
      if (hi - lo < tolfun) w |= bits[kTolFun];
    }
    // flat fitness on what is ranked: the first of the ranking and its 75 % quantile
    const int64_t o0 = ot[0], oq = ot[static_cast<int64_t>(0.75 * static_cast<double>(lb))];
    const double c0 = ct ? key(ct[o0]) : 0.0, cq = ct ? key(ct[oq]) : 0.0;
    st.flat[b] = (c0 == cq && !(key(vt[o0]) < key(vt[oq]))) ? st.flat[b] + 1 : 0;
    if (st.flat[b] > tolflatfitness) w |= bits[kTolFlatFitness];
    if (st.stag_best) {
      const int64_t pos = ((g[b] - 1) % st.stag_cap[b]) * B + b;
      st.stag_best[pos] = f_lo;
      st.stag_med[pos] = 0.5 * (fs[sz((lb - 1) / 2)] + fs[sz(lb / 2)]);
    }
    flags[t] = w;
  }
}

}  // namespace paretix::cma

// Batched CMA-ES kernels: sampling, the generation update, the eigendecomposition (cmaes.hpp).
//
// Every sum is accumulated in increasing index order and no expression is reassociated, so the
// Numba twins (src/paretix/kernels/_numba/cmaes.py) produce the same bits.
#include "paretix/cmaes.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <vector>

namespace paretix::cma {
namespace {

using std::int64_t;
using std::size_t;

inline size_t sz(int64_t v) { return static_cast<size_t>(v); }

inline double key(double v) { return std::isnan(v) ? std::numeric_limits<double>::infinity() : v; }

// Indices 0..lam-1 sorted by (cv, f, index) with NaN as +inf.
void rank(const double* f, const double* cv, int64_t lam, std::vector<int64_t>& idx) {
  idx.resize(sz(lam));
  std::iota(idx.begin(), idx.end(), int64_t{0});
  auto less = [&](int64_t a, int64_t b) {
    const double ca = cv ? key(cv[a]) : 0.0, cb = cv ? key(cv[b]) : 0.0;
    if (ca != cb) return ca < cb;
    const double fa = key(f[a]), fb = key(f[b]);
    if (fa != fb) return fa < fb;
    return a < b;
  };
  std::sort(idx.begin(), idx.end(), less);  // a strict total order: any sort gives this result
}

}  // namespace

void sample(const double* mean, const double* sigma, const double* Bm, const double* D, const double* Z,
            const int64_t* lam, int64_t B, int64_t L, int64_t n, double* Y, double* X) {
  std::vector<double> BDt(Bm ? sz(n * n) : 0);  // (Bm diag(D))^T: row j is D[j] times eigenvector j
  for (int64_t b = 0; b < B; ++b) {
    const double* m = mean + b * n;
    const double s = sigma[b];
    const double* d = D + b * n;
    if (Bm) {
      const double* Bb = Bm + b * n * n;
      for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < n; ++j) BDt[sz(j * n + i)] = Bb[i * n + j] * d[j];
    }
    for (int64_t k = 0; k < L; ++k) {
      const int64_t row = (b * L + k) * n;
      double* y = Y + row;
      double* x = X + row;
      if (k >= lam[b]) {
        for (int64_t i = 0; i < n; ++i) y[i] = 0.0, x[i] = m[i];
        continue;
      }
      const double* z = Z + row;
      if (!Bm) {
        for (int64_t i = 0; i < n; ++i) y[i] = d[i] * z[i];
      } else {
        // y[i] = sum_j (Bm[i,j] D[j]) z[j], accumulated in increasing j (axpy form, vectorises over i).
        for (int64_t i = 0; i < n; ++i) y[i] = 0.0;
        for (int64_t j = 0; j < n; ++j) {
          const double zj = z[j];
          const double* col = BDt.data() + j * n;
          for (int64_t i = 0; i < n; ++i) y[i] += col[i] * zj;
        }
      }
      for (int64_t i = 0; i < n; ++i) x[i] = m[i] + s * y[i];
    }
  }
}

void update(const double* f, const double* cv, const int64_t* lam, const double* Z, const double* Y,
            const double* weights, const double* params, const int64_t* g, int64_t B, int64_t L, int64_t n,
            bool diagonal, double* mean, double* sigma, double* C, double* ps, double* pc, const double* Bm,
            int64_t* order, double* hsig) {
  std::vector<int64_t> idx;
  std::vector<double> yw(sz(n)), zw(sz(n)), v(sz(n)), wo(sz(L)), R(diagonal ? sz(n) : sz(n * n)), u(sz(n));
  const double dn = static_cast<double>(n);
  for (int64_t b = 0; b < B; ++b) {
    const int64_t lb = lam[b];
    const double* p = params + b * kNumParams;
    const double cm = p[kCm], cs = p[kCs], ds = p[kDs], cc = p[kCc], c1 = p[kC1], cmu = p[kCmu],
                 mueff = p[kMueff], chin = p[kChiN];
    const double* w = weights + b * L;
    const double* Zb = Z + b * L * n;
    const double* Yb = Y + b * L * n;
    rank(f + b * L, cv ? cv + b * L : nullptr, lb, idx);
    for (int64_t i = 0; i < L; ++i) order[b * L + i] = i < lb ? idx[sz(i)] : -1;

    std::fill(yw.begin(), yw.end(), 0.0);
    std::fill(zw.begin(), zw.end(), 0.0);
    for (int64_t i = 0; i < lb; ++i) {
      if (!(w[i] > 0.0)) continue;
      const double* yk = Yb + idx[sz(i)] * n;
      const double* zk = Zb + idx[sz(i)] * n;
      for (int64_t j = 0; j < n; ++j) yw[sz(j)] += w[i] * yk[j], zw[sz(j)] += w[i] * zk[j];
    }
    double* m = mean + b * n;
    const double s = sigma[b];
    for (int64_t j = 0; j < n; ++j) m[j] += cm * s * yw[sz(j)];

    if (diagonal) {
      for (int64_t i = 0; i < n; ++i) v[sz(i)] = zw[sz(i)];
    } else {
      const double* Bb = Bm + b * n * n;
      for (int64_t i = 0; i < n; ++i) {
        double acc = 0.0;
        for (int64_t j = 0; j < n; ++j) acc += Bb[i * n + j] * zw[sz(j)];
        v[sz(i)] = acc;
      }
    }
    double* psb = ps + b * n;
    const double fs = std::sqrt(cs * (2.0 - cs) * mueff);
    double nps2 = 0.0;
    for (int64_t i = 0; i < n; ++i) {
      psb[i] = (1.0 - cs) * psb[i] + fs * v[sz(i)];
      nps2 += psb[i] * psb[i];
    }
    const double nps = std::sqrt(nps2);
    const double corr = std::sqrt(1.0 - std::pow(1.0 - cs, 2.0 * static_cast<double>(g[b] + 1)));
    const double hs = nps / corr < (1.4 + 2.0 / (dn + 1.0)) * chin ? 1.0 : 0.0;
    hsig[b] = hs;
    double* pcb = pc + b * n;
    const double fc = hs * std::sqrt(cc * (2.0 - cc) * mueff);
    for (int64_t i = 0; i < n; ++i) pcb[i] = (1.0 - cc) * pcb[i] + fc * yw[sz(i)];

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
      for (int64_t r = 0; r < lb; ++r) {
        if (wo[sz(r)] == 0.0) continue;
        const double* yr = Yb + idx[sz(r)] * n;
        for (int64_t i = 0; i < n; ++i) u[sz(i)] = wo[sz(r)] * yr[i];
        for (int64_t i = 0; i < n; ++i) {
          double* Ri = R.data() + i * n;
          for (int64_t j = i; j < n; ++j) Ri[j] += u[sz(i)] * yr[j];
        }
      }
      for (int64_t i = 0; i < n; ++i) {
        for (int64_t j = i; j < n; ++j) {
          const double cij = a * Cb[i * n + j] + c1 * (pcb[i] * pcb[j]) + cmu * R[sz(i * n + j)];
          Cb[i * n + j] = cij;
          Cb[j * n + i] = cij;
        }
      }
    }
    sigma[b] = s * std::exp(std::min(1.0, (cs / ds) * (nps / chin - 1.0)));
  }
}

namespace {

// Householder reduction of the symmetric matrix in V (n x n, row-major) to tridiagonal form,
// accumulating the transformations in V (EISPACK tred2 as in JAMA, public domain).
// Out: d the diagonal, e the subdiagonal in e[1..n-1].
void tred2(int64_t n, double* V, double* d, double* e) {
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
// (EISPACK tql2 as in JAMA); eigenvalues sorted ascending with their vectors. Returns false if
// an eigenvalue needed more than 60 iterations.
bool tql2(int64_t n, double* V, double* d, double* e) {
  for (int64_t i = 1; i < n; ++i) e[i - 1] = e[i];
  e[n - 1] = 0.0;
  double f = 0.0, tst1 = 0.0;
  const double eps = std::numeric_limits<double>::epsilon();
  for (int64_t l = 0; l < n; ++l) {
    tst1 = std::max(tst1, std::fabs(d[l]) + std::fabs(e[l]));
    int64_t m = l;
    while (m < n) {
      if (std::fabs(e[m]) <= eps * tst1) break;
      ++m;
    }
    if (m == n) m = n - 1;
    if (m > l) {
      int iter = 0;
      do {
        if (++iter > 60) return false;
        double g = d[l];
        double p = (d[l + 1] - g) / (2.0 * e[l]);
        double r = pythag(p, 1.0);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const double dl1 = d[l + 1];
        double h = g - d[l];
        for (int64_t i = l + 2; i < n; ++i) d[i] -= h;
        f += h;
        p = d[m];
        double c = 1.0, c2 = 1.0, c3 = 1.0, s = 0.0, s2 = 0.0;
        const double el1 = e[l + 1];
        for (int64_t i = m - 1; i >= l; --i) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = pythag(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (int64_t k = 0; k < n; ++k) {
            h = V[k * n + i + 1];
            V[k * n + i + 1] = s * V[k * n + i] + c * h;
            V[k * n + i] = c * V[k * n + i] - s * h;
          }
        }
        p = -s * s2 * c3 * el1 * e[l] / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (std::fabs(e[l]) > eps * tst1);
    }
    d[l] = d[l] + f;
    e[l] = 0.0;
  }
  for (int64_t i = 0; i < n - 1; ++i) {  // selection sort, ascending
    int64_t k = i;
    double p = d[i];
    for (int64_t j = i + 1; j < n; ++j)
      if (d[j] < p) k = j, p = d[j];
    if (k != i) {
      d[k] = d[i];
      d[i] = p;
      for (int64_t j = 0; j < n; ++j) std::swap(V[j * n + i], V[j * n + k]);
    }
  }
  return true;
}

}  // namespace

std::int64_t decompose(double* C, const std::uint8_t* which, int64_t B, int64_t n, double* Bm, double* D) {
  std::vector<double> e(sz(n)), d(sz(n));
  int64_t floored = 0;
  for (int64_t b = 0; b < B; ++b) {
    if (!which[b]) continue;
    double* Cb = C + b * n * n;
    double* V = Bm + b * n * n;
    double* Db = D + b * n;
    bool finite = true;
    for (int64_t i = 0; i < n; ++i) {
      for (int64_t j = i + 1; j < n; ++j) {
        const double sym = 0.5 * (Cb[i * n + j] + Cb[j * n + i]);
        Cb[i * n + j] = sym;
        Cb[j * n + i] = sym;
      }
    }
    for (int64_t i = 0; i < n * n; ++i) finite = finite && std::isfinite(Cb[i]);
    if (finite) {
      std::copy(Cb, Cb + n * n, V);
      tred2(n, V, d.data(), e.data());
      finite = tql2(n, V, d.data(), e.data());
    }
    if (!finite) {
      for (int64_t i = 0; i < n * n; ++i) V[i] = (i % (n + 1)) == 0 ? 1.0 : 0.0;
      for (int64_t i = 0; i < n; ++i) Db[i] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    const double emax = d[sz(n - 1)];
    const double floor = emax > 0.0 ? emax * 1e-20 : std::numeric_limits<double>::min();
    bool low = false;
    for (int64_t i = 0; i < n; ++i)
      if (d[sz(i)] < floor) d[sz(i)] = floor, low = true;
    if (low) {
      ++floored;
      for (int64_t i = 0; i < n; ++i)
        for (int64_t j = i; j < n; ++j) {
          double acc = 0.0;
          for (int64_t k = 0; k < n; ++k) acc += V[i * n + k] * d[sz(k)] * V[j * n + k];
          Cb[i * n + j] = acc;
          Cb[j * n + i] = acc;
        }
    }
    for (int64_t i = 0; i < n; ++i) Db[i] = std::sqrt(d[sz(i)]);
  }
  return floored;
}

}  // namespace paretix::cma

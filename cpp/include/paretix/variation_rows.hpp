// The per-row arithmetic of SBX and polynomial mutation (variation.hpp), shared by the CPU kernels
// (cpp/src/variation.cpp) and the CUDA fused variation kernel (device/kernels.hpp): one definition,
// compiled for both. G is any source of uniform draws with next_double().
#pragma once

#include <cmath>
#include <cstdint>

#include "paretix/device/hd.hpp"
#include "paretix/variation.hpp"

namespace paretix::variation {

using std::int64_t;

constexpr double kSbxEps = 1.0e-14;           // parents closer than this in a variable are copied

PARETIX_HD inline double clip(double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); }

class BufferSource {
 public:
  PARETIX_HD explicit BufferSource(const double* p) : p_(p) {}
  PARETIX_HD double next_double() { return *p_++; }

 private:
  const double* p_;
};

// An integer exponent e = eta + 1 in [1, 64] (the usual eta = 15, 20, 30), else 0.
PARETIX_HD inline unsigned integer_exponent(double e) {
  return e >= 1.0 && e <= 64.0 && e == ::floor(e) ? static_cast<unsigned>(e) : 0u;
}

// x^e: by squaring (k's bits from the lowest; a few roundings instead of a pow call, which is
// most of these kernels' time) when k = e is an integer, else std::pow.
PARETIX_HD inline double power(double x, double e, unsigned k) {
  if (k == 0) return ::pow(x, e);
  double r = 1.0;
  for (;;) {
    if (k & 1u) r *= x;
    k >>= 1;
    if (k == 0) return r;
    x *= x;
  }
}

struct SbxConst {
  double prob, prob_var, prob_swap, e, inv_e;
  unsigned k;
  PARETIX_HD explicit SbxConst(const Sbx& p)
      : prob(p.prob), prob_var(p.prob_var), prob_swap(p.prob_swap), e(p.eta + 1.0), inv_e(1.0 / (p.eta + 1.0)),
        k(integer_exponent(p.eta + 1.0)) {}
};

struct PmConst {
  double prob, prob_var, e, inv_e;
  unsigned k;
  PARETIX_HD explicit PmConst(const Pm& p)
      : prob(p.prob), prob_var(p.prob_var), e(p.eta + 1.0), inv_e(1.0 / (p.eta + 1.0)), k(integer_exponent(p.eta + 1.0)) {}
};

// The spread factor for beta >= 1: alpha in [1, 2), so no branch can produce NaN. beta^-e is
// 1 / beta^e (beta = inf gives 0 either way).
PARETIX_HD inline double betaq(double beta, double u, const SbxConst& c) {
  const double alpha = 2.0 - 1.0 / power(beta, c.e, c.k);
  const double ua = u * alpha;
  return u <= 1.0 / alpha ? ::pow(ua, c.inv_e) : ::pow(1.0 / (2.0 - ua), c.inv_e);
}

template <class G>
PARETIX_HD inline void sbx_row(const double* a, const double* b, int64_t n_var, const double* xl, const double* xu,
                    const SbxConst& c, G& g, double* c1, double* c2) {
  const bool pair = g.next_double() < c.prob;
  for (int64_t j = 0; j < n_var; ++j) {
    const double r_cross = g.next_double(), u = g.next_double(), r_swap = g.next_double();
    const double aj = a[j], bj = b[j];
    double o1 = aj, o2 = bj;
    if (pair && r_cross < c.prob_var && ::fabs(aj - bj) > kSbxEps) {
      const double y1 = (bj < aj ? bj : aj), y2 = (aj < bj ? bj : aj), d = y2 - y1, mid = y1 + y2;
      const double lo = 0.5 * (mid - betaq(1.0 + 2.0 * (y1 - xl[j]) / d, u, c) * d);
      const double hi = 0.5 * (mid + betaq(1.0 + 2.0 * (xu[j] - y2) / d, u, c) * d);
      const double near_a = aj <= bj ? lo : hi, near_b = aj <= bj ? hi : lo;
      const bool swap = r_swap < c.prob_swap;
      o1 = swap ? near_b : near_a;
      o2 = swap ? near_a : near_b;
    }
    c1[j] = clip(o1, xl[j], xu[j]);
    c2[j] = clip(o2, xl[j], xu[j]);
  }
}

// y may be x (in place).
template <class G>
PARETIX_HD inline void pm_row(const double* x, int64_t n_var, const double* xl, const double* xu, const PmConst& c, G& g,
                   double* y) {
  const bool child = g.next_double() < c.prob;
  for (int64_t j = 0; j < n_var; ++j) {
    const double r_mutate = g.next_double(), u = g.next_double();
    double v = x[j];
    if (child && r_mutate < c.prob_var && xu[j] > xl[j]) {
      const double w = xu[j] - xl[j];
      double dq;
      if (u <= 0.5) {
        const double d1 = (v - xl[j]) / w;
        dq = ::pow(2.0 * u + (1.0 - 2.0 * u) * power(1.0 - d1, c.e, c.k), c.inv_e) - 1.0;
      } else {
        const double d2 = (xu[j] - v) / w;
        dq = 1.0 - ::pow(2.0 * (1.0 - u) + 2.0 * (u - 0.5) * power(1.0 - d2, c.e, c.k), c.inv_e);
      }
      v = clip(v + dq * w, xl[j], xu[j]);
    }
    y[j] = v;
  }
}

}  // namespace paretix::variation

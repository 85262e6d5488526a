// SBX, polynomial mutation and the fused SBX + PM pass (variation.hpp).
//
// The arithmetic is that of the NumPy operators (paretix/operators/_formulas.py), expression by
// expression, with std::pow where they use ** (except x^(eta + 1) for an integer eta + 1, taken
// by squaring), so the Numba twin (kernels/_numba/variation.py) gives the same bits and NumPy
// agrees to rounding (a few units in the last place).
#include "paretix/variation.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "paretix/threads.hpp"

namespace paretix::variation {
namespace {

using std::int64_t;

constexpr double kSbxEps = 1.0e-14;           // parents closer than this in a variable are copied
constexpr int64_t kMinRowsPerThread = 4096;  // below this a thread costs more than it saves

inline double clip(double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); }

class BufferSource {
 public:
  explicit BufferSource(const double* p) : p_(p) {}
  double next_double() { return *p_++; }

 private:
  const double* p_;
};

// An integer exponent e = eta + 1 in [1, 64] (the usual eta = 15, 20, 30), else 0.
inline unsigned integer_exponent(double e) {
  return e >= 1.0 && e <= 64.0 && e == std::floor(e) ? static_cast<unsigned>(e) : 0u;
}

// x^e: by squaring (k's bits from the lowest; a few roundings instead of a pow call, which is
// most of these kernels' time) when k = e is an integer, else std::pow.
inline double power(double x, double e, unsigned k) {
  if (k == 0) return std::pow(x, e);
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
  explicit SbxConst(const Sbx& p)
      : prob(p.prob), prob_var(p.prob_var), prob_swap(p.prob_swap), e(p.eta + 1.0), inv_e(1.0 / (p.eta + 1.0)),
        k(integer_exponent(p.eta + 1.0)) {}
};

struct PmConst {
  double prob, prob_var, e, inv_e;
  unsigned k;
  explicit PmConst(const Pm& p)
      : prob(p.prob), prob_var(p.prob_var), e(p.eta + 1.0), inv_e(1.0 / (p.eta + 1.0)), k(integer_exponent(p.eta + 1.0)) {}
};

// The spread factor for beta >= 1: alpha in [1, 2), so no branch can produce NaN. beta^-e is
// 1 / beta^e (beta = inf gives 0 either way).
inline double betaq(double beta, double u, const SbxConst& c) {
  const double alpha = 2.0 - 1.0 / power(beta, c.e, c.k);
  const double ua = u * alpha;
  return u <= 1.0 / alpha ? std::pow(ua, c.inv_e) : std::pow(1.0 / (2.0 - ua), c.inv_e);
}

template <class G>
inline void sbx_row(const double* a, const double* b, int64_t n_var, const double* xl, const double* xu,
                    const SbxConst& c, G& g, double* c1, double* c2) {
  const bool pair = g.next_double() < c.prob;
  for (int64_t j = 0; j < n_var; ++j) {
    const double r_cross = g.next_double(), u = g.next_double(), r_swap = g.next_double();
    const double aj = a[j], bj = b[j];
    double o1 = aj, o2 = bj;
    if (pair && r_cross < c.prob_var && std::fabs(aj - bj) > kSbxEps) {
      const double y1 = std::min(aj, bj), y2 = std::max(aj, bj), d = y2 - y1, mid = y1 + y2;
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
inline void pm_row(const double* x, int64_t n_var, const double* xl, const double* xu, const PmConst& c, G& g,
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
        dq = std::pow(2.0 * u + (1.0 - 2.0 * u) * power(1.0 - d1, c.e, c.k), c.inv_e) - 1.0;
      } else {
        const double d2 = (xu[j] - v) / w;
        dq = 1.0 - std::pow(2.0 * (1.0 - u) + 2.0 * (u - 0.5) * power(1.0 - d2, c.e, c.k), c.inv_e);
      }
      v = clip(v + dq * w, xl[j], xu[j]);
    }
    y[j] = v;
  }
}

// f(r0, r1) over contiguous blocks of [0, rows), on up to `threads` threads.
template <class F>
void for_blocks(int64_t rows, int threads, const F& f) {
  const int64_t t = std::max<int64_t>(1, std::min<int64_t>(threads, rows / kMinRowsPerThread));
  if (t <= 1) {
    f(int64_t{0}, rows);
    return;
  }
  parallel_for(static_cast<int>(t), [&](int k) { f(rows * k / t, rows * (k + 1) / t); });
}

// row(i, g) for every row i, with g positioned at the row's first draw (k draws per row).
template <class Row>
void run_rows(int64_t rows, int64_t k, const Draws& d, int threads, const Row& row) {
  if (d.R != nullptr) {
    for_blocks(rows, threads, [&](int64_t r0, int64_t r1) {
      BufferSource g(d.R + r0 * k);
      for (int64_t i = r0; i < r1; ++i) row(i, g);
    });
    return;
  }
#if PARETIX_HAVE_PCG64
  if (d.pcg_state != nullptr) {
    rng::Pcg64 base(d.pcg_state[0], d.pcg_state[1], d.pcg_inc[0], d.pcg_inc[1]);
    for_blocks(rows, threads, [&](int64_t r0, int64_t r1) {
      rng::Pcg64 g = base;
      g.advance(static_cast<std::uint64_t>(r0) * static_cast<std::uint64_t>(k));
      for (int64_t i = r0; i < r1; ++i) row(i, g);
    });
    base.advance(static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(k));
    d.pcg_state[0] = base.state_hi();
    d.pcg_state[1] = base.state_lo();
    return;
  }
#endif
  rng::BitGenSource g(d.gen);
  for (int64_t i = 0; i < rows; ++i) row(i, g);
}

}  // namespace

void sbx(const double* A, const double* B, int64_t n, int64_t n_var, const double* xl, const double* xu,
         const Sbx& p, const Draws& draws, int threads, double* C1, double* C2) {
  const SbxConst c(p);
  run_rows(n, sbx_width(n_var), draws, threads, [&](int64_t i, auto& g) {
    sbx_row(A + i * n_var, B + i * n_var, n_var, xl, xu, c, g, C1 + i * n_var, C2 + i * n_var);
  });
}

void pm(const double* X, int64_t n, int64_t n_var, const double* xl, const double* xu, const Pm& p,
        const Draws& draws, int threads, double* Y) {
  const PmConst c(p);
  run_rows(n, pm_width(n_var), draws, threads,
           [&](int64_t i, auto& g) { pm_row(X + i * n_var, n_var, xl, xu, c, g, Y + i * n_var); });
}

void sbx_pm(const double* X, const int64_t* parents, int64_t n_pairs, int64_t n_var, const double* xl,
            const double* xu, const Sbx& sbx, const Pm& pm, const Draws& draws, int threads, int64_t n, double* Y) {
  const SbxConst cs(sbx);
  const PmConst cm(pm);
  std::vector<double> spare(static_cast<std::size_t>(n_var));  // the dropped second child (odd n)
  run_rows(n_pairs, sbx_pm_width(n_var), draws, threads, [&](int64_t i, auto& g) {
    double* y1 = Y + 2 * i * n_var;
    double* y2 = 2 * i + 1 < n ? y1 + n_var : spare.data();  // only the last pair can drop its second
    sbx_row(X + parents[2 * i] * n_var, X + parents[2 * i + 1] * n_var, n_var, xl, xu, cs, g, y1, y2);
    pm_row(y1, n_var, xl, xu, cm, g, y1);
    pm_row(y2, n_var, xl, xu, cm, g, y2);
  });
}

}  // namespace paretix::variation

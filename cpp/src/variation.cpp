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
#include "paretix/variation_rows.hpp"

namespace paretix::variation {
namespace {

using std::int64_t;

constexpr int64_t kMinRowsPerThread = 4096;  // below this a thread costs more than it saves

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

// Real-valued variation kernels: bounded SBX, polynomial mutation, and the two fused into one pass
// over the offspring (pure C++17, no Python).
//
// Every operator reads its uniform [0, 1) draws row by row, a fixed number per row whatever the
// probabilities, so the draws of a row start at a known position of the stream:
//   SBX, one row per pair:  u_pair, then per variable j: u_cross_j, u_spread_j, u_swap_j   (1 + 3 n_var)
//   PM, one row per child:  u_child, then per variable j: u_mutate_j, u_perturb_j          (1 + 2 n_var)
//   SBX + PM, per pair:     the SBX row, then the PM rows of its first and second child    (3 + 7 n_var)
// This is the layout of rng.random((rows, k)) in C order, which the NumPy operators draw (their
// formulas are in paretix/operators/_formulas.py; the arithmetic here is the same, in the same
// order). The draws come from a pre-drawn array, from a NumPy bit generator's C interface, or from
// an inlined PCG64 on a copy of its state; with a pre-drawn array or PCG64, row blocks run on
// several threads, each PCG64 copy advanced to its first row (the results do not depend on the
// thread count).
#pragma once

#include <cstdint>

#include "paretix/normal.hpp"

namespace paretix::variation {

struct Sbx {
  double eta, prob, prob_var, prob_swap;
};

struct Pm {
  double eta, prob, prob_var;
};

// Where the uniform draws come from: exactly one of R (rows x k, C order), gen, or the PCG64
// state (state[0] high, state[1] low 64 bits; inc likewise), which is advanced past the draws.
struct Draws {
  const double* R = nullptr;
  rng::BitGen* gen = nullptr;
  std::uint64_t* pcg_state = nullptr;
  const std::uint64_t* pcg_inc = nullptr;
};

constexpr std::int64_t sbx_width(std::int64_t n_var) { return 1 + 3 * n_var; }
constexpr std::int64_t pm_width(std::int64_t n_var) { return 1 + 2 * n_var; }
constexpr std::int64_t sbx_pm_width(std::int64_t n_var) { return sbx_width(n_var) + 2 * pm_width(n_var); }

// SBX of row i of A with row i of B (n x n_var) into C1, C2 (n x n_var).
void sbx(const double* A, const double* B, std::int64_t n, std::int64_t n_var, const double* xl, const double* xu,
         const Sbx& p, const Draws& draws, int threads, double* C1, double* C2);

// Polynomial mutation of X (n x n_var) into Y (n x n_var).
void pm(const double* X, std::int64_t n, std::int64_t n_var, const double* xl, const double* xu, const Pm& p,
        const Draws& draws, int threads, double* Y);

// SBX of the pairs (X[parents[2i]], X[parents[2i + 1]]), i < n_pairs, then PM of both children:
// Y[2i] is pair i's first child and Y[2i + 1] its second, for the first n <= 2 n_pairs rows (the
// draws of a dropped second child are still consumed). X is m x n_var; parents index its rows.
void sbx_pm(const double* X, const std::int64_t* parents, std::int64_t n_pairs, std::int64_t n_var,
            const double* xl, const double* xu, const Sbx& sbx, const Pm& pm, const Draws& draws, int threads,
            std::int64_t n, double* Y);

}  // namespace paretix::variation

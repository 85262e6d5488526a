// Batched CMA-ES kernels (pure C++17, no Python): sampling, the generation update and the
// eigendecomposition of B independent instances stepped together.
//
// Layout (all arrays C-contiguous, float64 unless stated):
//   mean (B, n), sigma (B), C (B, n, n) (diagonal mode: (B, n) variances), Bm (B, n, n) with the
//   eigenvectors as columns, D (B, n) square roots of the eigenvalues, ps / pc (B, n) evolution
//   paths, Z / Y (B, L, n) standard normal draws and their images y = Bm (D * z), f / cv (B, L),
//   weights (B, L) recombination weights padded with zeros, lam (B) int64 active population sizes
//   (1 <= lam[b] <= L), params (B, kNumParams) per-instance strategy parameters (see ParamIndex).
//
// Reference: N. Hansen, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772 (2016),
// Eqs. (38)-(47) with active (negative) weights (Eqs. (50)-(53)).
#pragma once

#include <cstdint>

#include "paretix/normal.hpp"

namespace paretix::cma {

// Column indices into params (B, kNumParams).
enum ParamIndex : int {
  kCm = 0,     // learning rate of the mean (c_m, 1 by default)
  kCs = 1,     // c_sigma
  kDs = 2,     // d_sigma
  kCc = 3,     // c_c
  kC1 = 4,     // c_1
  kCmu = 5,    // c_mu
  kMueff = 6,  // mu_eff
  kChiN = 7,   // E||N(0, I)||
  kNumParams = 8,
};

// y[b,k,i] = sum_j (Bm[b,i,j] D[b,j]) z[b,k,j] (diagonal: Bm == nullptr, y = D * z) and
// x = mean + sigma * y for k < lam[b]; rows k >= lam[b] get y = 0 and x = mean. O(B L n^2) (diagonal: O(B L n)).
void sample(const double* mean, const double* sigma, const double* Bm, const double* D, const double* Z,
            const std::int64_t* lam, std::int64_t B, std::int64_t L, std::int64_t n, double* Y, double* X);

// sample() with Z an output: every row of Z (B, L, n), the padded ones included, is first filled in
// C order with rng::standard_normal, so the draws and the generator's final state are those of
// numpy's Generator.standard_normal(out=Z) on the same bit generator.
void sample_draw(rng::BitGen* gen, const double* mean, const double* sigma, const double* Bm, const double* D,
                 const std::int64_t* lam, std::int64_t B, std::int64_t L, std::int64_t n, double* Z, double* Y,
                 double* X);
#if PARETIX_HAVE_PCG64
// The same with NumPy's PCG64 inlined: state = {high, low} 64-bit halves of the 128-bit state
// (updated), inc = {high, low} of the increment.
void sample_draw_pcg64(std::uint64_t* state, const std::uint64_t* inc, const double* mean, const double* sigma,
                       const double* Bm, const double* D, const std::int64_t* lam, std::int64_t B, std::int64_t L,
                       std::int64_t n, double* Z, double* Y, double* X);
#endif

// One generation of the tutorial's update, in place, for every instance b:
//   order[b] = indices 0..lam[b]-1 sorted by (cv, f, index), NaN counted as +inf (cv == nullptr:
//   all zero, i.e. plain ranking by f); entries >= lam[b] are -1.
//   <y>_w = sum_{w_i > 0} w_i y_{i:lam}, <z>_w likewise; mean += c_m sigma <y>_w;
//   ps = (1 - c_s) ps + sqrt(c_s (2 - c_s) mu_eff) Bm <z>_w   (= C^{-1/2} <y>_w; diagonal or
//        Bm == nullptr, the samples drawn through a Cholesky factor A: <z>_w = A^{-1} <y>_w);
//   h_sigma = ||ps|| / sqrt(1 - (1 - c_s)^(2 (g[b] + 1))) < (1.4 + 2 / (n + 1)) chi_n;
//   pc = (1 - c_c) pc + h_sigma sqrt(c_c (2 - c_c) mu_eff) <y>_w;
//   w°_i = w_i (w_i >= 0) or w_i n / ||z_{i:lam}||^2 (w_i < 0);
//   C = (1 + c_1 (1 - h_sigma) c_c (2 - c_c) - c_1 - c_mu sum w) C + c_1 pc pc^T
//       + c_mu sum_i w°_i y_{i:lam} y_{i:lam}^T    (diagonal: the diagonal of this);
//   sigma *= exp(min(1, (c_s / d_s) (||ps|| / chi_n - 1))).
// hsig[b] receives h_sigma (0 or 1). O(B (L log L + L n^2)) (diagonal: O(B L n)).
void update(const double* f, const double* cv, const std::int64_t* lam, const double* Z, const double* Y,
            const double* weights, const double* params, const std::int64_t* g, std::int64_t B, std::int64_t L,
            std::int64_t n, bool diagonal, double* mean, double* sigma, double* C, double* ps, double* pc,
            const double* Bm, std::int64_t* order, double* hsig);

// Eigendecomposition C[b] = Bm[b] diag(D[b]^2) Bm[b]^T for every b with which[b] != 0.
// C[b] is symmetrised in place ((C + C^T) / 2), reduced to tridiagonal form by Householder
// reflections and diagonalised by implicit QL iterations (EISPACK tred2/tql2, the JAMA version;
// the QL iterations of up to four instances are stepped in turn so that their sqrt/division
// chains overlap, each with JAMA's arithmetic unchanged); eigenvalues ascending, eigenvectors as
// the columns of Bm[b]. Eigenvalues below max * 1e-20 (including non-positive ones) are raised
// to that floor and C[b] is rebuilt from the decomposition. A non-finite C[b] (or QL failing to
// converge) gives D[b] = NaN, Bm[b] = I.
// Returns the number of instances whose eigenvalues were floored. O(n^3) per instance.
// Cholesky factors for sampling (the Cholesky-CMA-ES route, Krause, Arbones & Igel, NeurIPS 2016):
// for every b with which[b] != 0, A[b] = the lower triangular L with L L^T = C[b] from the lower
// triangle of C[b]: L_jj = sqrt(C_jj - sum_{k<j} L_jk^2), L_ij = (C_ij - sum_{k<j} L_ik L_jk) *
// (1 / L_jj) (i > j), each sum subtracted in increasing k (computed column by column; the Numba
// twin goes row by row with the same bits). When a pivot is not above
// max(diag C[b]) * 1e-20 (or C[b] is not finite), C[b] is repaired as decompose() repairs it
// (symmetrised, eigenvalues floored, rebuilt) and A[b] = Bm diag(D) from that decomposition:
// also a square root of C[b] (not triangular); a non-finite C[b] gives A[b] = NaN. Sampling with
// y = A z and the path update with <z>_w (update() with Bm == nullptr) then use A^{-1} <y>_w in
// place of C^{-1/2} <y>_w. Returns the number of repaired instances. O(n^3 / 6) per instance.
std::int64_t cholesky(double* C, const std::uint8_t* which, std::int64_t B, std::int64_t n, double* A);

std::int64_t decompose(double* C, const std::uint8_t* which, std::int64_t B, std::int64_t n, double* Bm,
                       double* D);

// Column indices into the stop bits (kNumStopBits) that stop_flags() ORs into its words.
enum StopBit : int { kTolX = 0, kTolFacUpX, kNoEffectAxis, kNoEffectCoord, kConditionCov, kInvalid, kNumStopBits };

// The per-coordinate stopping criteria of instances rows[0..k-1], one int64 word each (bits[c] set
// when criterion c holds; 0 otherwise). With v_i = C[b,i,i] (diagonal: C[b,i]), sd_i = sigma v_i^(1/2):
//   tolx:          all i: sd_i < tolx and sigma |pc_i| < tolx;
//   tolfacupx:     some i: sd_i > (tolfacupx sigma0[b]) stds[b,i];
//   noeffectaxis:  (full covariance only) a = g[b] mod n, all j: m_j == m_j + (0.1 sigma D_a) Bm[b,j,a];
//   noeffectcoord: some i: m_i == m_i + 0.2 sd_i;
//   conditioncov:  (max D / min D)^2 > tolconditioncov (false if D holds NaN);
//   invalid:       sigma or some m_i or D_i not finite, or sigma <= 0.
// Comparisons with NaN are false, as in IEEE arithmetic. O(k n).
void stop_flags(const std::int64_t* rows, std::int64_t k, const double* sigma, const double* mean, const double* C,
                const double* D, const double* pc, const double* Bm, const double* sigma0, const double* stds,
                const std::int64_t* g, std::int64_t n, double tolx, double tolfacupx, double tolconditioncov,
                const std::int64_t* bits, std::int64_t* flags);

// Column indices into the bits (kNumRecordBits) that record() ORs into its words.
enum RecordBit : int { kFTarget = 0, kMaxFEvals, kMaxIter, kTolFun, kTolFlatFitness, kNumRecordBits };

// Where record() keeps what it records: (B,) state arrays indexed by instance, updated in place.
struct RecordState {
  std::int64_t B;               // instances (the rings' row length)
  double* fbest;                // best f so far (of the best by (cv, f))
  double* cvbest;               // its constraint violation
  double* xbest;                // (B, n) its point
  std::int64_t* best_eval;      // n_eval when it was found
  std::int64_t* best_k;         // its column in that generation
  std::uint8_t* improved;       // 1 when this generation improved it, else 0
  std::int64_t* flat;           // consecutive generations with flat fitness
  double* funhist;              // (Wf, B) ring of each generation's best f (tolfun)
  const std::int64_t* funhist_cap;
  std::int64_t Wf;
  double* stag_best;            // (Ws, B) rings of the best and median f (tolstagnation), or nullptr
  double* stag_med;
  const std::int64_t* stag_cap;
};

// One generation's bookkeeping after update(), for the instances rows[0..k-1]: row t of f, fit,
// cv and order (k, L) belongs to instance b = rows[t], whose samples are its first lam[b] columns;
// values are compared with NaN as +inf. In instance b's entries of the state:
//   the sample first by (cv, f, index) replaces the best so far when its cv is smaller, or equal
//   with a smaller f (then best_eval = n_eval[b], best_k = its column, xbest = X[b, column],
//   improved = 1; else improved = 0);
//   funhist[(g - 1) mod funhist_cap, b] = this generation's smallest f; with stag_best given,
//   stag_best and stag_med at (g - 1) mod stag_cap get the smallest and the median f
//   (0.5 (f_((lam-1)/2) + f_(lam/2)) of f sorted, integer halves);
//   flat += 1 when the ranking's first (order[t, 0]) and its floor(0.75 lam)-th have equal cv and the
//   first's fit (fit == nullptr: f) is not below, else flat = 0.
// flags[t] ORs bits[c] of the criteria c that hold: ftarget: cvbest <= 0 and fbest <= ftarget
// (after the update); maxfevals: n_eval >= max_evals; maxiter: g >= maxiter; tolfun: the range of
// this generation's f and the range of the non-NaN entries of funhist[:, b] are both < tolfun;
// tolflatfitness: flat > tolflatfitness. g[b] counts this generation (>= 1). Without fit, order
// ranks (cv, f, index), so its first entry is the best sample; f is sorted through order when fit
// and cv are nullptr, else by an insertion sort. O(k L) (O(k L^2)).
void record(const std::int64_t* rows, std::int64_t k, const double* f, const double* fit, const double* cv,
            const std::int64_t* order, const std::int64_t* lam, const std::int64_t* g, const std::int64_t* n_eval,
            const double* maxiter, const double* X, std::int64_t L, std::int64_t n, const RecordState& st,
            double tolfun, std::int64_t tolflatfitness, double ftarget, double max_evals, const std::int64_t* bits,
            std::int64_t* flags);

}  // namespace paretix::cma

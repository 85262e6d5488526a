// MOEA/D kernels (pure C++17, no Python): nearest-neighbour weight vectors by a k-d tree, the
// decomposition functions, and the generational replacement step. The Numba twins in
// paretix/kernels/_numba/moead.py evaluate the same expressions in the same order.
#pragma once

#include <cmath>
#include <cstdint>

#include "paretix/device/hd.hpp"

namespace paretix::moead {

enum Method : int { kTchebycheff = 0, kNormTchebycheff = 1, kPBI = 2, kWeightedSum = 3 };

// What a subproblem's aggregation function needs besides its weight vector.
struct Aggregation {
  int method = kTchebycheff;
  int m = 0;                      // objectives
  double theta = 5.0;             // PBI penalty
  const double* ideal = nullptr;  // (m,)
  const double* scale = nullptr;  // (m,) nadir - ideal; read by kNormTchebycheff only
};

// g(f | w, z) of one objective vector f (m,) for the weight vector w (m,).
PARETIX_HD inline double aggregate(const Aggregation& a, const double* f, const double* w) {
  const int m = a.m;
  const double* z = a.ideal;
  switch (a.method) {
    case kTchebycheff: {
      double g = w[0] * ::fabs(f[0] - z[0]);
      for (int j = 1; j < m; ++j) {
        const double v = w[j] * ::fabs(f[j] - z[j]);
        if (v > g) g = v;
      }
      return g;
    }
    case kNormTchebycheff: {
      double g = w[0] * ::fabs(f[0] - z[0]) / a.scale[0];
      for (int j = 1; j < m; ++j) {
        const double v = w[j] * ::fabs(f[j] - z[j]) / a.scale[j];
        if (v > g) g = v;
      }
      return g;
    }
    case kPBI: {
      double nn = 0.0;
      for (int j = 0; j < m; ++j) nn += w[j] * w[j];
      const double norm = ::sqrt(nn);
      double dot = 0.0;
      for (int j = 0; j < m; ++j) dot += (f[j] - z[j]) * w[j];
      const double d1 = dot / norm;
      double s = 0.0;
      for (int j = 0; j < m; ++j) {
        const double r = f[j] - z[j] - d1 * (w[j] / norm);
        s += r * r;
      }
      return d1 + a.theta * ::sqrt(s);
    }
    default: {
      double g = 0.0;
      for (int j = 0; j < m; ++j) g += w[j] * (f[j] - z[j]);
      return g;
    }
  }
}

// a beats b: a smaller violation, or both feasible (cv <= 0) and a smaller aggregation value.
PARETIX_HD inline bool better(double cv_a, double g_a, double cv_b, double g_b) {
  if (cv_a > 0.0 || cv_b > 0.0) return cv_a < cv_b;
  return g_a < g_b;
}

// The k nearest rows of P (n, d) to every row of P, by squared Euclidean distance with ties
// broken by the smaller index, nearest first: out (n, k). Exact; k-d tree, O(n k) memory.
void knn(const double* P, std::int64_t n, int d, int k, std::int64_t* out, int threads);

// Generational replacement (see paretix.kernels.moead_replace): winner (n,) gets, for every
// subproblem, the child that takes it, or -1. Children are visited in order; child j tests its
// candidates cand[j * n_cand ... + n_cand) in order and improves at most max_repl of them.
void replace(const double* F, const double* cv, std::int64_t n, const double* Fc, const double* cvc,
             std::int64_t nc, const double* W, const std::int64_t* cand, std::int64_t n_cand,
             const Aggregation& agg, std::int64_t max_repl, std::int64_t* winner);

}  // namespace paretix::moead

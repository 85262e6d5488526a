// Hypervolume kernels (pure C++17, no Python).
//
// Conventions shared by every kernel in this header:
//  * points are row-major, n rows of d objectives, minimisation; ref has d entries;
//  * values are never NaN (the Python layer rejects NaN); +-inf is allowed;
//  * only points that strictly dominate ref (p_j < ref_j for every j) count; the others are
//    ignored (they contribute nothing and change nothing);
//  * the dominated region of a set is the union of the boxes [p, ref).
#pragma once

#include <cstdint>

namespace paretix {

// Exact hypervolume of the points with respect to ref (0 when no point counts; +inf when a
// point that counts has an infinite box, i.e. a -inf coordinate or a +inf ref entry).
//
// Algorithm by dimension (see hv_detail.hpp): d = 1, 2 sort + sweep, O(n log n); d = 3 dimension
// sweep over a balanced tree (HV3D), O(n log n); d = 4 HV4D+ (sweep over the 4th objective with
// one 3-D contribution per point), O(n^2); d >= 5 WFG (exclusive volumes of limit sets, slicing
// one objective per level) down to the 4-D base case.
double hypervolume(const double* points, std::int64_t n, std::int64_t d, const double* ref);

// Exclusive contribution of every point, hvc(p) = HV(X) - HV(X \ {p}), written to out[0..n).
// Points that do not count get 0; every copy of a duplicated point gets 0. With
// ignore_dominated = true, dominated points get 0 and are removed from X before computing the
// others; with false, X is the whole input (a point dominated only by p reduces hvc(p)).
// Precondition: the boxes of the points that count are finite (no -inf coordinate, no +inf ref
// entry); the Python layer checks this.
//
// Algorithm: d <= 2 sort + sweep, O(n log n); d = 3 one dimension sweep (HVC3D style: each point
// of the 2-D staircase keeps its exclusive area and the points it alone dominates), O(n log n)
// for ignore_dominated = true; d >= 4 the limit-set formula hvc(p) = vol(p) - HV({max(p, q)}),
// one hypervolume of a pruned set per point.
void hv_contributions(const double* points, std::int64_t n, std::int64_t d, const double* ref,
                      bool ignore_dominated, double* out);

// Monte Carlo estimate of the hypervolume: n_samples points drawn uniformly in the bounding box
// [ideal, ref) of the points that count, from SplitMix64 (splitmix.hpp): coordinate j of sample
// i is output i * d + j + 1 of the generator started at the first output of SplitMix64{seed}, a
// hash of (seed, i * d + j), so the result depends only on (points, ref, n_samples, seed).
// Samples are streamed one at a time: memory is O(n d).
struct HvEstimate {
  double value;      // box volume * fraction of samples dominated
  double std_error;  // box volume * sqrt(f (1 - f) / (n_samples - 1)); NaN when n_samples == 1
  std::int64_t n_dominated;
};
// Same precondition as hv_contributions (finite boxes); n_samples >= 1.
HvEstimate hypervolume_mc(const double* points, std::int64_t n, std::int64_t d, const double* ref,
                          std::int64_t n_samples, std::uint64_t seed);

// The uniform [0, 1) number hypervolume_mc uses for counter c = i * d + j (exposed so that the
// other backends can be checked against it): (output c + 1 of SplitMix64{key} >> 11) * 2^-53 with
// key = SplitMix64{seed}.next().
double mc_uniform(std::uint64_t seed, std::uint64_t counter);

}  // namespace paretix

// HypE fitness kernels (Bader & Zitzler 2011), pure C++17, no Python.
//
// Conventions (shared with hv.hpp): points are row-major, n rows of d objectives, minimisation;
// values are never NaN (the Python layer rejects NaN) and the points that count (those strictly
// dominating ref) have finite coordinates; ref is finite. Points that do not count get fitness 0
// but stay members of the population P (|P| = n in the weights alpha).
//
// The fitness of a with parameter k (1 <= k <= n) is
//     I_h(a, P, R, k) = sum_{i=1..k} alpha_i * lambda(H_i(a)),
//     alpha_i = prod_{l=1..i-1} (k - l) / (n - l) / i,
// where H_i(a) is the part of the region dominated by a (up to ref) that exactly i points of P
// dominate: a sample (or a cell) weakly dominated by exactly c points, 1 <= c <= k, adds
// alpha_c times its volume to each of them.
#pragma once

#include <cstdint>

namespace paretix {

// alpha[c] for c = 1..k written to alpha[1..k] (alpha[0] = 0): the running product
// p_1 = 1, p_{c+1} = p_c * ((k - c) / (n - c)), alpha_c = p_c / c.
void hype_alpha(std::int64_t k, std::int64_t n, double* alpha);

// Monte Carlo fitness: n_samples samples uniform in the box [lo, ref) with lo the componentwise
// minimum of the points that count, drawn from the stream of hypervolume_mc (splitmix.hpp), so
// that the samples, and the number of samples dominated by at least one point (returned), are
// those of hypervolume_mc with the same seed. out[a] = (sum over the samples s that a dominates
// of alpha_{c(s)} for c(s) <= k) * (box volume / n_samples), the sum taken per block of
// max(1024, ceil(n_samples / 64)) consecutive samples in sample order, the block sums then added
// in block order: blocks run on up to `threads` threads and the bits never depend on how many.
// Time O(n_samples * n' * d) with n' the points whose first objective is <= the sample's; memory
// O(n d) per thread: no samples x points array.
std::int64_t hype_fitness_mc(const double* points, std::int64_t n, std::int64_t d, const double* ref,
                             std::int64_t k, std::int64_t n_samples, std::uint64_t seed, double* out, int threads);

// Exact fitness for d = 2 or 3. d = 2: a sweep over y (horizontal strips between consecutive
// distinct y values) keeping the active points ordered by x; in a strip the sample at x is
// dominated by the active points with x_i <= x, so the point at position q of the x order gains
// h * sum_{c=q..min(k,t)} (x_(c+1) - x_(c)) * alpha_c (suffix sums, no cancellation).
// O(n min(n, k) + n^2) time (the insertions move memory), O(n) memory. d = 3: the same over
// every slab between consecutive distinct z values, O(n^2 min(n, k) + n^3).
void hype_fitness_exact(const double* points, std::int64_t n, std::int64_t d, const double* ref, std::int64_t k,
                        double* out);

// Greedy removal of n_remove points (0 <= n_remove <= n): at step t the fitness with
// k = n_remove - t over the points still present (|P| = n - t) is computed and the point with the
// smallest fitness (the lowest index on ties) is removed; removed[t] is its row. method 0: Monte
// Carlo with one sample set (the stream of hype_fitness_mc over the box of all n points); the
// samples dominated by 1..n_remove points keep the list of their dominators, each step counts the
// dominators still present and drops for good the samples with none or with more than k (the
// count falls by at most one per step while k falls by one, so such a sample never matters
// again): O(n_samples * n * d) once, then O(E) per step with E the entries still kept. The
// samples are kept in the blocks of hype_fitness_mc, each summed alone, the sums added in block
// order; blocks run on up to `threads` threads (the same bits for any number).
// method 1: exact fitness recomputed at every step (hype_fitness_exact), d = 2 or 3.
void hype_greedy(const double* points, std::int64_t n, std::int64_t d, const double* ref, std::int64_t n_remove,
                 int method, std::int64_t n_samples, std::uint64_t seed, std::int64_t* removed, int threads);

}  // namespace paretix

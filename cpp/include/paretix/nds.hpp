// Non-dominated sorting kernels (pure C++17, no Python).
//
// Conventions shared by every kernel in this header:
//  * points are row-major, n rows of m objectives, minimisation;
//  * values are finite or +-inf, never NaN (the Python layer rejects NaN);
//  * q dominates p  <=>  q <= p in every objective and q != p;
//  * exact duplicates never dominate each other.
#pragma once

#include <cstdint>

namespace paretix {

// Rank every point: 0 = non-dominated, r + 1 = dominated only by points of rank <= r (and by at
// least one of rank r). Duplicates share a rank. `rank` has n entries.
//
// Algorithm: one sweep in lexicographic order; each point's rank is found by binary search over
// the fronts built so far, asking "does front r dominate p?". The query structure per front is a
// scalar (m = 2, O(n log n)), a 2-D staircase (m = 3, O(n log n log k) for k fronts), or a bucket
// k-d tree with min-corner pruning (m >= 4, ENS-NDT style; O(m n^2) worst case). Memory O(n m).
void pareto_rank(const double* points, std::int64_t n, std::int64_t m, std::int64_t* rank);

// Mark the points of rank 0. With keep_weakly = false only the first copy (lowest index) of a
// duplicated non-dominated point is marked; with true every copy is.
void is_nondominated(const double* points, std::int64_t n, std::int64_t m, bool keep_weakly,
                     std::uint8_t* out);

// NSGA-II crowding distance of one set of points. The first copy of each duplicated point is
// scored among the unique points, later copies get 0. With <= 2 unique points every unique point
// gets +inf. Otherwise, per objective with a positive range R (sorted stably by value, ties by
// index) the two boundary points get +inf and an interior point adds (f_next - f_prev) / R, a NaN
// term (inf - inf, inf / inf) adding 0; objectives with zero range add nothing.
void crowding_distance(const double* points, std::int64_t n, std::int64_t m, double* out);

}  // namespace paretix

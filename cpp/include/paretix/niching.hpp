// NSGA-III association and niching kernels (pure C++17, no Python).
#pragma once

#include <cstdint>

namespace paretix {

// Associate each normalised point with its reference direction.
//
// F: n x m normalised objective vectors (finite; the caller subtracts the ideal point, so they are
// >= 0); W: r x m reference directions (non-negative, non-zero). For f != 0 the direction with the
// smallest perpendicular distance is the one with the smallest angle to f, i.e. the nearest unit
// direction w/|w| to the unit vector f/|f|; ties go to the lowest index, and f = 0 gets direction 0.
// Out: niche[i] in [0, r) and dist[i] = |f - (f . u) u| with u the unit direction of niche[i].
// Exact nearest neighbour by a k-d tree over the r unit directions (O(log r) per point in low
// dimension), never an n x r matrix. The points are visited in the order of a coarse grid over
// their unit vectors, each search starting from the previous answer's distance, and split over
// up to `threads` threads; none of this changes the result. The tree of the most recent W
// (compared by value) is kept for the next call.
void associate(const double* F, std::int64_t n, const double* W, std::int64_t r, std::int64_t m,
               std::int64_t* niche, double* dist, int threads = 1);

// Deb & Jain's niche-preserving selection of k members of the last front.
//
// niche, dist: the last front's m candidates (from associate); counts: r niche counts of the
// members already selected; k <= m members to choose. Repeatedly, among the niches that still
// have candidates, those with the smallest count are visited in random order; a niche with count
// 0 gives its candidate with the smallest distance (ties: lowest index), any other niche a random
// candidate; the niche's count then grows by one. Randomness comes from a splitmix64 stream
// started at `seed`, so every backend makes the same choices. Out: the k chosen candidate indices
// in the order chosen.
void niching(const std::int64_t* niche, const double* dist, std::int64_t m, const std::int64_t* counts,
             std::int64_t r, std::int64_t k, std::uint64_t seed, std::int64_t* selected);

}  // namespace paretix

// NSGA-III association and niching kernels (pure C++17, no Python).
#pragma once

#include <cmath>
#include <cstdint>

#include "paretix/splitmix.hpp"

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
// members already selected; k <= m members to choose. Level by level (l = 0, 1, ...): the niches
// that still have candidates and the smallest count among them each give one candidate; when
// fewer are still to choose than the level holds, the niches with the smallest keys
// niche_hash(seed, l, j, 0) (ties: lower j) give them. A niche with count 0 gives its candidate
// with the smallest distance (ties: lowest index), any other the candidate at position
// niche_hash(seed, l, j, 1) mod (its candidates left) of its remaining list; the candidate is
// swap-removed from the list and the niche's count grows by one. A level's choices are appended
// in niche index order. Every draw is a hash of (seed, level, niche) rather than a position in a
// stream, so a level's niches are served independently (in parallel on the GPU) and every backend
// makes the same choices; the random subset of the last level is what Deb & Jain's random niche
// order decides. Out: the k chosen candidate indices.
void niching(const std::int64_t* niche, const double* dist, std::int64_t m, const std::int64_t* counts,
             std::int64_t r, std::int64_t k, std::uint64_t seed, std::int64_t* selected);

// Unit vector of a row of m values into dst; a zero row stays zero.
PARETIX_HD inline void unit_vector(const double* src, std::int64_t m, double* dst) {
  double norm2 = 0.0;
  for (std::int64_t j = 0; j < m; ++j) norm2 += src[j] * src[j];
  const double norm = ::sqrt(norm2);
  for (std::int64_t j = 0; j < m; ++j) dst[j] = norm > 0.0 ? src[j] / norm : 0.0;
}

// |f - (f . u) u|: the perpendicular distance of f to the unit direction u.
PARETIX_HD inline double perpendicular_distance(const double* f, const double* u, std::int64_t m) {
  double proj = 0.0;
  for (std::int64_t j = 0; j < m; ++j) proj += f[j] * u[j];
  double d2 = 0.0;
  for (std::int64_t j = 0; j < m; ++j) {
    const double e = f[j] - proj * u[j];
    d2 += e * e;
  }
  return ::sqrt(d2);
}

// The niching draws: splitmix64's output for the state seed + (level * 2^33 + j * 2 + salt) * G
// (mod 2^64, G its increment), for level < 2^31 and j < 2^32.
PARETIX_HD inline std::uint64_t niche_hash(std::uint64_t seed, std::uint64_t level, std::uint64_t j, std::uint64_t salt) {
  SplitMix64 g{seed + ((level << 33) + (j << 1) + salt) * 0x9E3779B97F4A7C15ULL};
  return g.next();
}

// Niche j gives one candidate at level `level`: its closest (count 0; ties to the lowest index) or
// the one at position niche_hash(seed, level, j, 1) mod left[j] of its remaining list
// members[start_j, start_j + left[j]), which is swap-removed; left[j] and count[j] are updated.
// Returns the candidate. The step of niching() shared by the CPU kernel and the CUDA one.
PARETIX_HD inline std::int64_t niche_pick(std::int64_t j, std::int64_t start_j, std::int64_t* members,
                                          std::int64_t* left, std::int64_t* count, const double* dist,
                                          std::uint64_t seed, std::uint64_t level) {
  std::int64_t pick = 0;
  if (count[j] == 0) {
    for (std::int64_t u = 1; u < left[j]; ++u) {
      const std::int64_t a = members[start_j + u], b = members[start_j + pick];
      if (dist[a] < dist[b] || (dist[a] == dist[b] && a < b)) pick = u;
    }
  } else {
    pick = static_cast<std::int64_t>(niche_hash(seed, level, static_cast<std::uint64_t>(j), 1) %
                                     static_cast<std::uint64_t>(left[j]));
  }
  const std::int64_t chosen = members[start_j + pick];
  members[start_j + pick] = members[start_j + left[j] - 1];
  --left[j];
  ++count[j];
  return chosen;
}

}  // namespace paretix

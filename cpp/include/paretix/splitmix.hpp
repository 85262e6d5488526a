// splitmix64: the small, fully specified PRNG kernels use when every backend must draw the same
// numbers (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014).
#pragma once

#include <cstddef>
#include <cstdint>

#include "paretix/device/hd.hpp"

namespace paretix {

struct SplitMix64 {
  std::uint64_t state;
  PARETIX_HD std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Integer in [0, n), n >= 1 (modulo reduction; the bias n / 2^64 is negligible).
  PARETIX_HD std::int64_t below(std::int64_t n) { return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n)); }
};

// The Monte Carlo sample stream shared by hypervolume_mc and the HypE kernels (so that they draw
// the same samples): key = first SplitMix64 output of the seed; coordinate j of sample i is output
// number i * d + j + 1 of SplitMix64 started at key, i.e. a hash of (key, i * d + j).
PARETIX_HD inline std::uint64_t mc_stream_key(std::uint64_t seed) { return SplitMix64{seed}.next(); }

// A 64-bit output as a uniform double in [0, 1): its top 53 bits times 2^-53.
PARETIX_HD inline double mc_to_unit(std::uint64_t z) { return static_cast<double>(z >> 11) * 0x1.0p-53; }

// The generator positioned before sample i (of d coordinates) of the stream started at `key`.
PARETIX_HD inline SplitMix64 mc_stream_at(std::uint64_t key, std::uint64_t i, std::size_t d) {
  return SplitMix64{key + i * static_cast<std::uint64_t>(d) * 0x9E3779B97F4A7C15ULL};
}

// Fills s[0..d) with sample i of the stream started at `key`, scaled to [lo, lo + width): the
// generator `gen` must be at output i * d (start with SplitMix64{key} for i = 0 and call this for
// i = 0, 1, 2, ... in order).
inline void mc_next_sample(SplitMix64& gen, const double* lo, const double* width, std::size_t d, double* s) {
  for (std::size_t j = 0; j < d; ++j) s[j] = lo[j] + mc_to_unit(gen.next()) * width[j];
}

}  // namespace paretix

// Standard normal draws that reproduce numpy.random.Generator.standard_normal bit for bit.
//
// NumPy's Generator draws a normal with a 256-layer ziggurat (random_standard_normal in
// numpy/random/src/distributions/distributions.c): one 64-bit word gives the layer (8 bits), the
// sign (1 bit) and a 52-bit magnitude; 99% of the draws are accepted at once, the rest use the
// wedge test or the tail algorithm with further uniform doubles. standard_normal() below is that
// algorithm on NumPy's tables, so a kernel that fills its buffers through it consumes the
// caller's Generator exactly as Generator.standard_normal(out=...) would and leaves it in the same
// state. The sign is applied without a branch (it is a coin flip; a branch mispredicts half the
// time and doubles the cost of a draw).
//
// Word sources:
//   BitGen  the bit generator's C interface (numpy's bitgen_t, from BitGenerator.capsule), any
//           bit generator, one indirect call per word;
//   Pcg64   NumPy's default bit generator (PCG64, XSL-RR 128/64) inlined, on a state copied out
//           of and back into BitGenerator.state (GCC/Clang: needs unsigned __int128).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "paretix/ziggurat_tables.hpp"

#if defined(__GNUC__) || defined(__clang__)
#define PARETIX_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define PARETIX_LIKELY(x) (x)
#endif

namespace paretix::rng {

// numpy's bitgen_t (numpy/random/bitgen.h), the public C interface of a BitGenerator.
struct BitGen {
  void* state;
  std::uint64_t (*next_uint64)(void* st);
  std::uint32_t (*next_uint32)(void* st);
  double (*next_double)(void* st);
  std::uint64_t (*next_raw)(void* st);
};

class BitGenSource {
 public:
  explicit BitGenSource(BitGen* g) : g_(g) {}
  std::uint64_t next_uint64() { return g_->next_uint64(g_->state); }
  double next_double() { return g_->next_double(g_->state); }

 private:
  BitGen* g_;
};

#if defined(__SIZEOF_INT128__)
#define PARETIX_HAVE_PCG64 1
// NumPy's PCG64: state = state * M + inc (mod 2^128), output = rotr64(hi ^ lo, state >> 122) of
// the new state; next_double = (next_uint64 >> 11) * 2^-53.
class Pcg64 {
 public:
  Pcg64(std::uint64_t state_hi, std::uint64_t state_lo, std::uint64_t inc_hi, std::uint64_t inc_lo)
      : state_(join(state_hi, state_lo)), inc_(join(inc_hi, inc_lo)) {}
  std::uint64_t next_uint64() {
    state_ = state_ * kMultiplier + inc_;
    const auto hi = static_cast<std::uint64_t>(state_ >> 64), lo = static_cast<std::uint64_t>(state_);
    const unsigned rot = static_cast<unsigned>(state_ >> 122);
    const std::uint64_t v = hi ^ lo;
    return (v >> rot) | (v << ((64u - rot) & 63u));
  }
  double next_double() { return static_cast<double>(next_uint64() >> 11) * (1.0 / 9007199254740992.0); }
  // Jump `delta` steps ahead in O(log delta) (Brown's LCG jump, as PCG64.advance does).
  void advance(std::uint64_t delta) {
    u128 acc_mult = 1, acc_plus = 0, cur_mult = kMultiplier, cur_plus = inc_;
    for (; delta > 0; delta >>= 1) {
      if (delta & 1) {
        acc_mult *= cur_mult;
        acc_plus = acc_plus * cur_mult + cur_plus;
      }
      cur_plus = (cur_mult + 1) * cur_plus;
      cur_mult *= cur_mult;
    }
    state_ = acc_mult * state_ + acc_plus;
  }
  std::uint64_t state_hi() const { return static_cast<std::uint64_t>(state_ >> 64); }
  std::uint64_t state_lo() const { return static_cast<std::uint64_t>(state_); }

 private:
  __extension__ typedef unsigned __int128 u128;  // __extension__: no -Wpedantic warning
  static u128 join(std::uint64_t hi, std::uint64_t lo) { return (static_cast<u128>(hi) << 64) | lo; }
  static constexpr u128 kMultiplier = (static_cast<u128>(2549297995355413924ULL) << 64) | 4865540595714422341ULL;
  u128 state_, inc_;
};
#endif

// One draw of NumPy's ziggurat from the word source G (next_uint64(), next_double()).
template <class G>
inline double standard_normal(G& gen) {
  using namespace ziggurat;
  for (;;) {
    std::uint64_t r = gen.next_uint64();
    const int idx = static_cast<int>(r & 0xff);
    r >>= 8;
    const std::uint64_t sign = r & 1;
    const std::uint64_t rabs = (r >> 1) & 0x000fffffffffffffULL;
    double x = static_cast<double>(rabs) * kWi[idx];
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    bits ^= sign << 63;  // x = sign ? -x : x
    std::memcpy(&x, &bits, sizeof bits);
    if (PARETIX_LIKELY(rabs < kKi[idx])) return x;
    if (idx == 0) {  // the tail beyond kNorR (1 - U avoids log(0), as NumPy does)
      for (;;) {
        const double xx = -kNorInvR * std::log1p(-gen.next_double());
        const double yy = -std::log1p(-gen.next_double());
        if (yy + yy > xx * xx) return ((rabs >> 8) & 1) ? -(kNorR + xx) : kNorR + xx;
      }
    }
    if ((kFi[idx - 1] - kFi[idx]) * gen.next_double() + kFi[idx] < std::exp(-0.5 * x * x)) return x;
  }
}

}  // namespace paretix::rng

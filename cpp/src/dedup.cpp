// Duplicate rows by hashing: see paretix/dedup.hpp.
#include "paretix/dedup.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace paretix {
namespace {

constexpr std::uint64_t kMul0 = 0x9E3779B97F4A7C15ULL;
constexpr std::uint64_t kMul1 = 0xBF58476D1CE4E5B9ULL;
constexpr std::uint64_t kEmpty = 0;
constexpr std::int64_t kBatch = 16;  // rows hashed (and their slots prefetched) before probing

inline void prefetch(const void* p) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

// The bits of x with -0.0 mapped to +0.0 (x + 0.0 does that in round-to-nearest).
inline std::uint64_t word(double x) {
  const double y = x + 0.0;
  std::uint64_t w;
  std::memcpy(&w, &y, sizeof w);
  return w;
}

inline std::uint64_t fmix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 33;
  return h;
}

// Hash of one row; `nan` is set when the row holds NaN (equal to nothing). Two lanes (even and
// odd columns) keep the multiply chains short.
inline std::uint64_t row_hash(const double* r, std::int64_t d, bool& nan) {
  std::uint64_t a = kMul0 ^ static_cast<std::uint64_t>(d), b = kMul1;
  bool bad = false;
  std::int64_t j = 0;
  for (; j + 1 < d; j += 2) {
    bad |= (r[j] != r[j]) | (r[j + 1] != r[j + 1]);
    a = (a ^ word(r[j])) * kMul1;
    b = (b ^ word(r[j + 1])) * kMul0;
    a ^= a >> 29;
    b ^= b >> 31;
  }
  if (j < d) {
    bad |= r[j] != r[j];
    a = (a ^ word(r[j])) * kMul1;
  }
  nan = bad;
  return fmix64(a ^ (b * kMul1 + 0x2545F4914F6CDD1DULL));
}

inline bool rows_equal(const double* a, const double* b, std::int64_t d) {
  for (std::int64_t j = 0; j < d; ++j)
    if (!(a[j] == b[j])) return false;
  return true;
}

class Table {
 public:
  Table(std::int64_t n) {
    while ((std::int64_t{1} << ibits_) <= n) ++ibits_;  // row index + 1 fits in ibits_ bits
    std::uint64_t cap = 16;
    while (cap < 2 * static_cast<std::uint64_t>(n)) cap <<= 1;
    mask_ = cap - 1;
    slots_.assign(cap, kEmpty);
  }
  std::uint64_t home(std::uint64_t h) const { return h & mask_; }
  const std::uint64_t* at(std::uint64_t pos) const { return &slots_[pos]; }

  // The first row of X equal to `r` (hash h) that the table holds, or -1; with insert, an
  // absent row is stored as row i.
  std::int64_t find(const double* X, std::int64_t d, const double* r, std::uint64_t h, bool insert,
                    std::int64_t i) {
    const std::uint64_t tag = h >> ibits_;
    for (std::uint64_t pos = h & mask_;; pos = (pos + 1) & mask_) {
      const std::uint64_t s = slots_[pos];
      if (s == kEmpty) {
        if (insert) slots_[pos] = (tag << ibits_) | static_cast<std::uint64_t>(i + 1);
        return -1;
      }
      if ((s >> ibits_) == tag) {
        const auto k = static_cast<std::int64_t>(s & ((std::uint64_t{1} << ibits_) - 1)) - 1;
        if (rows_equal(X + k * d, r, d)) return k;
      }
    }
  }

 private:
  unsigned ibits_ = 1;
  std::uint64_t mask_ = 0;
  std::vector<std::uint64_t> slots_;
};

}  // namespace

void duplicated(const double* X, std::int64_t n, std::int64_t d, const RowBlock* existing, std::int64_t n_blocks,
                std::uint8_t* dup) {
  std::fill(dup, dup + n, std::uint8_t{0});
  if (n == 0) return;
  Table table(n);
  std::uint64_t h[kBatch];
  bool nan[kBatch];
  for (std::int64_t i0 = 0; i0 < n; i0 += kBatch) {
    const std::int64_t nb = std::min(kBatch, n - i0);
    for (std::int64_t b = 0; b < nb; ++b) {
      h[b] = row_hash(X + (i0 + b) * d, d, nan[b]);
      prefetch(table.at(table.home(h[b])));
    }
    for (std::int64_t b = 0; b < nb; ++b)
      if (!nan[b]) dup[i0 + b] = table.find(X, d, X + (i0 + b) * d, h[b], true, i0 + b) >= 0;
  }
  for (std::int64_t e = 0; e < n_blocks; ++e) {
    const double* E = existing[e].data;
    const std::int64_t m = existing[e].n;
    for (std::int64_t i0 = 0; i0 < m; i0 += kBatch) {
      const std::int64_t nb = std::min(kBatch, m - i0);
      for (std::int64_t b = 0; b < nb; ++b) {
        h[b] = row_hash(E + (i0 + b) * d, d, nan[b]);
        prefetch(table.at(table.home(h[b])));
      }
      for (std::int64_t b = 0; b < nb; ++b) {
        if (nan[b]) continue;
        const std::int64_t k = table.find(X, d, E + (i0 + b) * d, h[b], false, 0);
        if (k >= 0) dup[k] = 1;
      }
    }
  }
}

}  // namespace paretix

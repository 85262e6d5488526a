// Duplicate rows by hashing: see paretix/dedup.hpp.
#include "paretix/dedup.hpp"
#include "paretix/threads.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
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
  // Room for `count` rows whose indices lie in [0, n).
  Table(std::int64_t n, std::int64_t count) {
    while ((std::int64_t{1} << ibits_) <= n) ++ibits_;  // row index + 1 fits in ibits_ bits
    std::uint64_t cap = 16;
    while (cap < 2 * static_cast<std::uint64_t>(count)) cap <<= 1;
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

// One thread's share of the multithreaded version: the rows of X whose hash falls in its
// partition, in index order (so the first copy still wins), in a table of its own.
int partition_of(std::uint64_t h, int parts) {
  return static_cast<int>(((h >> 32) * static_cast<std::uint64_t>(parts)) >> 32);
}

void duplicated_threads(const double* X, std::int64_t n, std::int64_t d, const RowBlock* existing,
                        std::int64_t n_blocks, std::uint8_t* dup, int threads) {
  std::vector<std::uint64_t> h(static_cast<std::size_t>(n));
  std::vector<std::uint8_t> nan(static_cast<std::size_t>(n));
  auto run = [threads](const auto& f) { parallel_for(threads, f); };  // f(t), t = 0..threads-1
  run([&](int t) {
    for (std::int64_t i = n * t / threads; i < n * (t + 1) / threads; ++i) {
      bool bad;
      h[static_cast<std::size_t>(i)] = row_hash(X + i * d, d, bad);
      nan[static_cast<std::size_t>(i)] = bad;
    }
  });
  std::vector<std::unique_ptr<Table>> tables(static_cast<std::size_t>(threads));
  run([&](int t) {
    std::int64_t count = 0;
    for (std::int64_t i = 0; i < n; ++i) count += partition_of(h[static_cast<std::size_t>(i)], threads) == t;
    auto table = std::make_unique<Table>(n, count);
    std::int64_t batch[kBatch];
    int nb = 0;
    auto flush = [&] {  // in index order, so the first copy still wins
      for (int b = 0; b < nb; ++b)
        dup[batch[b]] = table->find(X, d, X + batch[b] * d, h[static_cast<std::size_t>(batch[b])], true, batch[b]) >= 0;
      nb = 0;
    };
    for (std::int64_t i = 0; i < n; ++i) {
      const std::uint64_t hi = h[static_cast<std::size_t>(i)];
      if (partition_of(hi, threads) != t || nan[static_cast<std::size_t>(i)]) continue;
      prefetch(table->at(table->home(hi)));
      batch[nb++] = i;
      if (nb == kBatch) flush();
    }
    flush();
    tables[static_cast<std::size_t>(t)] = std::move(table);
  });
  // The existing rows, split evenly over the threads; the tables are only read now.
  std::vector<std::int64_t> offset(static_cast<std::size_t>(n_blocks + 1), 0);
  for (std::int64_t b = 0; b < n_blocks; ++b) offset[static_cast<std::size_t>(b + 1)] = offset[static_cast<std::size_t>(b)] + existing[b].n;
  const std::int64_t m = offset.back();
  std::vector<std::vector<std::int64_t>> found(static_cast<std::size_t>(threads));
  run([&](int t) {
    const std::int64_t r0 = m * t / threads, r1 = m * (t + 1) / threads;
    std::int64_t b = 0;
    const double* rows[kBatch];
    std::uint64_t hs[kBatch];
    int nb = 0;
    auto flush = [&] {
      for (int q = 0; q < nb; ++q) {
        const std::int64_t k = tables[static_cast<std::size_t>(partition_of(hs[q], threads))]->find(X, d, rows[q], hs[q], false, 0);
        if (k >= 0) found[static_cast<std::size_t>(t)].push_back(k);
      }
      nb = 0;
    };
    for (std::int64_t r = r0; r < r1; ++r) {
      while (r >= offset[static_cast<std::size_t>(b + 1)]) ++b;
      const double* row = existing[b].data + (r - offset[static_cast<std::size_t>(b)]) * d;
      bool bad;
      const std::uint64_t hr = row_hash(row, d, bad);
      if (bad) continue;
      const Table& table = *tables[static_cast<std::size_t>(partition_of(hr, threads))];
      prefetch(table.at(table.home(hr)));
      rows[nb] = row;
      hs[nb++] = hr;
      if (nb == kBatch) flush();
    }
    flush();
  });
  for (const auto& f : found)
    for (const std::int64_t k : f) dup[k] = 1;
}

constexpr std::int64_t kMinRowsPerThread = 1 << 16;

}  // namespace

void duplicated(const double* X, std::int64_t n, std::int64_t d, const RowBlock* existing, std::int64_t n_blocks,
                std::uint8_t* dup, int threads) {
  std::int64_t rows = n;
  for (std::int64_t b = 0; b < n_blocks; ++b) rows += existing[b].n;
  const auto t = static_cast<int>(std::max<std::int64_t>(1, std::min<std::int64_t>(threads, rows / kMinRowsPerThread)));
  if (t > 1 && n > 0) {
    std::fill(dup, dup + n, std::uint8_t{0});
    duplicated_threads(X, n, d, existing, n_blocks, dup, t);
    return;
  }
  std::fill(dup, dup + n, std::uint8_t{0});
  if (n == 0) return;
  Table table(n, n);
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

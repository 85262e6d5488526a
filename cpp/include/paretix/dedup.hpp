// Duplicate rows by hashing (pure C++17, no Python).
#pragma once

#include <cstdint>

namespace paretix {

// One block of rows that X is compared against: n x d, C order.
struct RowBlock {
  const double* data;
  std::int64_t n;
};

// Marks the rows of X (n x d, C order) that repeat an earlier row of X or any row of the blocks
// `existing` (each with d columns): dup[i] = 1 for those, 0 for the first copy of every value
// absent from `existing`. Two rows are equal when their entries compare equal (==): -0.0 equals
// 0.0, and a row holding NaN equals nothing, itself included, so it is never a duplicate.
//
// An open-addressing table (linear probing, load <= 1/2) holds the first copy of every distinct
// row of X; the rows of `existing` are streamed through it, never stored. Slots keep the row's
// index and the rest of its 64-bit hash as a tag, so rows are read back only when the tags agree.
// Time O((n + sum of existing rows) d) expected, memory O(n). With threads > 1 and enough rows,
// the rows are split by hash into one table per thread (each filled in index order) and the
// existing rows over the threads; the result is the same.
void duplicated(const double* X, std::int64_t n, std::int64_t d, const RowBlock* existing, std::int64_t n_blocks,
                std::uint8_t* dup, int threads = 1);

}  // namespace paretix

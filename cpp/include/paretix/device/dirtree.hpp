// A k-d tree over unit reference directions laid out for the GPU: implicit (heap-ordered nodes,
// node k's children 2k+1 and 2k+2, its rows a range fixed by halving), so a search needs only the
// split dimension and value per node and the points in leaf order. Built once on the host per set
// of directions (build_direction_tree), searched by one GPU thread per point (AssociateTree in
// kernels.hpp). The nearest direction it returns (smallest squared distance between unit vectors,
// ties to the lowest original index) is the exact answer, whatever the tree's shape.
#pragma once

#include <cstdint>
#include <vector>

#include "paretix/device/hd.hpp"

namespace paretix::dev {

constexpr i64 kTreeLeaf = 8;
constexpr int kTreeMaxDepth = 64;

struct DirTree {
  std::vector<double> pts;   // r x m unit directions in leaf order
  std::vector<i64> orig;     // original index of each leaf-order row
  std::vector<i64> dim;      // per heap node: split dimension, -1 for a leaf
  std::vector<double> split; // per heap node: split value (left <= split <= right)
  i64 pos0 = 0;              // leaf-order row of direction 0
};

// The tree over the unit vectors of W's rows (r x m; niching.hpp's unit_vector).
DirTree build_direction_tree(const double* W, i64 r, i64 m);

}  // namespace paretix::dev

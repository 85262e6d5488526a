// Hypervolume building blocks shared by the kernels in cpp/src/hv*.cpp (pure C++17).
//
// Every routine here takes points that are already filtered: row-major, stride d, every value
// finite and strictly below ref (so every box [p, ref) is non-empty and finite). Dominated and
// duplicate points are allowed unless a routine says otherwise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace paretix::hv {

// Volume of the box [p, ref) in the first d objectives.
inline double box_volume(const double* p, const double* ref, int d) {
  double v = 1.0;
  for (int j = 0; j < d; ++j) v *= ref[j] - p[j];
  return v;
}

// 1-D / 2-D: sort by the first objective, sweep. O(n log n).
double hv1d(const double* pts, std::size_t n, const double* ref);
double hv2d(const double* pts, std::size_t n, const double* ref);
// 3-D: points sorted by (z, y, x), sweep with the 2-D staircase of (x, y) in a balanced tree
// (std::map); the dominated area of the staircase is kept up to date in O(1) amortized per
// insertion. O(n log n) [Beume et al. 2009].
double hv3d(const double* pts, std::size_t n, const double* ref);
// 4-D: HV4D+ [Guerreiro & Fonseca 2018]: sweep over the 4th objective; each point's 3-D
// contribution to the points before it is computed in O(n) with linked lists ordered by z and
// per-point "closest" neighbours. O(n^2).
double hv4d(const double* pts, std::size_t n, const double* ref);
// The same on rows already ordered by ascending last objective (ties in any order), as the WFG
// recursion produces them: no sort, no allocation beyond reused per-thread buffers. hv2d_sorted
// needs the rows mutually non-dominated; the others accept dominated rows.
double hv2d_sorted(const double* pts, std::size_t n, const double* ref);
double hv3d_sorted(const double* pts, std::size_t n, const double* ref);
double hv4d_sorted(const double* pts, std::size_t n, const double* ref);
// d >= 2, any n: dispatch to the routines above and to WFG (d >= 5).
double hv_any(const double* pts, std::size_t n, int d, const double* ref);
// d >= 5: WFG [While, Bradstreet & Barone 2012] with the 4-D base case. `pts` may hold
// dominated points (they are pruned first).
double hv_wfg(const double* pts, std::size_t n, int d, const double* ref);

// Contributions (out has n entries). Duplicated points get 0 (every copy).
// 2-D, ignoring dominated points (they get 0). O(n log n).
void hvc2d(const double* pts, std::size_t n, const double* ref, double* out);
// 3-D dimension sweep (2-D with a constant third objective handles 2-D with dominated points).
void hvc3d(const double* pts, std::size_t n, const double* ref, bool ignore_dominated, double* out);
// Any d >= 2: hvc(p) = vol(p) - HV(nondominated({max(p, q) : q != p})), over all the given points
// (dominated ones included: the caller removes them first for ignore_dominated); 0 when another
// point weakly dominates p. The limit sets are built as WFG's are (axis pruning, vectorized
// dominance scans) and their hypervolumes computed by the d-dimensional exact algorithm.
void hvc_limit_set(const double* pts, std::size_t n, int d, const double* ref, double* out);

// Mask (1 = kept) of the rows that are not dominated; with keep_duplicates, every copy of a
// non-dominated point is kept, else only the first.
std::vector<std::uint8_t> nondominated_mask(const double* pts, std::size_t n, int d,
                                            bool keep_duplicates);

}  // namespace paretix::hv

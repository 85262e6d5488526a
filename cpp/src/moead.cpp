// MOEA/D kernels: k nearest weight vectors (k-d tree) and the generational replacement.
#include "paretix/moead.hpp"

#include <algorithm>
#include <numeric>
#include <utility>
#include <vector>

#include "paretix/threads.hpp"

namespace paretix::moead {

namespace {

constexpr std::int64_t kLeaf = 8;

struct Node {
  std::int64_t lo, hi;  // rows order[lo, hi)
  int dim;              // split dimension, -1 for a leaf
  double split;
  std::int64_t left, right;
};

struct Tree {
  std::vector<std::int64_t> order;
  std::vector<Node> nodes;
};

Tree build(const double* P, std::int64_t n, int d) {
  Tree t;
  t.order.resize(static_cast<std::size_t>(n));
  std::iota(t.order.begin(), t.order.end(), std::int64_t{0});
  std::vector<std::int64_t> stack{0};
  t.nodes.push_back({0, n, -1, 0.0, -1, -1});
  while (!stack.empty()) {
    const std::int64_t id = stack.back();
    stack.pop_back();
    const std::int64_t lo = t.nodes[id].lo, hi = t.nodes[id].hi;
    if (hi - lo <= kLeaf) continue;
    int best = 0;
    double spread = -1.0;
    for (int j = 0; j < d; ++j) {
      double a = P[t.order[lo] * d + j], b = a;
      for (std::int64_t r = lo + 1; r < hi; ++r) {
        const double v = P[t.order[r] * d + j];
        a = std::min(a, v);
        b = std::max(b, v);
      }
      if (b - a > spread) {
        spread = b - a;
        best = j;
      }
    }
    if (!(spread > 0.0)) continue;  // all rows equal: a leaf however large
    const std::int64_t mid = lo + (hi - lo) / 2;
    auto key = [&](std::int64_t r) { return P[r * d + best]; };
    std::nth_element(t.order.begin() + lo, t.order.begin() + mid, t.order.begin() + hi,
                     [&](std::int64_t a, std::int64_t b) { return key(a) < key(b) || (key(a) == key(b) && a < b); });
    const double split = key(t.order[mid]);
    const auto left = static_cast<std::int64_t>(t.nodes.size());
    t.nodes.push_back({lo, mid, -1, 0.0, -1, -1});
    t.nodes.push_back({mid, hi, -1, 0.0, -1, -1});
    Node& nd = t.nodes[id];
    nd.dim = best;
    nd.split = split;
    nd.left = left;
    nd.right = left + 1;
    stack.push_back(left);
    stack.push_back(left + 1);
  }
  return t;
}

using Cand = std::pair<double, std::int64_t>;  // (squared distance, index), compared as a pair

using Pending = std::pair<std::int64_t, double>;  // (node, a lower bound of its rows' distances)

void query(const Tree& t, const double* P, int d, int k, const double* q, std::vector<Cand>& heap,
           std::vector<Pending>& stack, std::int64_t* out) {
  heap.clear();
  stack.assign(1, Pending{0, 0.0});
  while (!stack.empty()) {
    const Pending top = stack.back();
    stack.pop_back();
    // rows at least `bound` away cannot enter a full heap; equal distances can (ties by index)
    if (static_cast<int>(heap.size()) == k && top.second > heap.front().first) continue;
    const Node& nd = t.nodes[top.first];
    if (nd.dim < 0) {
      for (std::int64_t r = nd.lo; r < nd.hi; ++r) {
        const std::int64_t i = t.order[r];
        double s = 0.0;
        for (int j = 0; j < d; ++j) {
          const double v = q[j] - P[i * d + j];
          s += v * v;
        }
        const Cand c{s, i};
        if (static_cast<int>(heap.size()) < k) {
          heap.push_back(c);
          std::push_heap(heap.begin(), heap.end());
        } else if (c < heap.front()) {
          std::pop_heap(heap.begin(), heap.end());
          heap.back() = c;
          std::push_heap(heap.begin(), heap.end());
        }
      }
      continue;
    }
    const double diff = q[nd.dim] - nd.split;
    const std::int64_t near = diff < 0.0 ? nd.left : nd.right, far = diff < 0.0 ? nd.right : nd.left;
    stack.push_back(Pending{far, std::max(top.second, diff * diff)});  // the far side's rows: >= diff^2
    stack.push_back(Pending{near, top.second});                        // popped first
  }
  std::sort_heap(heap.begin(), heap.end());
  for (int c = 0; c < k; ++c) out[c] = heap[static_cast<std::size_t>(c)].second;
}

}  // namespace

void knn(const double* P, std::int64_t n, int d, int k, std::int64_t* out, int threads) {
  if (n == 0 || k == 0) return;
  const Tree t = build(P, n, d);
  const std::int64_t per = 4096;
  const std::int64_t chunks = (n + per - 1) / per;
  const int parts = static_cast<int>(std::max<std::int64_t>(1, std::min<std::int64_t>(threads, chunks)));
  parallel_for(parts, [&](int part) {
    std::vector<Cand> heap;
    std::vector<Pending> stack;
    heap.reserve(static_cast<std::size_t>(k) + 1);
    const std::int64_t lo = n * part / parts, hi = n * (part + 1) / parts;
    for (std::int64_t i = lo; i < hi; ++i) query(t, P, d, k, P + i * d, heap, stack, out + i * k);
  });
}

void replace(const double* F, const double* cv, std::int64_t n, const double* Fc, const double* cvc,
             std::int64_t nc, const double* W, const std::int64_t* cand, std::int64_t n_cand,
             const Aggregation& agg, std::int64_t max_repl, std::int64_t* winner) {
  const int m = agg.m;
  std::fill(winner, winner + n, std::int64_t{-1});
  std::vector<double> best_g(static_cast<std::size_t>(n)), best_cv(static_cast<std::size_t>(n));
  // the incumbents' values, once each when the children test about every subproblem or more
  // (a generation); computed per test otherwise (one child of the sequential variant)
  std::vector<double> g_inc;
  if (nc * n_cand >= n) {
    g_inc.resize(static_cast<std::size_t>(n));
    for (std::int64_t k = 0; k < n; ++k) g_inc[static_cast<std::size_t>(k)] = aggregate(agg, F + k * m, W + k * m);
  }
  for (std::int64_t j = 0; j < nc; ++j) {
    const double* fc = Fc + j * m;
    std::int64_t count = 0;
    for (std::int64_t c = 0; c < n_cand && count < max_repl; ++c) {
      const std::int64_t k = cand[j * n_cand + c];
      const double* w = W + k * m;
      const double gc = aggregate(agg, fc, w);
      const double gi = g_inc.empty() ? aggregate(agg, F + k * m, w) : g_inc[static_cast<std::size_t>(k)];
      if (!better(cvc[j], gc, cv[k], gi)) continue;
      ++count;
      if (winner[k] < 0 || better(cvc[j], gc, best_cv[k], best_g[k])) {
        winner[k] = j;
        best_g[k] = gc;
        best_cv[k] = cvc[j];
      }
    }
  }
}

}  // namespace paretix::moead

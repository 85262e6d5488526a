// Hypervolume entry points (see hv.hpp): filter the points that count, dispatch by dimension.
#include "paretix/hv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "paretix/hv_detail.hpp"
#include "paretix/splitmix.hpp"

namespace paretix {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

bool strictly_inside(const double* p, const double* ref, std::int64_t d) {
  for (std::int64_t j = 0; j < d; ++j)
    if (!(p[j] < ref[j])) return false;
  return true;
}

// Indices of the rows that strictly dominate ref.
std::vector<std::int64_t> inside_rows(const double* points, std::int64_t n, std::int64_t d, const double* ref) {
  std::vector<std::int64_t> rows;
  rows.reserve(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i)
    if (strictly_inside(points + i * d, ref, d)) rows.push_back(i);
  return rows;
}

// The rows gathered into one buffer of stride `stride` (>= d; extra columns get `fill`).
std::vector<double> gather(const double* points, const std::vector<std::int64_t>& rows, std::int64_t d,
                           std::int64_t stride, double fill) {
  std::vector<double> out(rows.size() * static_cast<std::size_t>(stride), fill);
  for (std::size_t r = 0; r < rows.size(); ++r)
    std::copy(points + rows[r] * d, points + (rows[r] + 1) * d, out.begin() + static_cast<std::ptrdiff_t>(r * static_cast<std::size_t>(stride)));
  return out;
}

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

}  // namespace

double hypervolume(const double* points, std::int64_t n, std::int64_t d, const double* ref) {
  if (n <= 0 || d <= 0) return 0.0;
  const std::vector<std::int64_t> rows = inside_rows(points, n, d, ref);
  if (rows.empty()) return 0.0;
  for (std::int64_t j = 0; j < d; ++j)
    if (ref[j] == kInf) return kInf;
  std::vector<double> pts = gather(points, rows, d, d, 0.0);
  for (double v : pts)
    if (v == -kInf) return kInf;
  return hv::hv_any(pts.data(), rows.size(), static_cast<int>(d), ref);
}

void hv_contributions(const double* points, std::int64_t n, std::int64_t d, const double* ref,
                      bool ignore_dominated, double* out) {
  if (n <= 0) return;
  std::fill(out, out + n, 0.0);
  if (d <= 0) return;
  const std::vector<std::int64_t> rows = inside_rows(points, n, d, ref);
  const std::size_t k = rows.size();
  if (k == 0) return;
  std::vector<double> c(k, 0.0);
  if (d <= 2 && ignore_dominated) {
    // 1-D is 2-D with a constant second objective (its extent 1 leaves volumes unchanged).
    std::vector<double> pts = gather(points, rows, d, 2, 0.0);
    const double ref2[2] = {ref[0], d == 2 ? ref[1] : 1.0};
    hv::hvc2d(pts.data(), k, ref2, c.data());
  } else if (d <= 3) {
    std::vector<double> pts = gather(points, rows, d, 3, 0.0);
    const double ref3[3] = {ref[0], d >= 2 ? ref[1] : 1.0, d == 3 ? ref[2] : 1.0};
    hv::hvc3d(pts.data(), k, ref3, ignore_dominated, c.data());
  } else {
    std::vector<double> pts = gather(points, rows, d, d, 0.0);
    const int di = static_cast<int>(d);
    if (ignore_dominated) {
      const std::vector<std::uint8_t> keep = hv::nondominated_mask(pts.data(), k, di, true);
      std::vector<std::int64_t> sub;
      for (std::size_t r = 0; r < k; ++r)
        if (keep[r]) sub.push_back(static_cast<std::int64_t>(r));
      std::vector<double> spts = gather(pts.data(), sub, d, d, 0.0);
      std::vector<double> sc(sub.size());
      hv::hvc_limit_set(spts.data(), sub.size(), di, ref, sc.data());
      for (std::size_t r = 0; r < sub.size(); ++r) c[static_cast<std::size_t>(sub[r])] = sc[r];
    } else {
      hv::hvc_limit_set(pts.data(), k, di, ref, c.data());
    }
  }
  // Contributions are >= 0; a rounding residue below 0 (an exact 0 computed as a difference) is 0.
  for (std::size_t r = 0; r < k; ++r) out[rows[r]] = std::max(c[r], 0.0);
}

double mc_uniform(std::uint64_t seed, std::uint64_t counter) {
  SplitMix64 gen{mc_stream_key(seed) + counter * kGolden};
  return mc_to_unit(gen.next());
}

HvEstimate hypervolume_mc(const double* points, std::int64_t n, std::int64_t d, const double* ref,
                          std::int64_t n_samples, std::uint64_t seed) {
  HvEstimate est{0.0, 0.0, 0};
  if (n <= 0 || d <= 0 || n_samples <= 0) return est;
  const std::vector<std::int64_t> rows = inside_rows(points, n, d, ref);
  if (rows.empty()) {
    if (n_samples == 1) est.std_error = std::numeric_limits<double>::quiet_NaN();
    return est;
  }
  std::vector<double> all = gather(points, rows, d, d, 0.0);
  const std::size_t sd = static_cast<std::size_t>(d);
  // Only non-dominated points can be the first to dominate a sample; sort them by objective 0 so
  // that a sample is only compared with the prefix whose objective 0 is <= its own.
  const std::vector<std::uint8_t> keep = hv::nondominated_mask(all.data(), rows.size(), static_cast<int>(d), false);
  std::vector<std::uint32_t> order;
  for (std::size_t r = 0; r < rows.size(); ++r)
    if (keep[r]) order.push_back(static_cast<std::uint32_t>(r));
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return all[a * sd] < all[b * sd]; });
  std::vector<double> P(order.size() * sd);
  for (std::size_t r = 0; r < order.size(); ++r)
    std::copy(&all[order[r] * sd], &all[order[r] * sd] + sd, &P[r * sd]);
  std::vector<double> first(order.size());
  for (std::size_t r = 0; r < order.size(); ++r) first[r] = P[r * sd];
  std::vector<double> lo(sd), width(sd);
  for (std::size_t j = 0; j < sd; ++j) {
    double m = P[j];
    for (std::size_t r = 1; r < order.size(); ++r) m = std::min(m, P[r * sd + j]);
    lo[j] = m;
    width[j] = ref[j] - m;
  }
  double box = 1.0;
  for (std::size_t j = 0; j < sd; ++j) box *= width[j];

  SplitMix64 gen{mc_stream_key(seed)};  // samples in order: output i * d + j + 1 is (i, j)
  std::vector<double> s(sd);
  std::int64_t hits = 0;
  for (std::int64_t i = 0; i < n_samples; ++i) {
    mc_next_sample(gen, lo.data(), width.data(), sd, s.data());
    const std::size_t end = static_cast<std::size_t>(std::upper_bound(first.begin(), first.end(), s[0]) - first.begin());
    for (std::size_t r = 0; r < end; ++r) {
      const double* p = &P[r * sd];
      std::size_t j = 1;
      while (j < sd && p[j] <= s[j]) ++j;
      if (j == sd) {
        ++hits;
        break;
      }
    }
  }
  const double N = static_cast<double>(n_samples);
  const double f = static_cast<double>(hits) / N;
  est.value = box * f;
  est.std_error = n_samples > 1 ? box * std::sqrt(f * (1.0 - f) / (N - 1.0)) : std::numeric_limits<double>::quiet_NaN();
  est.n_dominated = hits;
  return est;
}

}  // namespace paretix

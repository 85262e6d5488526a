// Two-lane double vectors: GCC/Clang vector extensions (SSE2 on x86-64, NEON on arm64), or plain
// pairs elsewhere. Every operation is the lane-wise IEEE operation, so a lane computes exactly what
// the same scalar code computes (no -march, no fused multiply-add: see CMakeLists.txt).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace paretix::simd2 {

#if defined(__GNUC__) || defined(__clang__)
using V2 = double __attribute__((vector_size(16)));
using M2 = std::int64_t __attribute__((vector_size(16)));  // comparison result: all ones or zero
inline V2 select(M2 m, V2 a, V2 b) { return m ? a : b; }
inline V2 splat(double x) { return V2{x, x}; }
inline M2 mask2(std::int64_t a, std::int64_t b) { return M2{a, b}; }
#else
struct M2 {
  std::int64_t v[2];
  std::int64_t operator[](int i) const { return v[i]; }
  M2 operator&(M2 o) const { return {{v[0] & o.v[0], v[1] & o.v[1]}}; }
  M2 operator|(M2 o) const { return {{v[0] | o.v[0], v[1] | o.v[1]}}; }
  M2& operator&=(M2 o) { return *this = *this & o; }
  M2& operator|=(M2 o) { return *this = *this | o; }
};
struct V2 {
  double v[2];
  double operator[](int i) const { return v[i]; }
  V2& operator+=(V2 o) { v[0] += o.v[0], v[1] += o.v[1]; return *this; }
};
#define PARETIX_V2_CMP(op) \
  inline M2 operator op(V2 a, V2 b) { return {{-std::int64_t(a.v[0] op b.v[0]), -std::int64_t(a.v[1] op b.v[1])}}; }
PARETIX_V2_CMP(<)
PARETIX_V2_CMP(<=)
PARETIX_V2_CMP(>)
PARETIX_V2_CMP(==)
#undef PARETIX_V2_CMP
inline V2 select(M2 m, V2 a, V2 b) { return {{m.v[0] ? a.v[0] : b.v[0], m.v[1] ? a.v[1] : b.v[1]}}; }
inline V2 splat(double x) { return V2{{x, x}}; }
inline M2 mask2(std::int64_t a, std::int64_t b) { return M2{{a, b}}; }
#endif
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
inline V2 load2(const double* p) {
  V2 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline V2 vmin(V2 a, V2 b) { return select(a < b, a, b); }  // minpd on x86
inline bool any(M2 m) { return (m[0] | m[1]) != 0; }
#if defined(__GNUC__) || defined(__clang__)
inline V2 make2(double a, double b) { return V2{a, b}; }
#else
inline V2 make2(double a, double b) { return V2{{a, b}}; }
inline V2 operator+(V2 a, V2 b) { return {{a.v[0] + b.v[0], a.v[1] + b.v[1]}}; }
inline V2 operator-(V2 a, V2 b) { return {{a.v[0] - b.v[0], a.v[1] - b.v[1]}}; }
inline V2 operator*(V2 a, V2 b) { return {{a.v[0] * b.v[0], a.v[1] * b.v[1]}}; }
inline V2 operator/(V2 a, V2 b) { return {{a.v[0] / b.v[0], a.v[1] / b.v[1]}}; }
inline V2& operator-=(V2& a, V2 b) { return a = a - b; }
inline M2& operator-=(M2& a, M2 b) { return a = M2{{a.v[0] - b.v[0], a.v[1] - b.v[1]}}; }
#endif
inline V2 sqrt2(V2 a) { return make2(std::sqrt(a[0]), std::sqrt(a[1])); }
inline void store2(double* p, V2 v) { std::memcpy(p, &v, sizeof v); }

}  // namespace paretix::simd2

// The dev_* functions: device kernels on arrays given by their __cuda_array_interface__.
//
// Included by paretix._cuda (bind_cuda.cpp: launch() runs CUDA grids) and paretix._core
// (module.cpp: launch() is the host emulation), so both modules parse and check their arguments
// with this one code. Every array argument must expose __cuda_array_interface__ (CuPy arrays do),
// be C-contiguous, of the stated dtype and shape; outputs are written in place and must be
// writable. Nothing is allocated and nothing synchronises: each call enqueues kernels on `stream`
// (cupy.cuda.get_current_stream().ptr) and returns. Called from paretix.kernels; not public API.
#pragma once

#include <pybind11/pybind11.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "paretix/device/api.hpp"
#include "paretix/moead.hpp"
#include "paretix/variation.hpp"

namespace paretix::bind_device {

namespace py = pybind11;
using dev::i64;

struct View {
  void* ptr = nullptr;
  std::vector<i64> shape;
  i64 size = 1;
};

inline std::string shape_str(const std::vector<i64>& s) {
  std::string out = "(";
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + (s.size() == 1 ? ",)" : ")");
}

// The __cuda_array_interface__ typestr and the name in error messages of each argument dtype.
template <class T>
struct Dtype;
template <>
struct Dtype<double> {
  static constexpr const char* typestr = "<f8";
  static constexpr const char* name = "float64";
};
template <>
struct Dtype<std::int64_t> {
  static constexpr const char* typestr = "<i8";
  static constexpr const char* name = "int64";
};
template <>
struct Dtype<std::uint8_t> {  // flags: bool arrays pass too
  static constexpr const char* typestr = "|u1";
  static constexpr const char* name = "uint8 or bool";
};
template <>
struct Dtype<std::uint64_t> {
  static constexpr const char* typestr = "<u8";
  static constexpr const char* name = "uint64";
};

// The array behind `obj`, checked: dtype T, ndim and sizes of `shape` (-1: any), C-contiguous,
// writable when `write`, memory the kernels can reach (dev::check_pointer).
template <class T>
View view(py::handle obj, const char* name, std::initializer_list<i64> shape, bool write) {
  if (!py::hasattr(obj, "__cuda_array_interface__"))
    throw py::type_error(std::string(name) + " must be a device array (a CuPy array, or any object with "
                         "__cuda_array_interface__), got " + std::string(py::str(py::type::of(obj).attr("__name__"))));
  const py::dict cai = obj.attr("__cuda_array_interface__");
  const std::string ts = py::str(cai["typestr"]);
  const bool ok_type = ts == Dtype<T>::typestr || (std::is_same_v<T, std::uint8_t> && ts == "|b1");
  if (!ok_type)
    throw py::type_error(std::string(name) + " must have dtype " + Dtype<T>::name + ", got typestr '" + ts + "'");
  View v;
  for (const py::handle d : py::tuple(cai["shape"])) v.shape.push_back(d.cast<i64>());
  if (v.shape.size() != shape.size())
    throw py::value_error(std::string(name) + " must have " + std::to_string(shape.size()) + " dimension(s), got shape " +
                          shape_str(v.shape));
  std::size_t a = 0;
  for (const i64 want : shape) {
    if (want >= 0 && v.shape[a] != want)
      throw py::value_error(std::string(name) + " has shape " + shape_str(v.shape) + ", expected size " +
                            std::to_string(want) + " in dimension " + std::to_string(a));
    v.size *= v.shape[a++];
  }
  if (cai.contains("strides") && !cai["strides"].is_none() && v.size > 1) {
    i64 expect = static_cast<i64>(sizeof(T));
    const py::tuple st(cai["strides"]);
    for (std::size_t d = v.shape.size(); d-- > 0;) {
      if (v.shape[d] > 1 && st[d].cast<i64>() != expect)
        throw py::value_error(std::string(name) + " must be C-contiguous (use xp.ascontiguousarray)");
      expect *= v.shape[d];
    }
  }
  const py::tuple data(cai["data"]);
  v.ptr = reinterpret_cast<void*>(data[0].cast<std::uintptr_t>());
  if (write && data[1].cast<bool>()) throw py::value_error(std::string(name) + " is read-only but is written");
  if (v.size > 0) {
    try {
      dev::check_pointer(v.ptr, name);
    } catch (const std::invalid_argument& e) {
      throw py::value_error(e.what());
    }
  }
  return v;
}

template <class T>
const T* in(py::handle obj, const char* name, std::initializer_list<i64> shape, View* out = nullptr) {
  View v = view<T>(obj, name, shape, false);
  if (out) *out = v;
  return static_cast<const T*>(v.ptr);
}

template <class T>
T* out(py::handle obj, const char* name, std::initializer_list<i64> shape, View* vout = nullptr) {
  View v = view<T>(obj, name, shape, true);
  if (vout) *vout = v;
  return static_cast<T*>(v.ptr);
}

inline moead::Aggregation aggregation(py::handle ideal, py::handle scale, int method, double theta, i64 m) {
  if (method < 0 || method > 3) throw py::value_error("method must be 0..3, got " + std::to_string(method));
  moead::Aggregation a;
  a.method = method;
  a.m = static_cast<int>(m);
  a.theta = theta;
  a.ideal = in<double>(ideal, "ideal", {m});
  a.scale = in<double>(scale, "scale", {m});
  return a;
}

inline void bind(py::module_& m) {
  using u8 = std::uint8_t;
  m.attr("dev_launcher") = dev::launcher_name();

  m.def(
      "dev_rank_round",
      [](py::handle F, py::handle rank, py::handle flag, std::uintptr_t stream) {
        View vf;
        const double* f = in<double>(F, "F", {-1, -1}, &vf);
        const i64 n = vf.shape[0];
        dev::launch(dev::RankRound{f, vf.shape[1], in<i64>(rank, "rank", {n}), out<u8>(flag, "flag", {n})}, n, stream);
      },
      py::arg("F"), py::arg("rank"), py::arg("flag"), py::arg("stream") = 0,
      "One peeling round on lexicographically sorted F (n, m): flag[i] = 1 for the unranked points "
      "(rank -1) that no earlier unranked point dominates.");

  m.def(
      "dev_rank_filter",
      [](py::handle F, py::handle sample, py::handle rank, py::handle flag, std::uintptr_t stream) {
        View vf, vs;
        const double* f = in<double>(F, "F", {-1, -1}, &vf);
        const i64 n = vf.shape[0];
        const i64* s = in<i64>(sample, "sample", {-1}, &vs);
        dev::launch(dev::RankFilter{f, vf.shape[1], s, vs.shape[0], in<i64>(rank, "rank", {n}), out<u8>(flag, "flag", {n})},
                    n, stream);
      },
      py::arg("F"), py::arg("sample"), py::arg("rank"), py::arg("flag"), py::arg("stream") = 0,
      "flag[i] = 1 for the unranked points that no sample row (indices into F, in range) dominates.");

  m.def(
      "dev_scan_min",
      [](py::handle v, py::handle tot, i64 block, std::uintptr_t stream) {
        View vv, vt;
        i64* a = out<i64>(v, "v", {-1}, &vv);
        const i64 n = vv.shape[0];
        if (block < 1) throw py::value_error("block must be >= 1");
        const i64 nb = (n + block - 1) / block;
        i64* t = out<i64>(tot, "tot", {nb}, &vt);
        if (n == 0) return;
        dev::launch(dev::ScanMinBlocks{a, n, block, t}, nb, stream);
        dev::launch(dev::ScanMinTotals{t, nb}, 1, stream);
        dev::launch(dev::ScanMinApply{a, block, t}, n, stream);
      },
      py::arg("v"), py::arg("tot"), py::arg("block"), py::arg("stream") = 0,
      "v = its inclusive prefix minimum (int64, in place); tot: ceil(n / block) scratch.");

  m.def(
      "dev_unit_rows",
      [](py::handle W, py::handle U, std::uintptr_t stream) {
        View vw;
        const double* w = in<double>(W, "W", {-1, -1}, &vw);
        dev::launch(dev::UnitRows{w, vw.shape[1], out<double>(U, "U", {vw.shape[0], vw.shape[1]})}, vw.shape[0], stream);
      },
      py::arg("W"), py::arg("U"), py::arg("stream") = 0, "U = the unit vectors of W's rows (zero rows stay zero).");

  m.def(
      "dev_associate",
      [](py::handle F, py::handle U, py::handle niche, py::handle dist, std::uintptr_t stream) {
        View vf, vu;
        const double* f = in<double>(F, "F", {-1, -1}, &vf);
        const i64 n = vf.shape[0], mm = vf.shape[1];
        const double* u = in<double>(U, "U", {-1, mm}, &vu);
        if (vu.shape[0] < 1) throw py::value_error("U must have at least one direction");
        dev::launch(dev::Associate{f, u, vu.shape[0], mm, out<i64>(niche, "niche", {n}), out<double>(dist, "dist", {n})},
                    n, stream);
      },
      py::arg("F"), py::arg("U"), py::arg("niche"), py::arg("dist"), py::arg("stream") = 0,
      "NSGA-III association of F (n, m) with the unit directions U (r, m).");

  m.def(
      "dev_associate_tree",
      [](py::handle F, py::handle P, py::handle orig, py::handle dim, py::handle split, i64 pos0, py::handle niche,
         py::handle dist, std::uintptr_t stream) {
        View vf, vp, vd;
        const double* f = in<double>(F, "F", {-1, -1}, &vf);
        const i64 n = vf.shape[0], mm = vf.shape[1];
        const double* p = in<double>(P, "P", {-1, mm}, &vp);
        const i64 r = vp.shape[0];
        if (r < 1 || pos0 < 0 || pos0 >= r) throw py::value_error("P must hold at least one direction, pos0 in range");
        const i64* d = in<i64>(dim, "dim", {-1}, &vd);
        dev::launch(dev::AssociateTree{f, p, in<i64>(orig, "orig", {r}), d, in<double>(split, "split", {vd.shape[0]}),
                                       vd.shape[0], r, mm, pos0, out<i64>(niche, "niche", {n}),
                                       out<double>(dist, "dist", {n})},
                    n, stream);
      },
      py::arg("F"), py::arg("P"), py::arg("orig"), py::arg("dim"), py::arg("split"), py::arg("pos0"), py::arg("niche"),
      py::arg("dist"), py::arg("stream") = 0,
      "NSGA-III association of F (n, m) through a direction tree (paretix._core.direction_tree).");

  m.def(
      "dev_niche_keys",
      [](py::handle ids, std::uint64_t seed, std::uint64_t level, py::handle keys, std::uintptr_t stream) {
        View vi;
        const i64* id = in<i64>(ids, "ids", {-1}, &vi);
        const i64 n = vi.shape[0];
        dev::launch(dev::NicheKeys{id, seed, level, out<std::uint64_t>(keys, "keys", {n})}, n, stream);
      },
      py::arg("ids"), py::arg("seed"), py::arg("level"), py::arg("keys"), py::arg("stream") = 0,
      "keys[q] = niche_hash(seed, level, ids[q], 0) (niching.hpp).");

  m.def(
      "dev_niche_pick",
      [](py::handle start, py::handle members, py::handle left, py::handle count, py::handle dist, py::handle ids,
         std::uint64_t seed, std::uint64_t level, py::handle selected, std::uintptr_t stream) {
        View vs, vm, vi;
        const i64* st = in<i64>(start, "start", {-1}, &vs);
        const i64 r = vs.shape[0] - 1;
        if (r < 1) throw py::value_error("start must have r + 1 >= 2 entries");
        i64* mem = out<i64>(members, "members", {-1}, &vm);
        const i64* id = in<i64>(ids, "ids", {-1}, &vi);
        const i64 n = vi.shape[0];
        dev::launch(dev::NichePick{st, mem, out<i64>(left, "left", {r}), out<i64>(count, "count", {r}),
                                   in<double>(dist, "dist", {vm.shape[0]}), id, seed, level,
                                   out<i64>(selected, "selected", {n})},
                    n, stream);
      },
      py::arg("start"), py::arg("members"), py::arg("left"), py::arg("count"), py::arg("dist"), py::arg("ids"),
      py::arg("seed"), py::arg("level"), py::arg("selected"), py::arg("stream") = 0,
      "One niching level: niche ids[q] (distinct, each with a candidate left) gives selected[q].");

  m.def(
      "dev_sbx_pm",
      [](py::handle X, py::handle parents, py::handle xl, py::handle xu, double s_eta, double s_prob, double s_prob_var,
         double s_prob_swap, double m_eta, double m_prob, double m_prob_var, py::handle R, py::handle Y,
         std::uintptr_t stream) {
        View vx, vp;
        const double* x = in<double>(X, "X", {-1, -1}, &vx);
        const i64 n_var = vx.shape[1];
        const i64* par = in<i64>(parents, "parents", {-1}, &vp);
        if (vp.shape[0] % 2) throw py::value_error("parents must hold pairs (an even length)");
        const i64 n_pairs = vp.shape[0] / 2;
        const dev::SbxPm body{x,
                              par,
                              n_var,
                              in<double>(xl, "xl", {n_var}),
                              in<double>(xu, "xu", {n_var}),
                              variation::SbxConst(variation::Sbx{s_eta, s_prob, s_prob_var, s_prob_swap}),
                              variation::PmConst(variation::Pm{m_eta, m_prob, m_prob_var}),
                              in<double>(R, "R", {n_pairs, variation::sbx_pm_width(n_var)}),
                              out<double>(Y, "Y", {2 * n_pairs, n_var})};
        dev::launch(body, n_pairs, stream);
      },
      py::arg("X"), py::arg("parents"), py::arg("xl"), py::arg("xu"), py::arg("sbx_eta"), py::arg("sbx_prob"),
      py::arg("sbx_prob_var"), py::arg("sbx_prob_swap"), py::arg("pm_eta"), py::arg("pm_prob"), py::arg("pm_prob_var"),
      py::arg("R"), py::arg("Y"), py::arg("stream") = 0,
      "Fused SBX + PM of the pairs in parents, draws from R (n_pairs, 3 + 7 n_var), into Y (2 n_pairs, n_var). "
      "Parents are row indices of X; they are not range-checked here.");

  m.def(
      "dev_hype_alpha",
      [](i64 k, i64 n, py::handle alpha, std::uintptr_t stream) {
        if (k < 1 || k > n) throw py::value_error("need 1 <= k <= n");
        dev::launch(dev::HypeAlpha{k, n, out<double>(alpha, "alpha", {k + 1})}, 1, stream);
      },
      py::arg("k"), py::arg("n"), py::arg("alpha"), py::arg("stream") = 0, "HypE's alpha[0..k] on the device.");

  m.def(
      "dev_mc_count",
      [](py::handle P, py::handle use, py::handle lo, py::handle width, std::uint64_t seed, py::handle alpha, i64 k,
         py::handle cnt, py::handle hit, py::handle w, i64 n_samples, std::uintptr_t stream) {
        View vp;
        const double* p = in<double>(P, "P", {-1, -1}, &vp);
        const i64 n = vp.shape[0], d = vp.shape[1];
        if (n_samples < 0) throw py::value_error("n_samples must be >= 0");
        const double* a = alpha.is_none() ? nullptr : in<double>(alpha, "alpha", {k + 1});
        double* ww = w.is_none() ? nullptr : out<double>(w, "w", {n_samples});
        if ((a == nullptr) != (ww == nullptr)) throw py::value_error("alpha and w go together");
        i64* c = out<i64>(cnt, "cnt", {n_samples});
        const i64 chunk = std::max<i64>(256, (n + 63) / 64), n_chunks = std::max<i64>(1, (n + chunk - 1) / chunk);
        dev::launch(dev::McCountChunk{p, in<u8>(use, "use", {n}), n, d, in<double>(lo, "lo", {d}),
                                      in<double>(width, "width", {d}), mc_stream_key(seed), chunk, n_chunks, c},
                    n_samples * n_chunks, stream);
        dev::launch(dev::McWeights{c, a, k, out<u8>(hit, "hit", {n_samples}), ww}, n_samples, stream);
      },
      py::arg("P"), py::arg("use"), py::arg("lo"), py::arg("width"), py::arg("seed"), py::arg("alpha"), py::arg("k"),
      py::arg("cnt"), py::arg("hit"), py::arg("w"), py::arg("n_samples"), py::arg("stream") = 0,
      "Per Monte Carlo sample (hypervolume_mc's stream): its dominators among the used points, added to cnt "
      "(zeros on entry), whether any (hit), and HypE's weight w.");

  m.def(
      "dev_hype_accumulate",
      [](py::handle P, py::handle use, py::handle lo, py::handle width, std::uint64_t seed, py::handle w, i64 n_samples,
         py::handle fit, std::uintptr_t stream) {
        View vp;
        const double* p = in<double>(P, "P", {-1, -1}, &vp);
        const i64 n = vp.shape[0], d = vp.shape[1];
        if (n_samples < 1) throw py::value_error("n_samples must be >= 1");
        const i64 block = std::max<i64>(1024, (n_samples + 63) / 64);  // hype.cpp's block_size
        dev::launch(dev::HypeAccumulate{p, in<u8>(use, "use", {n}), d, in<double>(lo, "lo", {d}),
                                        in<double>(width, "width", {d}), mc_stream_key(seed), in<double>(w, "w", {n_samples}),
                                        n_samples, block, out<double>(fit, "fit", {n})},
                    n, stream);
      },
      py::arg("P"), py::arg("use"), py::arg("lo"), py::arg("width"), py::arg("seed"), py::arg("w"), py::arg("n_samples"),
      py::arg("fit"), py::arg("stream") = 0, "HypE fitness per point from the sample weights w.");

  m.def(
      "dev_moead_aggregate",
      [](py::handle F, py::handle W, py::handle ideal, py::handle scale, int method, double theta, py::handle g,
         std::uintptr_t stream) {
        View vf;
        const double* f = in<double>(F, "F", {-1, -1}, &vf);
        const i64 n = vf.shape[0], mm = vf.shape[1];
        dev::launch(dev::MoeadAggregate{f, in<double>(W, "W", {n, mm}), aggregation(ideal, scale, method, theta, mm),
                                        out<double>(g, "g", {n})},
                    n, stream);
      },
      py::arg("F"), py::arg("W"), py::arg("ideal"), py::arg("scale"), py::arg("method"), py::arg("theta"), py::arg("g"),
      py::arg("stream") = 0, "g[i] = the aggregation of F[i] for the weight vector W[i].");

  m.def(
      "dev_moead_improve",
      [](py::handle Fc, py::handle cvc, py::handle W, py::handle cand, py::handle cv, py::handle g_inc, py::handle ideal,
         py::handle scale, int method, double theta, py::handle sub, py::handle gsub, std::uintptr_t stream) {
        View vf, vw, vc, vs;
        const double* fc = in<double>(Fc, "F_child", {-1, -1}, &vf);
        const i64 nc = vf.shape[0], mm = vf.shape[1];
        const double* w = in<double>(W, "W", {-1, mm}, &vw);
        const i64 n = vw.shape[0];
        const i64* c = in<i64>(cand, "candidates", {nc, -1}, &vc);
        i64* s = out<i64>(sub, "sub", {nc, -1}, &vs);
        dev::launch(dev::MoeadImprove{fc, in<double>(cvc, "cv_child", {nc}), w, c, vc.shape[1], in<double>(cv, "cv", {n}),
                                      in<double>(g_inc, "g_inc", {n}), aggregation(ideal, scale, method, theta, mm),
                                      vs.shape[1], s, out<double>(gsub, "gsub", {nc, vs.shape[1]})},
                    nc, stream);
      },
      py::arg("F_child"), py::arg("cv_child"), py::arg("W"), py::arg("candidates"), py::arg("cv"), py::arg("g_inc"),
      py::arg("ideal"), py::arg("scale"), py::arg("method"), py::arg("theta"), py::arg("sub"), py::arg("gsub"),
      py::arg("stream") = 0,
      "Per child: the first sub.shape[1] candidate subproblems it improves (sub, -1 after the last) and its values there.");
}

}  // namespace paretix::bind_device

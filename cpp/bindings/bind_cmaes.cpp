// Bindings of the batched CMA-ES kernels (cmaes.hpp): shape checks, output allocation, GIL release.
// State arrays updated in place are taken with noconvert(): a converted temporary would silently
// drop the update, so a wrong dtype or layout raises TypeError instead.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bitgen.hpp"
#include "paretix/cmaes.hpp"

namespace py = pybind11;

namespace {

using Array = py::array_t<double, py::array::c_style>;
using Index = py::array_t<std::int64_t, py::array::c_style>;
using Mask = py::array_t<std::uint8_t, py::array::c_style>;

void require_shape(const py::array& a, const std::vector<py::ssize_t>& shape, const char* name) {
  bool ok = a.ndim() == static_cast<py::ssize_t>(shape.size());
  for (std::size_t i = 0; ok && i < shape.size(); ++i) ok = a.shape(static_cast<py::ssize_t>(i)) == shape[i];
  if (!ok) {
    std::string want = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) want += (i ? ", " : "") + std::to_string(shape[i]);
    std::string got = "(";
    for (py::ssize_t i = 0; i < a.ndim(); ++i) got += (i ? ", " : "") + std::to_string(a.shape(i));
    throw py::value_error(std::string(name) + " must have shape " + want + (shape.size() == 1 ? ",)" : ")") +
                          ", got " + got + (a.ndim() == 1 ? ",)" : ")"));
  }
}

void require_lam(const Index& lam, py::ssize_t L) {
  for (py::ssize_t b = 0; b < lam.shape(0); ++b)
    if (lam.data()[b] < 1 || lam.data()[b] > L)
      throw py::value_error("lam values must lie in [1, " + std::to_string(L) + "], got " +
                            std::to_string(lam.data()[b]));
}

struct SampleDims {
  py::ssize_t B, L, n;
};

// The shape checks shared by cma_sample and cma_sample_draw.
SampleDims check_sample(const Array& mean, const Array& sigma, const std::optional<Array>& Bm, const Array& D,
                        const Array& Z, const Index& lam, const Array& Y, const Array& X) {
  if (mean.ndim() != 2) throw py::value_error("mean must be 2-D (B, n)");
  const auto B = mean.shape(0), n = mean.shape(1);
  if (Z.ndim() != 3) throw py::value_error("Z must be 3-D (B, L, n)");
  const auto L = Z.shape(1);
  require_shape(sigma, {B}, "sigma");
  require_shape(D, {B, n}, "D");
  require_shape(Z, {B, L, n}, "Z");
  require_shape(lam, {B}, "lam");
  if (Bm) require_shape(*Bm, {B, n, n}, "Bm");
  require_shape(Y, {B, L, n}, "Y");
  require_shape(X, {B, L, n}, "X");
  require_lam(lam, L);
  return {B, L, n};
}

// Fill Z, Y, X through the kernel with normals from the numpy Generator (or BitGenerator) rng: the
// draws of rng.standard_normal(out=Z) (see bitgen.hpp for how the words are drawn).
void sample_draw(const py::object& rng, const SampleDims& dims, const Array& mean, const Array& sigma,
                 const std::optional<Array>& Bm, const Array& D, const Index& lam, Array& Z, Array& Y, Array& X) {
  const auto [B, L, n] = dims;
  const double* bm = Bm ? Bm->data() : nullptr;
  paretix::bind::with_bit_generator(
      rng, B * L * n, [&](paretix::rng::BitGen* gen, std::uint64_t* state, const std::uint64_t* inc) {
#if PARETIX_HAVE_PCG64
        if (state != nullptr) {
          paretix::cma::sample_draw_pcg64(state, inc, mean.data(), sigma.data(), bm, D.data(), lam.data(), B, L, n,
                                          Z.mutable_data(), Y.mutable_data(), X.mutable_data());
          return;
        }
#endif
        (void)inc;
        paretix::cma::sample_draw(gen, mean.data(), sigma.data(), bm, D.data(), lam.data(), B, L, n,
                                  Z.mutable_data(), Y.mutable_data(), X.mutable_data());
      });
}

}  // namespace

void bind_cmaes(py::module_& m) {
  m.def(
      "cma_sample",
      [](const Array& mean, const Array& sigma, const std::optional<Array>& Bm, const Array& D, const Array& Z,
         const Index& lam, Array Y, Array X) {
        const auto [B, L, n] = check_sample(mean, sigma, Bm, D, Z, lam, Y, X);
        {
          py::gil_scoped_release nogil;
          paretix::cma::sample(mean.data(), sigma.data(), Bm ? Bm->data() : nullptr, D.data(), Z.data(), lam.data(),
                               B, L, n, Y.mutable_data(), X.mutable_data());
        }
      },
      py::arg("mean"), py::arg("sigma"), py::arg("Bm").none(true), py::arg("D"), py::arg("Z"), py::arg("lam"),
      py::arg("Y").noconvert(), py::arg("X").noconvert(),
      "y = Bm (D * z), x = mean + sigma * y for the active rows of every instance, written into Y and X.");

  m.def(
      "cma_sample_draw",
      [](const py::object& rng, const Array& mean, const Array& sigma, const std::optional<Array>& Bm,
         const Array& D, const Index& lam, Array Z, Array Y, Array X) {
        sample_draw(rng, check_sample(mean, sigma, Bm, D, Z, lam, Y, X), mean, sigma, Bm, D, lam, Z, Y, X);
      },
      py::arg("rng"), py::arg("mean"), py::arg("sigma"), py::arg("Bm").none(true), py::arg("D"), py::arg("lam"),
      py::arg("Z").noconvert(), py::arg("Y").noconvert(), py::arg("X").noconvert(),
      "cma_sample with Z filled first from rng (numpy Generator): the draws of rng.standard_normal(out=Z).");

  m.def(
      "cma_update",
      [](const Array& f, const std::optional<Array>& cv, const Index& lam, const Array& Z, const Array& Y,
         const Array& weights, const Array& params, const Index& g, Array mean, Array sigma, Array C, Array ps,
         Array pc, const std::optional<Array>& Bm, bool diagonal, Index order, Array hsig) {
        if (mean.ndim() != 2) throw py::value_error("mean must be 2-D (B, n)");
        const auto B = mean.shape(0), n = mean.shape(1);
        if (f.ndim() != 2) throw py::value_error("f must be 2-D (B, L)");
        const auto L = f.shape(1);
        require_shape(f, {B, L}, "f");
        if (cv) require_shape(*cv, {B, L}, "cv");
        require_shape(lam, {B}, "lam");
        require_shape(Z, {B, L, n}, "Z");
        require_shape(Y, {B, L, n}, "Y");
        require_shape(weights, {B, L}, "weights");
        require_shape(params, {B, paretix::cma::kNumParams}, "params");
        require_shape(g, {B}, "g");
        require_shape(sigma, {B}, "sigma");
        if (diagonal) {
          require_shape(C, {B, n}, "C");
        } else {
          require_shape(C, {B, n, n}, "C");
          if (Bm) require_shape(*Bm, {B, n, n}, "Bm");  // None: samples drawn through a Cholesky factor
        }
        require_shape(ps, {B, n}, "ps");
        require_shape(pc, {B, n}, "pc");
        require_shape(order, {B, L}, "order");
        require_shape(hsig, {B}, "hsig");
        require_lam(lam, L);
        {
          py::gil_scoped_release nogil;
          paretix::cma::update(f.data(), cv ? cv->data() : nullptr, lam.data(), Z.data(), Y.data(), weights.data(),
                               params.data(), g.data(), B, L, n, diagonal, mean.mutable_data(), sigma.mutable_data(),
                               C.mutable_data(), ps.mutable_data(), pc.mutable_data(),
                               diagonal || !Bm ? nullptr : Bm->data(), order.mutable_data(), hsig.mutable_data());
        }
      },
      py::arg("f"), py::arg("cv").none(true), py::arg("lam"), py::arg("Z"), py::arg("Y"), py::arg("weights"),
      py::arg("params"), py::arg("g"), py::arg("mean").noconvert(), py::arg("sigma").noconvert(),
      py::arg("C").noconvert(), py::arg("ps").noconvert(), py::arg("pc").noconvert(), py::arg("Bm").none(true),
      py::arg("diagonal"), py::arg("order").noconvert(), py::arg("hsig").noconvert(),
      "One CMA-ES generation for every instance, in place; the ranking goes into order, h_sigma into hsig.");

  m.def(
      "cma_decompose",
      [](Array C, const Mask& which, Array Bm, Array D) {
        if (C.ndim() != 3 || C.shape(1) != C.shape(2)) throw py::value_error("C must be 3-D (B, n, n)");
        const auto B = C.shape(0), n = C.shape(1);
        require_shape(which, {B}, "which");
        require_shape(Bm, {B, n, n}, "Bm");
        require_shape(D, {B, n}, "D");
        std::int64_t floored;
        {
          py::gil_scoped_release nogil;
          floored = paretix::cma::decompose(C.mutable_data(), which.data(), B, n, Bm.mutable_data(),
                                            D.mutable_data());
        }
        return floored;
      },
      py::arg("C").noconvert(), py::arg("which"), py::arg("Bm").noconvert(), py::arg("D").noconvert(),
      "Eigendecomposition (Householder + implicit QL) of the selected instances, in place.");

  m.def(
      "cma_cholesky",
      [](Array C, const Mask& which, Array A) {
        if (C.ndim() != 3 || C.shape(1) != C.shape(2)) throw py::value_error("C must be 3-D (B, n, n)");
        const auto B = C.shape(0), n = C.shape(1);
        require_shape(which, {B}, "which");
        require_shape(A, {B, n, n}, "A");
        std::int64_t repaired;
        {
          py::gil_scoped_release nogil;
          repaired = paretix::cma::cholesky(C.mutable_data(), which.data(), B, n, A.mutable_data());
        }
        return repaired;
      },
      py::arg("C").noconvert(), py::arg("which"), py::arg("A").noconvert(),
      "Cholesky factors of the selected covariances (eigen repair when not positive definite), in place.");

  m.def(
      "cma_stop_flags",
      [](const Index& rows, const Array& sigma, const Array& mean, const Array& C, const Array& D, const Array& pc,
         const std::optional<Array>& Bm, const Array& sigma0, const Array& stds, const Index& g, double tolx,
         double tolfacupx, double tolconditioncov, const Index& bits, Index flags) {
        if (mean.ndim() != 2) throw py::value_error("mean must be 2-D (B, n)");
        const auto B = mean.shape(0), n = mean.shape(1);
        if (rows.ndim() != 1) throw py::value_error("rows must be 1-D");
        const auto k = rows.shape(0);
        require_shape(sigma, {B}, "sigma");
        if (Bm) {
          require_shape(C, {B, n, n}, "C");
          require_shape(*Bm, {B, n, n}, "Bm");
        } else {
          require_shape(C, {B, n}, "C");
        }
        require_shape(D, {B, n}, "D");
        require_shape(pc, {B, n}, "pc");
        require_shape(sigma0, {B}, "sigma0");
        require_shape(stds, {B, n}, "stds");
        require_shape(g, {B}, "g");
        require_shape(bits, {paretix::cma::kNumStopBits}, "bits");
        require_shape(flags, {k}, "flags");
        for (py::ssize_t r = 0; r < k; ++r)
          if (rows.data()[r] < 0 || rows.data()[r] >= B)
            throw py::value_error("rows must lie in [0, " + std::to_string(B) + "), got " +
                                  std::to_string(rows.data()[r]));
        {
          py::gil_scoped_release nogil;
          paretix::cma::stop_flags(rows.data(), k, sigma.data(), mean.data(), C.data(), D.data(), pc.data(),
                                   Bm ? Bm->data() : nullptr, sigma0.data(), stds.data(), g.data(), n, tolx,
                                   tolfacupx, tolconditioncov, bits.data(), flags.mutable_data());
        }
      },
      py::arg("rows"), py::arg("sigma"), py::arg("mean"), py::arg("C"), py::arg("D"), py::arg("pc"),
      py::arg("Bm").none(true), py::arg("sigma0"), py::arg("stds"), py::arg("g"), py::arg("tolx"),
      py::arg("tolfacupx"), py::arg("tolconditioncov"), py::arg("bits"), py::arg("flags").noconvert(),
      "Per-coordinate CMA-ES stopping criteria of the instances rows, one flag word each, into flags.");

  m.def(
      "cma_record",
      [](const Index& rows, const Array& f, const std::optional<Array>& fit, const std::optional<Array>& cv,
         const Index& order, const Index& lam, const Index& g, const Index& n_eval, const Array& maxiter,
         const Array& X, Array fbest, Array cvbest, Array xbest, Index best_eval, Index best_k, Mask improved,
         Index flat, Array funhist, const Index& funhist_cap, std::optional<Array> stag_best,
         std::optional<Array> stag_med, const std::optional<Index>& stag_cap, double tolfun,
         std::int64_t tolflatfitness, double ftarget, double max_evals, const Index& bits, Index flags) {
        if (X.ndim() != 3) throw py::value_error("X must be 3-D (B, L, n)");
        const auto B = X.shape(0), L = X.shape(1), n = X.shape(2);
        if (rows.ndim() != 1) throw py::value_error("rows must be 1-D");
        const auto k = rows.shape(0);
        require_shape(f, {k, L}, "f");
        if (fit) require_shape(*fit, {k, L}, "fit");
        if (cv) require_shape(*cv, {k, L}, "cv");
        require_shape(order, {k, L}, "order");
        require_shape(lam, {B}, "lam");
        require_shape(g, {B}, "g");
        require_shape(n_eval, {B}, "n_eval");
        require_shape(best_eval, {B}, "best_eval");
        require_shape(best_k, {B}, "best_k");
        require_shape(flat, {B}, "flat");
        require_shape(funhist_cap, {B}, "funhist_cap");
        require_shape(maxiter, {B}, "maxiter");
        require_shape(fbest, {B}, "fbest");
        require_shape(cvbest, {B}, "cvbest");
        require_shape(xbest, {B, n}, "xbest");
        require_shape(improved, {B}, "improved");
        if (funhist.ndim() != 2) throw py::value_error("funhist must be 2-D (W, B)");
        require_shape(funhist, {funhist.shape(0), B}, "funhist");
        if (stag_best.has_value() != stag_med.has_value() || stag_best.has_value() != stag_cap.has_value())
          throw py::value_error("stag_best, stag_med and stag_cap must be given together");
        if (stag_best) {
          if (stag_best->ndim() != 2) throw py::value_error("stag_best must be 2-D (W, B)");
          require_shape(*stag_best, {stag_best->shape(0), B}, "stag_best");
          require_shape(*stag_med, {stag_best->shape(0), B}, "stag_med");
          require_shape(*stag_cap, {B}, "stag_cap");
        }
        require_shape(bits, {paretix::cma::kNumRecordBits}, "bits");
        require_shape(flags, {k}, "flags");
        require_lam(lam, L);
        auto check_cap = [B](const Index& cap, py::ssize_t W, const char* name) {
          for (py::ssize_t b = 0; b < B; ++b)
            if (cap.data()[b] < 1 || cap.data()[b] > W)
              throw py::value_error(std::string(name) + " values must lie in [1, " + std::to_string(W) + "]");
        };
        check_cap(funhist_cap, funhist.shape(0), "funhist_cap");
        if (stag_best) check_cap(*stag_cap, stag_best->shape(0), "stag_cap");
        for (py::ssize_t t = 0; t < k; ++t) {
          const auto b = rows.data()[t];
          if (b < 0 || b >= B)
            throw py::value_error("rows must lie in [0, " + std::to_string(B) + "), got " + std::to_string(b));
          if (g.data()[b] < 1) throw py::value_error("g must count this generation (>= 1) for every row");
          for (std::int64_t i = 0; i < lam.data()[b]; ++i) {
            const auto o = order.data()[t * L + i];
            if (o < 0 || o >= L) throw py::value_error("order must hold column indices in [0, L) (from cma_update)");
          }
        }
        paretix::cma::RecordState st{B,
                                     fbest.mutable_data(),
                                     cvbest.mutable_data(),
                                     xbest.mutable_data(),
                                     best_eval.mutable_data(),
                                     best_k.mutable_data(),
                                     improved.mutable_data(),
                                     flat.mutable_data(),
                                     funhist.mutable_data(),
                                     funhist_cap.data(),
                                     funhist.shape(0),
                                     stag_best ? stag_best->mutable_data() : nullptr,
                                     stag_med ? stag_med->mutable_data() : nullptr,
                                     stag_cap ? stag_cap->data() : nullptr};
        {
          py::gil_scoped_release nogil;
          paretix::cma::record(rows.data(), k, f.data(), fit ? fit->data() : nullptr, cv ? cv->data() : nullptr,
                               order.data(), lam.data(), g.data(), n_eval.data(), maxiter.data(), X.data(), L, n, st,
                               tolfun, tolflatfitness, ftarget, max_evals, bits.data(), flags.mutable_data());
        }
      },
      py::arg("rows"), py::arg("f"), py::arg("fit").none(true), py::arg("cv").none(true), py::arg("order"),
      py::arg("lam"), py::arg("g"), py::arg("n_eval"), py::arg("maxiter"), py::arg("X"), py::arg("fbest").noconvert(),
      py::arg("cvbest").noconvert(), py::arg("xbest").noconvert(), py::arg("best_eval").noconvert(),
      py::arg("best_k").noconvert(), py::arg("improved").noconvert(), py::arg("flat").noconvert(),
      py::arg("funhist").noconvert(), py::arg("funhist_cap"), py::arg("stag_best").noconvert().none(true),
      py::arg("stag_med").noconvert().none(true), py::arg("stag_cap").none(true), py::arg("tolfun"),
      py::arg("tolflatfitness"), py::arg("ftarget"), py::arg("max_evals"), py::arg("bits"),
      py::arg("flags").noconvert(),
      "One generation's CMA-ES bookkeeping (best so far, histories, criteria on f) of the instances rows.");
}

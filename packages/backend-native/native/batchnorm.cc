// Batch normalisation over the last (channel) axis: the forward pass with given statistics on
// oneDNN, and the fused training-mode backward pass that also accounts for the batch mean and
// variance depending on the input (one kernel instead of a dozen broadcast operations).
#include <omp.h>

#include <algorithm>
#include <cmath>

#include "common.h"
#include "dnnl_context.h"

namespace signflow {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;
using flags = dnnl::normalization_flags;

// NHWC data of shape [n, h, w, c]; other ranks arrive collapsed to [rows, 1, 1, c].
memory::dims DataDims(const std::vector<int64_t>& nhwc) {
  return {nhwc[0], nhwc[3], nhwc[1], nhwc[2]};
}

flags Flags(bool scale, bool shift, bool global_stats) {
  auto f = static_cast<flags>(0);
  if (scale) f = f | flags::use_scale;
  if (shift) f = f | flags::use_shift;
  if (global_stats) f = f | flags::use_global_stats;
  return f;
}

struct ForwardEntry : CachedEntry {
  dnnl::batch_normalization_forward::primitive_desc pd;
  dnnl::batch_normalization_forward bn;
};

// batchNorm(x, mean, variance, scale | null, offset | null, y, nhwc, epsilon)
Napi::Value BatchNorm(const Napi::CallbackInfo& info) {
  const auto nhwc = Ints(info[6]);
  const float epsilon = Float(info[7]);
  float* scale = OptionalF32(info[3], "scale");
  float* offset = OptionalF32(info[4], "offset");
  const memory::dims dims = DataDims(nhwc);
  std::vector<int64_t> key = nhwc;
  key.push_back(scale != nullptr);
  key.push_back(offset != nullptr);
  key.push_back(static_cast<int64_t>(static_cast<double>(epsilon) * 1e12));
  auto& e = Cached<ForwardEntry>(CacheKey("bn_fwd", key), [&] {
    auto* entry = new ForwardEntry;
    dnnl::batch_normalization_forward::desc desc(
        dnnl::prop_kind::forward_inference, memory::desc(dims, dt::f32, tag::nhwc), epsilon,
        Flags(scale != nullptr, offset != nullptr, true));
    entry->pd = {desc, ScratchpadAttr(), Engine()};
    entry->bn = dnnl::batch_normalization_forward(entry->pd);
    return entry;
  });
  const memory::dims channels{nhwc[3]};
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, UserMemory(dims, tag::nhwc, F32(info[0], "x"))},
      {DNNL_ARG_MEAN, UserMemory(channels, tag::a, F32(info[1], "mean"))},
      {DNNL_ARG_VARIANCE, UserMemory(channels, tag::a, F32(info[2], "variance"))},
      {DNNL_ARG_DST, UserMemory(dims, tag::nhwc, F32(info[5], "y"))},
      {DNNL_ARG_SCRATCHPAD, Scratchpad(e.pd.scratchpad_desc())}};
  if (scale != nullptr) args.emplace(DNNL_ARG_SCALE, UserMemory(channels, tag::a, scale));
  if (offset != nullptr) args.emplace(DNNL_ARG_SHIFT, UserMemory(channels, tag::a, offset));
  e.bn.execute(Stream(), args);
  Stream().wait();
  return info.Env().Undefined();
}

// batchNormGrad(x, dy, mean, variance, scale, dx, dScale, dOffset, nhwc, epsilon): the gradient
// of y = scale * (x - mean) / sqrt(variance + epsilon) + offset when mean and variance are the
// batch statistics of x, so dx includes their dependence on x:
//   dx = scale * invstd * (dy - mean(dy) - xhat * mean(dy * xhat)),  xhat = (x - mean) * invstd.
// Two passes of plain loops (per-channel sums, then dx). oneDNN's backward primitive was tried
// first: its internal thread barriers made it 10-15x slower than this on a busy 2-core VM.
Napi::Value BatchNormGrad(const Napi::CallbackInfo& info) {
  const auto nhwc = Ints(info[8]);
  const double epsilon = Float(info[9]);
  const float* x = F32(info[0], "x");
  const float* dy = F32(info[1], "dy");
  const float* mean = F32(info[2], "mean");
  const float* variance = F32(info[3], "variance");
  const float* scale = F32(info[4], "scale");
  float* dx = F32(info[5], "dx");
  float* d_scale = F32(info[6], "dScale");
  float* d_offset = F32(info[7], "dOffset");
  const int64_t c = nhwc[3];
  const int64_t rows = nhwc[0] * nhwc[1] * nhwc[2];
  std::vector<float> invstd(c);
  for (int64_t k = 0; k < c; ++k) invstd[k] = static_cast<float>(1.0 / std::sqrt(variance[k] + epsilon));

  // Pass 1: per-chunk partial sums of dy and dy * xhat, merged in chunk order. Channels go 16 at a
  // time so that their accumulators stay in registers; float sums are flushed to double every 256
  // rows to bound rounding error.
  const RowChunks chunks(rows, c, 256);
  std::vector<double> partial(static_cast<size_t>(chunks.count) * 2 * c, 0.0);
  ForEachChunk(chunks, rows * c, [&](int64_t chunk, int64_t begin, int64_t end) {
    constexpr int64_t kLanes = 16, kFlush = 256;
    double* sum_dy = partial.data() + static_cast<size_t>(chunk) * 2 * c;
    double* sum_dy_xhat = sum_dy + c;
    for (int64_t k0 = 0; k0 < c; k0 += kLanes) {
      const int64_t lanes = std::min(kLanes, c - k0);
      float m[kLanes] = {}, s[kLanes] = {};
      for (int64_t j = 0; j < lanes; ++j) m[j] = mean[k0 + j], s[j] = invstd[k0 + j];
      for (int64_t r0 = begin; r0 < end; r0 += kFlush) {
        const int64_t r1 = std::min(end, r0 + kFlush);
        float a_dy[kLanes] = {}, a_dy_xhat[kLanes] = {};
        if (lanes == kLanes) {
          for (int64_t r = r0; r < r1; ++r) {
            const float* xr = x + r * c + k0;
            const float* dyr = dy + r * c + k0;
#pragma omp simd
            for (int64_t j = 0; j < kLanes; ++j) {
              a_dy[j] += dyr[j];
              a_dy_xhat[j] += dyr[j] * (xr[j] - m[j]) * s[j];
            }
          }
        } else {
          for (int64_t r = r0; r < r1; ++r) {
            for (int64_t j = 0; j < lanes; ++j) {
              const float g = dy[r * c + k0 + j];
              a_dy[j] += g;
              a_dy_xhat[j] += g * (x[r * c + k0 + j] - m[j]) * s[j];
            }
          }
        }
        for (int64_t j = 0; j < lanes; ++j) {
          sum_dy[k0 + j] += a_dy[j];
          sum_dy_xhat[k0 + j] += a_dy_xhat[j];
        }
      }
    }
  });
  std::vector<float> coef_dy(c), coef_xhat(c), gain(c);
  for (int64_t k = 0; k < c; ++k) {
    double total_dy = 0.0, total_dy_xhat = 0.0;
    for (int64_t chunk = 0; chunk < chunks.count; ++chunk) {
      total_dy += partial[static_cast<size_t>(chunk) * 2 * c + k];
      total_dy_xhat += partial[static_cast<size_t>(chunk) * 2 * c + c + k];
    }
    d_offset[k] = static_cast<float>(total_dy);
    d_scale[k] = static_cast<float>(total_dy_xhat);
    coef_dy[k] = static_cast<float>(total_dy / static_cast<double>(rows));
    coef_xhat[k] = static_cast<float>(total_dy_xhat / static_cast<double>(rows));
    gain[k] = scale[k] * invstd[k];
  }

  // Pass 2: dx.
#pragma omp parallel for if (rows * c > kParallelThreshold) schedule(dynamic, RowsPerChunk(c))
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * c;
    const float* dyr = dy + r * c;
    float* dxr = dx + r * c;
#pragma omp simd
    for (int64_t k = 0; k < c; ++k) {
      const float xhat = (xr[k] - mean[k]) * invstd[k];
      dxr[k] = gain[k] * (dyr[k] - coef_dy[k] - xhat * coef_xhat[k]);
    }
  }
  return info.Env().Undefined();
}

}  // namespace

void InitBatchNorm(Napi::Env env, Napi::Object exports) {
  exports.Set("batchNorm", Napi::Function::New(env, BatchNorm));
  exports.Set("batchNormGrad", Napi::Function::New(env, BatchNormGrad));
}

}  // namespace signflow

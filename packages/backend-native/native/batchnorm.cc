// Batch normalisation over the last (channel) axis with oneDNN: the forward pass with given
// statistics, and the fused training-mode backward pass that also accounts for the batch mean
// and variance depending on the input (one kernel instead of a dozen broadcast operations).
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

struct BackwardEntry : CachedEntry {
  dnnl::batch_normalization_backward::primitive_desc pd;
  dnnl::batch_normalization_backward bn;
  std::vector<float> shift;  // oneDNN requires the (unused) shift argument with use_shift
};

// batchNormGrad(x, dy, mean, variance, scale, dx, dScale, dOffset, nhwc, epsilon): the gradient
// of y = scale * (x - mean) / sqrt(variance + epsilon) + offset when mean and variance are the
// batch statistics of x (so dx includes their dependence on x).
Napi::Value BatchNormGrad(const Napi::CallbackInfo& info) {
  const auto nhwc = Ints(info[8]);
  const float epsilon = Float(info[9]);
  const memory::dims dims = DataDims(nhwc);
  std::vector<int64_t> key = nhwc;
  key.push_back(static_cast<int64_t>(static_cast<double>(epsilon) * 1e12));
  auto& e = Cached<BackwardEntry>(CacheKey("bn_bwd", key), [&] {
    auto* entry = new BackwardEntry;
    const memory::desc data(dims, dt::f32, tag::nhwc);
    const auto f = Flags(true, true, false);
    dnnl::batch_normalization_forward::primitive_desc hint(
        {dnnl::prop_kind::forward_training, data, epsilon, f}, ScratchpadAttr(), Engine());
    entry->pd = {{dnnl::prop_kind::backward, data, data, epsilon, f}, ScratchpadAttr(), Engine(),
                 hint};
    entry->bn = dnnl::batch_normalization_backward(entry->pd);
    entry->shift.assign(nhwc[3], 0.f);
    return entry;
  });
  const memory::dims channels{nhwc[3]};
  e.bn.execute(Stream(),
               {{DNNL_ARG_SRC, UserMemory(dims, tag::nhwc, F32(info[0], "x"))},
                {DNNL_ARG_DIFF_DST, UserMemory(dims, tag::nhwc, F32(info[1], "dy"))},
                {DNNL_ARG_MEAN, UserMemory(channels, tag::a, F32(info[2], "mean"))},
                {DNNL_ARG_VARIANCE, UserMemory(channels, tag::a, F32(info[3], "variance"))},
                {DNNL_ARG_SCALE, UserMemory(channels, tag::a, F32(info[4], "scale"))},
                {DNNL_ARG_SHIFT, UserMemory(channels, tag::a, e.shift.data())},
                {DNNL_ARG_DIFF_SRC, UserMemory(dims, tag::nhwc, F32(info[5], "dx"))},
                {DNNL_ARG_DIFF_SCALE, UserMemory(channels, tag::a, F32(info[6], "dScale"))},
                {DNNL_ARG_DIFF_SHIFT, UserMemory(channels, tag::a, F32(info[7], "dOffset"))},
                {DNNL_ARG_SCRATCHPAD, Scratchpad(e.pd.scratchpad_desc())}});
  Stream().wait();
  return info.Env().Undefined();
}

}  // namespace

void InitBatchNorm(Napi::Env env, Napi::Object exports) {
  exports.Set("batchNorm", Napi::Function::New(env, BatchNorm));
  exports.Set("batchNormGrad", Napi::Function::New(env, BatchNormGrad));
}

}  // namespace signflow

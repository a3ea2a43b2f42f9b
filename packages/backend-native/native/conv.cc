// 2-D convolution forward and its two gradients with oneDNN. Activations stay NHWC (the tfjs
// layout) so they need no copies; weights arrive as tfjs's HWIO and are reordered into the
// layout oneDNN picks for the fastest implementation (format_tag::any), which on AVX-512 is a
// blocked one: forcing HWIO would select a much slower GEMM-based path.
#include "common.h"
#include "dnnl_context.h"

namespace signflow {

// Activation codes shared with the JS side (src/kernels/activation.ts).
void AppendActivation(dnnl::post_ops& ops, int64_t activation, float alpha) {
  switch (activation) {
    case 0: return;  // linear
    case 1: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f); return;
    case 2: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_clip, 0.f, 6.f); return;
    case 3: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_elu, 1.f, 0.f); return;
    case 4: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_logistic, 0.f, 0.f); return;
    case 5: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, alpha, 0.f); return;
    default: throw std::invalid_argument("unknown activation code");
  }
}

namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

// Geometry shared by the three convolution primitives, read from one Int32Array:
// [n, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, dilH, dilW, padT, padB, padL, padR]
struct ConvGeometry {
  int64_t n, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w;
  memory::dims strides, dilates, pad_l, pad_r;
  std::vector<int64_t> raw;

  explicit ConvGeometry(const Napi::Value& value) : raw(Ints(value)) {
    if (raw.size() != 17) throw Napi::Error::New(value.Env(), "conv geometry needs 17 integers");
    n = raw[0], in_h = raw[1], in_w = raw[2], in_c = raw[3];
    out_h = raw[4], out_w = raw[5], out_c = raw[6], k_h = raw[7], k_w = raw[8];
    strides = {raw[9], raw[10]};
    dilates = {raw[11] - 1, raw[12] - 1};  // oneDNN counts the gaps, tfjs the step
    pad_l = {raw[13], raw[15]};
    pad_r = {raw[14], raw[16]};
  }
  memory::dims Src() const { return {n, in_c, in_h, in_w}; }
  memory::dims Dst() const { return {n, out_c, out_h, out_w}; }
  memory::dims Weights() const { return {out_c, in_c, k_h, k_w}; }
  memory::desc AnyWeights() const { return {Weights(), dt::f32, tag::any}; }
  memory::desc NhwcSrc() const { return {Src(), dt::f32, tag::nhwc}; }
  memory::desc NhwcDst() const { return {Dst(), dt::f32, tag::nhwc}; }
};

dnnl::convolution_forward::desc ForwardDesc(const ConvGeometry& g, dnnl::prop_kind kind,
                                            bool with_bias) {
  if (with_bias) {
    return {kind,      dnnl::algorithm::convolution_direct,
            g.NhwcSrc(), g.AnyWeights(),
            memory::desc({g.out_c}, dt::f32, tag::a), g.NhwcDst(),
            g.strides, g.dilates, g.pad_l, g.pad_r};
  }
  return {kind, dnnl::algorithm::convolution_direct, g.NhwcSrc(), g.AnyWeights(), g.NhwcDst(),
          g.strides, g.dilates, g.pad_l, g.pad_r};
}

struct ForwardEntry : CachedEntry {
  dnnl::convolution_forward::primitive_desc pd;
  dnnl::convolution_forward conv;
  dnnl::reorder weights_reorder;
  GrowingBuffer weights;
};

// conv2d(x, w, bias | null, y, geometry, activation, alpha): y = act(conv(x, w) + bias).
Napi::Value Conv2d(const Napi::CallbackInfo& info) {
  const ConvGeometry g(info[4]);
  float* bias = OptionalF32(info[2], "bias");
  const int64_t activation = Int(info[5]);
  const float alpha = Float(info[6]);
  std::vector<int64_t> key = g.raw;
  key.push_back(bias != nullptr);
  key.push_back(activation);
  key.push_back(static_cast<int64_t>(alpha * 1e6f));
  auto& e = Cached<ForwardEntry>(CacheKey("conv_fwd", key), [&] {
    auto* entry = new ForwardEntry;
    dnnl::primitive_attr attr = ScratchpadAttr();
    dnnl::post_ops ops;
    AppendActivation(ops, activation, alpha);
    attr.set_post_ops(ops);
    entry->pd = {ForwardDesc(g, dnnl::prop_kind::forward_inference, bias != nullptr), attr, Engine()};
    entry->conv = dnnl::convolution_forward(entry->pd);
    entry->weights_reorder = Reorder(memory::desc(g.Weights(), dt::f32, tag::hwio),
                                     entry->pd.weights_desc());
    return entry;
  });
  auto user_w = UserMemory(g.Weights(), tag::hwio, F32(info[1], "filter"));
  memory w(e.pd.weights_desc(), Engine(), e.weights.Reserve(e.pd.weights_desc().get_size()));
  e.weights_reorder.execute(Stream(), user_w, w);
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, UserMemory(g.Src(), tag::nhwc, F32(info[0], "x"))},
      {DNNL_ARG_WEIGHTS, w},
      {DNNL_ARG_DST, UserMemory(g.Dst(), tag::nhwc, F32(info[3], "y"))},
      {DNNL_ARG_SCRATCHPAD, Scratchpad(e.pd.scratchpad_desc())}};
  if (bias != nullptr) args.emplace(DNNL_ARG_BIAS, UserMemory({g.out_c}, tag::a, bias));
  e.conv.execute(Stream(), args);
  Stream().wait();
  return info.Env().Undefined();
}

struct TernaryEntry : CachedEntry {
  dnnl::convolution_forward::primitive_desc pd;
  dnnl::convolution_forward conv;
  dnnl::reorder weights_reorder;
  GrowingBuffer src, user_weights, weights;
};

// Copies values that are all -scale, 0 or scale into int8 as -1, 0, 1 (a division, exact for
// these values).
void ToInt8(const float* from, int8_t* to, int64_t n, float scale) {
#pragma omp parallel for simd if (n > kParallelThreshold) schedule(dynamic, kChunkElements)
  for (int64_t i = 0; i < n; ++i) to[i] = static_cast<int8_t>(from[i] / scale);
}

// conv2dTernary(x, w, y, geometry, scale): y = conv(x, w) when every value of x is -1, 0 or 1 and
// every value of w is -scale, 0 or scale (the signs of a binary network's activations, and its
// weights' signs times one scale per layer), as scale times an int8 convolution with int32 sums.
// For scale 1 it is exact: every partial sum is an integer far below 2^24, which the float32
// convolution computes exactly too; for another scale it is the exact integer times the scale,
// rounded once. int8 reads a quarter of the bytes and uses the CPU's int8 dot-product
// instructions where it has them (VNNI).
Napi::Value Conv2dTernary(const Napi::CallbackInfo& info) {
  const ConvGeometry g(info[3]);
  auto& e = Cached<TernaryEntry>(CacheKey("conv_fwd_s8", g.raw), [&] {
    auto* entry = new TernaryEntry;
    dnnl::convolution_forward::desc desc(
        dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
        memory::desc(g.Src(), dt::s8, tag::nhwc), memory::desc(g.Weights(), dt::s8, tag::any),
        g.NhwcDst(), g.strides, g.dilates, g.pad_l, g.pad_r);
    entry->pd = {desc, ScratchpadAttr(), Engine()};
    entry->conv = dnnl::convolution_forward(entry->pd);
    entry->weights_reorder = Reorder(memory::desc(g.Weights(), dt::s8, tag::hwio), entry->pd.weights_desc());
    return entry;
  });
  const int64_t x_size = g.n * g.in_h * g.in_w * g.in_c;
  const int64_t w_size = g.k_h * g.k_w * g.in_c * g.out_c;
  auto* x = static_cast<int8_t*>(e.src.Reserve(static_cast<size_t>(x_size)));
  auto* w_user = static_cast<int8_t*>(e.user_weights.Reserve(static_cast<size_t>(w_size)));
  const float scale = Float(info[4]);
  ToInt8(F32(info[0], "x"), x, x_size, 1.f);
  ToInt8(F32(info[1], "filter"), w_user, w_size, scale);
  memory user_w(memory::desc(g.Weights(), dt::s8, tag::hwio), Engine(), w_user);
  memory w(e.pd.weights_desc(), Engine(), e.weights.Reserve(e.pd.weights_desc().get_size()));
  e.weights_reorder.execute(Stream(), user_w, w);
  e.conv.execute(Stream(), {{DNNL_ARG_SRC, memory(memory::desc(g.Src(), dt::s8, tag::nhwc), Engine(), x)},
                            {DNNL_ARG_WEIGHTS, w},
                            {DNNL_ARG_DST, UserMemory(g.Dst(), tag::nhwc, F32(info[2], "y"))},
                            {DNNL_ARG_SCRATCHPAD, Scratchpad(e.pd.scratchpad_desc())}});
  Stream().wait();
  if (scale != 1.f) {
    float* y = F32(info[2], "y");
    const int64_t y_size = g.n * g.out_h * g.out_w * g.out_c;
#pragma omp parallel for simd if (y_size > kParallelThreshold) schedule(dynamic, kChunkElements)
    for (int64_t i = 0; i < y_size; ++i) y[i] *= scale;
  }
  return info.Env().Undefined();
}

struct BackwardDataEntry : CachedEntry {
  dnnl::convolution_backward_data::primitive_desc pd;
  dnnl::convolution_backward_data conv;
  dnnl::reorder weights_reorder;
  GrowingBuffer weights;
};

// conv2dBackpropInput(dy, w, dx, geometry): dx = the input gradient of conv(x, w).
Napi::Value Conv2dBackpropInput(const Napi::CallbackInfo& info) {
  const ConvGeometry g(info[3]);
  auto& e = Cached<BackwardDataEntry>(CacheKey("conv_bwd_data", g.raw), [&] {
    auto* entry = new BackwardDataEntry;
    auto attr = ScratchpadAttr();
    dnnl::convolution_forward::primitive_desc hint(
        ForwardDesc(g, dnnl::prop_kind::forward_training, false), attr, Engine());
    dnnl::convolution_backward_data::desc desc(dnnl::algorithm::convolution_direct, g.NhwcSrc(),
                                               g.AnyWeights(), g.NhwcDst(), g.strides, g.dilates,
                                               g.pad_l, g.pad_r);
    entry->pd = {desc, attr, Engine(), hint};
    entry->conv = dnnl::convolution_backward_data(entry->pd);
    entry->weights_reorder = Reorder(memory::desc(g.Weights(), dt::f32, tag::hwio),
                                     entry->pd.weights_desc());
    return entry;
  });
  auto user_w = UserMemory(g.Weights(), tag::hwio, F32(info[1], "filter"));
  memory w(e.pd.weights_desc(), Engine(), e.weights.Reserve(e.pd.weights_desc().get_size()));
  e.weights_reorder.execute(Stream(), user_w, w);
  e.conv.execute(Stream(), {{DNNL_ARG_DIFF_DST, UserMemory(g.Dst(), tag::nhwc, F32(info[0], "dy"))},
                            {DNNL_ARG_WEIGHTS, w},
                            {DNNL_ARG_DIFF_SRC, UserMemory(g.Src(), tag::nhwc, F32(info[2], "dx"))},
                            {DNNL_ARG_SCRATCHPAD, Scratchpad(e.pd.scratchpad_desc())}});
  Stream().wait();
  return info.Env().Undefined();
}

struct BackwardWeightsEntry : CachedEntry {
  dnnl::convolution_backward_weights::primitive_desc pd;
  dnnl::convolution_backward_weights conv;
  dnnl::reorder weights_reorder;
  GrowingBuffer diff_weights;
};

// conv2dBackpropFilter(x, dy, dw, geometry): dw (HWIO) = the filter gradient of conv(x, w).
Napi::Value Conv2dBackpropFilter(const Napi::CallbackInfo& info) {
  const ConvGeometry g(info[3]);
  auto& e = Cached<BackwardWeightsEntry>(CacheKey("conv_bwd_weights", g.raw), [&] {
    auto* entry = new BackwardWeightsEntry;
    auto attr = ScratchpadAttr();
    dnnl::convolution_forward::primitive_desc hint(
        ForwardDesc(g, dnnl::prop_kind::forward_training, false), attr, Engine());
    dnnl::convolution_backward_weights::desc desc(dnnl::algorithm::convolution_direct,
                                                  g.NhwcSrc(), g.AnyWeights(), g.NhwcDst(),
                                                  g.strides, g.dilates, g.pad_l, g.pad_r);
    entry->pd = {desc, attr, Engine(), hint};
    entry->conv = dnnl::convolution_backward_weights(entry->pd);
    entry->weights_reorder = Reorder(entry->pd.diff_weights_desc(),
                                     memory::desc(g.Weights(), dt::f32, tag::hwio));
    return entry;
  });
  memory dw(e.pd.diff_weights_desc(), Engine(),
            e.diff_weights.Reserve(e.pd.diff_weights_desc().get_size()));
  e.conv.execute(Stream(), {{DNNL_ARG_SRC, UserMemory(g.Src(), tag::nhwc, F32(info[0], "x"))},
                            {DNNL_ARG_DIFF_DST, UserMemory(g.Dst(), tag::nhwc, F32(info[1], "dy"))},
                            {DNNL_ARG_DIFF_WEIGHTS, dw},
                            {DNNL_ARG_SCRATCHPAD, Scratchpad(e.pd.scratchpad_desc())}});
  auto user_dw = UserMemory(g.Weights(), tag::hwio, F32(info[2], "dw"));
  e.weights_reorder.execute(Stream(), dw, user_dw);
  Stream().wait();
  return info.Env().Undefined();
}

}  // namespace

void InitConvolution(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2d", Napi::Function::New(env, Conv2d));
  exports.Set("conv2dTernary", Napi::Function::New(env, Conv2dTernary));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2dBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2dBackpropFilter));
}

}  // namespace signflow

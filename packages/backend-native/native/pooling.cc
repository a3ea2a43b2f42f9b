// 2-D max and average pooling on NHWC data with oneDNN, and their gradients. Max-pool gradients
// re-run the forward pass in training mode to get oneDNN's workspace (the arg-max positions);
// tfjs's MaxPoolGrad kernel receives the input, not the positions.
#include "common.h"
#include "dnnl_context.h"

namespace signflow {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

// [n, inH, inW, c, outH, outW, kH, kW, strideH, strideW, padT, padB, padL, padR, kind]
// with kind 0 = max, 1 = average excluding padding (the tfjs convention).
struct PoolGeometry {
  std::vector<int64_t> raw;
  memory::dims src, dst, kernel, strides, pad_l, pad_r;
  dnnl::algorithm algorithm;

  explicit PoolGeometry(const Napi::Value& value) : raw(Ints(value)) {
    if (raw.size() != 15) throw Napi::Error::New(value.Env(), "pool geometry needs 15 integers");
    src = {raw[0], raw[3], raw[1], raw[2]};
    dst = {raw[0], raw[3], raw[4], raw[5]};
    kernel = {raw[6], raw[7]};
    strides = {raw[8], raw[9]};
    pad_l = {raw[10], raw[12]};
    pad_r = {raw[11], raw[13]};
    algorithm = raw[14] == 0 ? dnnl::algorithm::pooling_max
                             : dnnl::algorithm::pooling_avg_exclude_padding;
  }
  dnnl::pooling_forward::desc Forward(dnnl::prop_kind kind) const {
    return {kind, algorithm, {src, dt::f32, tag::nhwc}, {dst, dt::f32, tag::nhwc},
            strides, kernel, pad_l, pad_r};
  }
};

struct ForwardEntry : CachedEntry {
  dnnl::pooling_forward::primitive_desc pd;
  dnnl::pooling_forward pool;
};

// pool(x, y, geometry)
Napi::Value Pool(const Napi::CallbackInfo& info) {
  const PoolGeometry g(info[2]);
  auto& e = Cached<ForwardEntry>(CacheKey("pool_fwd", g.raw), [&] {
    auto* entry = new ForwardEntry;
    entry->pd = {g.Forward(dnnl::prop_kind::forward_inference), ScratchpadAttr(), Engine()};
    entry->pool = dnnl::pooling_forward(entry->pd);
    return entry;
  });
  e.pool.execute(Stream(), {{DNNL_ARG_SRC, UserMemory(g.src, tag::nhwc, F32(info[0], "x"))},
                            {DNNL_ARG_DST, UserMemory(g.dst, tag::nhwc, F32(info[1], "y"))},
                            {DNNL_ARG_SCRATCHPAD, Scratchpad(e.pd.scratchpad_desc())}});
  Stream().wait();
  return info.Env().Undefined();
}

struct BackwardEntry : CachedEntry {
  dnnl::pooling_forward::primitive_desc forward_pd;
  dnnl::pooling_forward forward;
  dnnl::pooling_backward::primitive_desc pd;
  dnnl::pooling_backward pool;
  GrowingBuffer workspace, recomputed;
};

// poolGrad(dy, x | null, dx, geometry): x is needed (and used) for max pooling only.
Napi::Value PoolGrad(const Napi::CallbackInfo& info) {
  const PoolGeometry g(info[3]);
  const bool is_max = g.raw[14] == 0;
  auto& e = Cached<BackwardEntry>(CacheKey("pool_bwd", g.raw), [&] {
    auto* entry = new BackwardEntry;
    entry->forward_pd = {g.Forward(dnnl::prop_kind::forward_training), ScratchpadAttr(), Engine()};
    entry->forward = dnnl::pooling_forward(entry->forward_pd);
    dnnl::pooling_backward::desc desc(g.algorithm, {g.src, dt::f32, tag::nhwc},
                                      {g.dst, dt::f32, tag::nhwc}, g.strides, g.kernel, g.pad_l,
                                      g.pad_r);
    entry->pd = {desc, ScratchpadAttr(), Engine(), entry->forward_pd};
    entry->pool = dnnl::pooling_backward(entry->pd);
    return entry;
  });
  // The forward pass runs first: the shared scratchpad may move when it grows.
  std::unordered_map<int, memory> args{
      {DNNL_ARG_DIFF_DST, UserMemory(g.dst, tag::nhwc, F32(info[0], "dy"))},
      {DNNL_ARG_DIFF_SRC, UserMemory(g.src, tag::nhwc, F32(info[2], "dx"))}};
  if (is_max) {
    const auto ws_desc = e.forward_pd.workspace_desc();
    memory workspace(ws_desc, Engine(), e.workspace.Reserve(ws_desc.get_size()));
    const auto dst_desc = e.forward_pd.dst_desc();
    memory recomputed(dst_desc, Engine(), e.recomputed.Reserve(dst_desc.get_size()));
    e.forward.execute(Stream(),
                      {{DNNL_ARG_SRC, UserMemory(g.src, tag::nhwc, F32(info[1], "x"))},
                       {DNNL_ARG_DST, recomputed},
                       {DNNL_ARG_WORKSPACE, workspace},
                       {DNNL_ARG_SCRATCHPAD, Scratchpad(e.forward_pd.scratchpad_desc())}});
    args.emplace(DNNL_ARG_WORKSPACE, workspace);
  }
  args.emplace(DNNL_ARG_SCRATCHPAD, Scratchpad(e.pd.scratchpad_desc()));
  e.pool.execute(Stream(), args);
  Stream().wait();
  return info.Env().Undefined();
}

}  // namespace

void InitPooling(Napi::Env env, Napi::Object exports) {
  exports.Set("pool", Napi::Function::New(env, Pool));
  exports.Set("poolGrad", Napi::Function::New(env, PoolGrad));
}

}  // namespace signflow

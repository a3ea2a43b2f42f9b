// Batched matrix multiplication with oneDNN, optionally fused with a bias and an activation.
// Transposed operands are described by their strides, so no transpose is ever materialised.
#include "common.h"
#include "dnnl_context.h"

namespace signflow {
namespace {

using dnnl::memory;
using dt = memory::data_type;

struct MatmulEntry : CachedEntry {
  dnnl::matmul::primitive_desc pd;
  dnnl::matmul matmul;
  memory::desc a, b, bias, out;
};

// matmul(a, b, bias | null, out, dims, activation, alpha) with
// dims = [batchA, batchB, m, k, n, transposeA, transposeB]; a batch of 1 broadcasts.
Napi::Value Matmul(const Napi::CallbackInfo& info) {
  const std::vector<int64_t> d = Ints(info[4]);
  if (d.size() != 7) throw Napi::Error::New(info.Env(), "matmul dims need 7 integers");
  const int64_t batch_a = d[0], batch_b = d[1], m = d[2], k = d[3], n = d[4];
  const bool trans_a = d[5] != 0, trans_b = d[6] != 0;
  float* bias = OptionalF32(info[2], "bias");
  const int64_t activation = Int(info[5]);
  const float alpha = Float(info[6]);
  std::vector<int64_t> key = d;
  key.push_back(bias != nullptr);
  key.push_back(activation);
  key.push_back(static_cast<int64_t>(alpha * 1e6f));
  auto& e = Cached<MatmulEntry>(CacheKey("matmul", key), [&] {
    auto* entry = new MatmulEntry;
    const int64_t batch = std::max(batch_a, batch_b);
    entry->a = memory::desc({batch_a, m, k}, dt::f32,
                            trans_a ? memory::dims{m * k, 1, m} : memory::dims{m * k, k, 1});
    entry->b = memory::desc({batch_b, k, n}, dt::f32,
                            trans_b ? memory::dims{k * n, 1, k} : memory::dims{k * n, n, 1});
    entry->out = memory::desc({batch, m, n}, dt::f32, memory::dims{m * n, n, 1});
    entry->bias = memory::desc({1, 1, n}, dt::f32, memory::dims{n, n, 1});
    auto attr = ScratchpadAttr();
    dnnl::post_ops ops;
    AppendActivation(ops, activation, alpha);
    attr.set_post_ops(ops);
    auto desc = bias != nullptr ? dnnl::matmul::desc(entry->a, entry->b, entry->bias, entry->out)
                                : dnnl::matmul::desc(entry->a, entry->b, entry->out);
    entry->pd = {desc, attr, Engine()};
    entry->matmul = dnnl::matmul(entry->pd);
    return entry;
  });
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, memory(e.a, Engine(), F32(info[0], "a"))},
      {DNNL_ARG_WEIGHTS, memory(e.b, Engine(), F32(info[1], "b"))},
      {DNNL_ARG_DST, memory(e.out, Engine(), F32(info[3], "out"))},
      {DNNL_ARG_SCRATCHPAD, Scratchpad(e.pd.scratchpad_desc())}};
  if (bias != nullptr) args.emplace(DNNL_ARG_BIAS, memory(e.bias, Engine(), bias));
  e.matmul.execute(Stream(), args);
  Stream().wait();
  return info.Env().Undefined();
}

}  // namespace

void InitMatmul(Napi::Env env, Napi::Object exports) {
  exports.Set("matmul", Napi::Function::New(env, Matmul));
}

}  // namespace signflow

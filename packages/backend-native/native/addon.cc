// Entry point of the signflow native backend addon. C++ exceptions (oneDNN throws dnnl::error)
// become JS errors, so the JS side can fall back to the cpu kernel.
#include "common.h"

namespace signflow {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  InitConvolution(env, exports);
  InitMatmul(env, exports);
  InitBatchNorm(env, exports);
  InitPooling(env, exports);
  InitElementwise(env, exports);
  InitReduce(env, exports);
  InitLayout(env, exports);
  return exports;
}

NODE_API_MODULE(signflow_native, Init)

}  // namespace signflow

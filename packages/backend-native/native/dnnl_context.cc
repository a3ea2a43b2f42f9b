#include "dnnl_context.h"

namespace signflow {

dnnl::engine& Engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& Stream() {
  static dnnl::stream stream(Engine());
  return stream;
}

void* GrowingBuffer::Reserve(size_t bytes) {
  if (storage_.size() < bytes) storage_.resize(bytes);
  return storage_.data();
}

dnnl::memory Scratchpad(const dnnl::memory::desc& desc) {
  static GrowingBuffer buffer;
  return dnnl::memory(desc, Engine(), buffer.Reserve(desc.get_size() + 64));
}

std::string CacheKey(const char* kind, const std::vector<int64_t>& numbers) {
  std::string key(kind);
  for (int64_t n : numbers) {
    key += ':';
    key += std::to_string(n);
  }
  return key;
}

dnnl::primitive_attr ScratchpadAttr() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

}  // namespace signflow

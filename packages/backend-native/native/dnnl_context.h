// One oneDNN CPU engine and stream for the process, a cache of primitives keyed by their shapes
// and attributes, and one user-managed scratchpad that every primitive shares.
#pragma once

#include <dnnl.hpp>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace signflow {

dnnl::engine& Engine();
dnnl::stream& Stream();

// A reusable float buffer that only grows: freshly touched pages are expensive on these VMs, so
// scratch and intermediate memory is allocated once per shape and kept.
class GrowingBuffer {
 public:
  void* Reserve(size_t bytes);

 private:
  std::vector<char> storage_;
};

// Scratchpad memory for a primitive descriptor, carved from the shared buffer.
dnnl::memory Scratchpad(const dnnl::memory::desc& desc);

// Everything that can be cached for one primitive configuration. Each kernel family stores its
// own subclass (primitive descriptors, reorders and intermediate buffers).
struct CachedEntry {
  virtual ~CachedEntry() = default;
};

// Returns the entry for `key`, building it with `make` on first use.
template <typename Entry, typename Make>
Entry& Cached(const std::string& key, Make make) {
  static std::unordered_map<std::string, std::unique_ptr<CachedEntry>> cache;
  auto found = cache.find(key);
  if (found == cache.end()) {
    found = cache.emplace(key, std::unique_ptr<CachedEntry>(make())).first;
  }
  return *static_cast<Entry*>(found->second.get());
}

// A key built from numbers, e.g. CacheKey("conv", {n, h, w, c, ...}).
std::string CacheKey(const char* kind, const std::vector<int64_t>& numbers);

// Memory in the user's own (plain) layout wrapping a JS buffer without a copy.
inline dnnl::memory UserMemory(const dnnl::memory::dims& dims, dnnl::memory::format_tag tag,
                               void* data) {
  return dnnl::memory({dims, dnnl::memory::data_type::f32, tag}, Engine(), data);
}

// A reorder between two layouts of the same tensor.
inline dnnl::reorder Reorder(const dnnl::memory::desc& from, const dnnl::memory::desc& to) {
  return dnnl::reorder(dnnl::reorder::primitive_desc(Engine(), from, Engine(), to));
}

// Appends the fused activation with the given code (0 = none) to a primitive's post-ops.
void AppendActivation(dnnl::post_ops& ops, int64_t activation, float alpha);

// Attributes every primitive uses: the shared user scratchpad.
dnnl::primitive_attr ScratchpadAttr();

}  // namespace signflow

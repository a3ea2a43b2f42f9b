// Shared helpers for the addon: typed-array access, shape parsing and the OpenMP threshold.
#pragma once

#include <napi.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace signflow {

// Below this many elements a loop runs on the calling thread: waking the OpenMP team costs
// more than it saves.
constexpr int64_t kParallelThreshold = 1 << 15;

// Parallel loops hand out work in chunks of about this many elements, dynamically: a thread that
// starts late (its core busy with V8's own threads or another process) takes fewer chunks
// instead of holding the others at the barrier. With static halves, a late start of about a
// millisecond made two threads no faster than one in a training step.
constexpr int64_t kChunkElements = 1 << 13;

// Rows per chunk for rows of `row_elements` elements (at least one). Reductions keep one partial
// result per chunk and merge them in chunk order, so their results do not depend on which thread
// ran which chunk, nor on the number of threads.
inline int64_t RowsPerChunk(int64_t row_elements) {
  return row_elements >= kChunkElements ? 1 : kChunkElements / (row_elements < 1 ? 1 : row_elements);
}

// `rows` rows of `row_elements` elements in fixed chunks of RowsPerChunk rows, at least `min_rows`.
struct RowChunks {
  int64_t rows, size, count;
  RowChunks(int64_t rows_, int64_t row_elements, int64_t min_rows)
      : rows(rows_), size(std::max(min_rows, RowsPerChunk(row_elements))), count((rows_ + size - 1) / size) {}
  int64_t Begin(int64_t chunk) const { return chunk * size; }
  int64_t End(int64_t chunk) const { return std::min(rows, (chunk + 1) * size); }
};

// Runs body(chunk, begin_row, end_row) for every chunk, handed out dynamically to the OpenMP team
// (the calling thread alone below kParallelThreshold elements).
template <typename Body>
void ForEachChunk(const RowChunks& chunks, int64_t elements, Body body) {
#pragma omp parallel for if (elements > kParallelThreshold) schedule(dynamic, 1)
  for (int64_t chunk = 0; chunk < chunks.count; ++chunk) body(chunk, chunks.Begin(chunk), chunks.End(chunk));
}

// Throws a JS TypeError unless `value` is a typed array of the given element type.
template <typename T>
T* DataOf(const Napi::Value& value, napi_typedarray_type type, const char* what) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != type) {
    throw Napi::TypeError::New(value.Env(), std::string(what) + ": wrong typed array type");
  }
  auto array = value.As<Napi::TypedArray>();
  auto* base = static_cast<uint8_t*>(array.ArrayBuffer().Data());
  return reinterpret_cast<T*>(base + array.ByteOffset());
}

inline float* F32(const Napi::Value& value, const char* what) {
  return DataOf<float>(value, napi_float32_array, what);
}

// A Float32Array argument that may be null or undefined (an optional bias, scale or offset).
inline float* OptionalF32(const Napi::Value& value, const char* what) {
  if (value.IsNull() || value.IsUndefined()) return nullptr;
  return F32(value, what);
}

inline int64_t ElementCount(const Napi::Value& value) {
  return static_cast<int64_t>(value.As<Napi::TypedArray>().ElementLength());
}

// Reads a JS array (or Int32Array) of integers, e.g. a shape or a permutation.
inline std::vector<int64_t> Ints(const Napi::Value& value) {
  std::vector<int64_t> out;
  if (value.IsTypedArray()) {
    auto array = value.As<Napi::Int32Array>();
    for (size_t i = 0; i < array.ElementLength(); ++i) out.push_back(array[i]);
    return out;
  }
  auto array = value.As<Napi::Array>();
  for (uint32_t i = 0; i < array.Length(); ++i) {
    out.push_back(array.Get(i).As<Napi::Number>().Int64Value());
  }
  return out;
}

inline int64_t Product(const std::vector<int64_t>& dims) {
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  return n;
}

inline int64_t Int(const Napi::Value& value) { return value.As<Napi::Number>().Int64Value(); }
inline float Float(const Napi::Value& value) { return value.As<Napi::Number>().FloatValue(); }

// Registers each kernel family's functions on the module's exports.
void InitConvolution(Napi::Env env, Napi::Object exports);
void InitMatmul(Napi::Env env, Napi::Object exports);
void InitBatchNorm(Napi::Env env, Napi::Object exports);
void InitPooling(Napi::Env env, Napi::Object exports);
void InitElementwise(Napi::Env env, Napi::Object exports);
void InitReduce(Napi::Env env, Napi::Object exports);
void InitLayout(Napi::Env env, Napi::Object exports);

}  // namespace signflow

// Data movement: transpose, tile, slice and pad are all one strided copy of elements of 1 or 4
// bytes, with dimensions merged wherever both sides are contiguous across them.
#include <cstring>

#include "common.h"

namespace signflow {
namespace {

struct Strided {
  std::vector<int64_t> dims, src, dst;  // per-dimension extent and element strides

  // Drops unit dimensions and merges a dimension into the next when both layouts allow it.
  void Simplify() {
    std::vector<int64_t> d, s, t;
    for (size_t i = 0; i < dims.size(); ++i) {
      if (dims[i] == 1) continue;
      if (!d.empty() && s.back() == src[i] * dims[i] && t.back() == dst[i] * dims[i]) {
        d.back() *= dims[i];
        s.back() = src[i];
        t.back() = dst[i];
      } else {
        d.push_back(dims[i]);
        s.push_back(src[i]);
        t.push_back(dst[i]);
      }
    }
    if (d.empty()) d = {1}, s = {1}, t = {1};
    dims = d, src = s, dst = t;
  }
};

template <typename T>
void Copy(const T* x, T* y, Strided plan) {
  plan.Simplify();
  const size_t rank = plan.dims.size();
  const int64_t inner = plan.dims[rank - 1];
  const int64_t rows = Product(plan.dims) / inner;
  const int64_t si = plan.src[rank - 1], di = plan.dst[rank - 1];
#pragma omp parallel for if (rows * inner > kParallelThreshold) schedule(dynamic, RowsPerChunk(inner))
  for (int64_t row = 0; row < rows; ++row) {
    int64_t os = 0, od = 0, rest = row;
    for (size_t d = rank - 1; d-- > 0;) {
      const int64_t index = rest % plan.dims[d];
      rest /= plan.dims[d];
      os += index * plan.src[d];
      od += index * plan.dst[d];
    }
    const T* from = x + os;
    T* to = y + od;
    if (si == 1 && di == 1) {
      std::memcpy(to, from, inner * sizeof(T));
    } else {
      for (int64_t i = 0; i < inner; ++i) to[i * di] = from[i * si];
    }
  }
}

std::vector<int64_t> RowMajorStrides(const std::vector<int64_t>& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;) strides[i - 1] = strides[i] * shape[i];
  return strides;
}

// Element size of a typed array: the copies move bytes, so any 1- or 4-byte dtype works.
int ElementBytes(const Napi::Value& array) {
  switch (array.As<Napi::TypedArray>().TypedArrayType()) {
    case napi_float32_array:
    case napi_int32_array:
    case napi_uint32_array: return 4;
    case napi_uint8_array:
    case napi_int8_array: return 1;
    default: throw Napi::TypeError::New(array.Env(), "unsupported typed array for a copy");
  }
}

void* Bytes(const Napi::Value& value) {
  auto array = value.As<Napi::TypedArray>();
  return static_cast<uint8_t*>(array.ArrayBuffer().Data()) + array.ByteOffset();
}

void Run(const Napi::Value& x, const Napi::Value& y, const Strided& plan, int64_t src_offset,
         int64_t dst_offset) {
  if (ElementBytes(x) != ElementBytes(y)) {
    throw Napi::TypeError::New(x.Env(), "copy between arrays of different element sizes");
  }
  if (ElementBytes(x) == 4) {
    Copy(static_cast<const uint32_t*>(Bytes(x)) + src_offset,
         static_cast<uint32_t*>(Bytes(y)) + dst_offset, plan);
  } else {
    Copy(static_cast<const uint8_t*>(Bytes(x)) + src_offset,
         static_cast<uint8_t*>(Bytes(y)) + dst_offset, plan);
  }
}

// transpose(x, shape, perm, y)
Napi::Value Transpose(const Napi::CallbackInfo& info) {
  const auto shape = Ints(info[1]), perm = Ints(info[2]);
  const auto in_strides = RowMajorStrides(shape);
  Strided plan;
  for (int64_t p : perm) {
    plan.dims.push_back(shape[p]);
    plan.src.push_back(in_strides[p]);
  }
  plan.dst = RowMajorStrides(plan.dims);
  Run(info[0], info[3], plan, 0, 0);
  return info.Env().Undefined();
}

// tile(x, shape, reps, y): output axis k of extent reps[k] * shape[k] is read as the pair
// (rep, index) with the rep stride 0 — a broadcast copy.
Napi::Value Tile(const Napi::CallbackInfo& info) {
  const auto shape = Ints(info[1]), reps = Ints(info[2]);
  const auto in_strides = RowMajorStrides(shape);
  Strided plan;
  for (size_t k = 0; k < shape.size(); ++k) {
    plan.dims.push_back(reps[k]);
    plan.src.push_back(0);
    plan.dims.push_back(shape[k]);
    plan.src.push_back(in_strides[k]);
  }
  plan.dst = RowMajorStrides(plan.dims);
  Run(info[0], info[3], plan, 0, 0);
  return info.Env().Undefined();
}

// slice(x, shape, begin, size, y)
Napi::Value Slice(const Napi::CallbackInfo& info) {
  const auto shape = Ints(info[1]), begin = Ints(info[2]), size = Ints(info[3]);
  const auto in_strides = RowMajorStrides(shape);
  int64_t offset = 0;
  for (size_t k = 0; k < shape.size(); ++k) offset += begin[k] * in_strides[k];
  Strided plan{size, in_strides, RowMajorStrides(size)};
  Run(info[0], info[4], plan, offset, 0);
  return info.Env().Undefined();
}

// pad(x, shape, before, y, outShape, value): y is filled with value (float32 y) or zero,
// then x is copied into its interior.
Napi::Value Pad(const Napi::CallbackInfo& info) {
  const auto shape = Ints(info[1]), before = Ints(info[2]), out_shape = Ints(info[4]);
  const int64_t n = ElementCount(info[3]);
  if (info[3].As<Napi::TypedArray>().TypedArrayType() == napi_float32_array) {
    float* y = F32(info[3], "y");
    const float value = Float(info[5]);
#pragma omp parallel for simd if (n > kParallelThreshold) schedule(dynamic, kChunkElements)
    for (int64_t i = 0; i < n; ++i) y[i] = value;
  } else {
    std::memset(Bytes(info[3]), 0, static_cast<size_t>(n) * ElementBytes(info[3]));
  }
  const auto out_strides = RowMajorStrides(out_shape);
  int64_t offset = 0;
  for (size_t k = 0; k < shape.size(); ++k) offset += before[k] * out_strides[k];
  Strided plan{shape, RowMajorStrides(shape), out_strides};
  Run(info[0], info[3], plan, 0, offset);
  return info.Env().Undefined();
}

}  // namespace

void InitLayout(Napi::Env env, Napi::Object exports) {
  exports.Set("transpose", Napi::Function::New(env, Transpose));
  exports.Set("tile", Napi::Function::New(env, Tile));
  exports.Set("slice", Napi::Function::New(env, Slice));
  exports.Set("pad", Napi::Function::New(env, Pad));
}

}  // namespace signflow

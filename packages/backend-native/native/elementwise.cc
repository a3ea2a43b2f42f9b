// Element-wise kernels as plain loops the compiler vectorises, run on the OpenMP team that
// oneDNN also uses: unary maps, broadcasting binary maps, select and dtype casts. Selects stay
// simple enough for the compiler to turn them into vector blends (built with -fno-trapping-math):
// a loop that keeps a branch per element runs over ten times slower on random signs.
#include <omp.h>

#include <algorithm>
#include <cmath>

#include "common.h"

namespace signflow {
namespace {

// Unary op codes shared with src/kernels/unary.ts.
enum Unary : int {
  kRelu, kRelu6, kSign, kAbs, kNeg, kSquare, kSqrt, kRsqrt, kExp, kLog, kStep, kElu, kSigmoid,
  kTanh, kReciprocal, kLeakyRelu,
};

template <typename F>
void Map(const float* x, float* y, int64_t n, F f) {
  // Every thread works on its own copy of the functor: read through the shared closure, a
  // captured value (Step's alpha) kept the loop from vectorising.
#pragma omp parallel if (n > kParallelThreshold)
  {
    const F local = f;
#pragma omp for simd schedule(static)
    for (int64_t i = 0; i < n; ++i) y[i] = local(x[i]);
  }
}

// unary(op, x, y, alpha): alpha is Step's value for x <= 0 and LeakyRelu's slope.
Napi::Value UnaryOp(const Napi::CallbackInfo& info) {
  const int op = static_cast<int>(Int(info[0]));
  const float* x = F32(info[1], "x");
  float* y = F32(info[2], "y");
  const float alpha = Float(info[3]);
  const int64_t n = ElementCount(info[1]);
  switch (op) {
    case kRelu: Map(x, y, n, [](float v) { return v < 0.f ? 0.f : v; }); break;
    case kRelu6: Map(x, y, n, [](float v) { return v < 0.f ? 0.f : (v > 6.f ? 6.f : v); }); break;
    case kSign:
      Map(x, y, n, [](float v) { return v < 0.f ? -1.f : (v > 0.f ? 1.f : 0.f); });
      break;
    case kAbs: Map(x, y, n, [](float v) { return std::fabs(v); }); break;
    case kNeg: Map(x, y, n, [](float v) { return -v; }); break;
    case kSquare: Map(x, y, n, [](float v) { return v * v; }); break;
    case kSqrt: Map(x, y, n, [](float v) { return std::sqrt(v); }); break;
    case kRsqrt: Map(x, y, n, [](float v) { return 1.f / std::sqrt(v); }); break;
    case kExp: Map(x, y, n, [](float v) { return std::exp(v); }); break;
    case kLog: Map(x, y, n, [](float v) { return std::log(v); }); break;
    case kStep:
      Map(x, y, n, [alpha](float v) {
        const float stepped = v > 0.f ? 1.f : alpha;
        return v == v ? stepped : v;  // NaN stays NaN
      });
      break;
    case kElu: Map(x, y, n, [](float v) { return v >= 0.f ? v : std::expm1(v); }); break;
    case kSigmoid: Map(x, y, n, [](float v) { return 1.f / (1.f + std::exp(-v)); }); break;
    case kTanh: Map(x, y, n, [](float v) { return std::tanh(v); }); break;
    case kReciprocal: Map(x, y, n, [](float v) { return 1.f / v; }); break;
    case kLeakyRelu: Map(x, y, n, [alpha](float v) { return v < 0.f ? alpha * v : v; }); break;
    default: throw Napi::Error::New(info.Env(), "unknown unary op " + std::to_string(op));
  }
  return info.Env().Undefined();
}

// Binary op codes shared with src/kernels/binary.ts; comparisons write 0/1 bytes (tfjs bool).
enum Binary : int {
  kAdd, kSub, kMul, kDiv, kMaximum, kMinimum, kPow, kSquaredDifference,
  kEqual, kNotEqual, kGreater, kGreaterEqual, kLess, kLessEqual,
  kReluGrad,  // dy * step(x): tfjs's ReLU gradient in one pass
};

// A broadcast of two operands onto the output, reduced to the fewest dimensions: adjacent
// dimensions merge when each operand either spans both or is broadcast along both.
struct Broadcast {
  std::vector<int64_t> dims, a_strides, b_strides;

  Broadcast(std::vector<int64_t> a, std::vector<int64_t> b, const std::vector<int64_t>& out) {
    const size_t rank = out.size();
    a.insert(a.begin(), rank - a.size(), 1);
    b.insert(b.begin(), rank - b.size(), 1);
    std::vector<int64_t> d;
    std::vector<bool> a_full, b_full;
    for (size_t i = 0; i < rank; ++i) {
      if (out[i] == 1) continue;
      const bool af = a[i] != 1, bf = b[i] != 1;
      if (!d.empty() && a_full.back() == af && b_full.back() == bf) {
        d.back() *= out[i];
      } else {
        d.push_back(out[i]);
        a_full.push_back(af);
        b_full.push_back(bf);
      }
    }
    if (d.empty()) {
      d.push_back(1);
      a_full.push_back(true);
      b_full.push_back(true);
    }
    dims = d;
    a_strides.assign(d.size(), 0);
    b_strides.assign(d.size(), 0);
    int64_t sa = 1, sb = 1;
    for (size_t i = d.size(); i-- > 0;) {
      if (a_full[i]) a_strides[i] = sa, sa *= d[i];
      if (b_full[i]) b_strides[i] = sb, sb *= d[i];
    }
  }
};

template <typename Out, typename F>
void Inner(const float* a, int64_t sa, const float* b, int64_t sb, Out* y, int64_t n, F f) {
  // Four specialisations so the common contiguous and scalar cases vectorise.
  if (sa == 1 && sb == 1) {
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) y[i] = f(a[i], b[i]);
  } else if (sa == 1) {
    const float bv = b[0];
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) y[i] = f(a[i], bv);
  } else if (sb == 1) {
    const float av = a[0];
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) y[i] = f(av, b[i]);
  } else {
    const Out v = f(a[0], b[0]);
    for (int64_t i = 0; i < n; ++i) y[i] = v;
  }
}

// Parallel over (row, chunk) pairs so that both many short rows and one long row keep the whole
// team busy.
template <typename Out, typename F>
void BinaryMap(const float* a, const float* b, Out* y, const Broadcast& bc, F f) {
  constexpr int64_t kChunk = 1 << 14;
  const size_t rank = bc.dims.size();
  const int64_t inner = bc.dims[rank - 1];
  const int64_t rows = Product(bc.dims) / inner;
  const int64_t chunks = (inner + kChunk - 1) / kChunk;
  const int64_t sa = bc.a_strides[rank - 1], sb = bc.b_strides[rank - 1];
#pragma omp parallel for if (rows * inner > kParallelThreshold) schedule(static)
  for (int64_t item = 0; item < rows * chunks; ++item) {
    const int64_t row = item / chunks;
    const int64_t begin = (item % chunks) * kChunk;
    int64_t oa = 0, ob = 0, rest = row;
    for (size_t d = rank - 1; d-- > 0;) {
      const int64_t index = rest % bc.dims[d];
      rest /= bc.dims[d];
      oa += index * bc.a_strides[d];
      ob += index * bc.b_strides[d];
    }
    Inner(a + oa + begin * sa, sa, b + ob + begin * sb, sb, y + row * inner + begin,
          std::min(kChunk, inner - begin), f);
  }
}

// binary(op, a, aShape, b, bShape, y, yShape): y is a Float32Array, or a Uint8Array for
// comparisons.
Napi::Value BinaryOp(const Napi::CallbackInfo& info) {
  const int op = static_cast<int>(Int(info[0]));
  const float* a = F32(info[1], "a");
  const float* b = F32(info[3], "b");
  const Broadcast bc(Ints(info[2]), Ints(info[4]), Ints(info[6]));
  if (op >= kEqual && op <= kLessEqual) {
    uint8_t* y = DataOf<uint8_t>(info[5], napi_uint8_array, "y");
    switch (op) {
      case kEqual: BinaryMap(a, b, y, bc, [](float p, float q) -> uint8_t { return p == q; }); break;
      case kNotEqual: BinaryMap(a, b, y, bc, [](float p, float q) -> uint8_t { return p != q; }); break;
      case kGreater: BinaryMap(a, b, y, bc, [](float p, float q) -> uint8_t { return p > q; }); break;
      case kGreaterEqual: BinaryMap(a, b, y, bc, [](float p, float q) -> uint8_t { return p >= q; }); break;
      case kLess: BinaryMap(a, b, y, bc, [](float p, float q) -> uint8_t { return p < q; }); break;
      case kLessEqual: BinaryMap(a, b, y, bc, [](float p, float q) -> uint8_t { return p <= q; }); break;
      default: throw Napi::Error::New(info.Env(), "unknown comparison " + std::to_string(op));
    }
    return info.Env().Undefined();
  }
  float* y = F32(info[5], "y");
  switch (op) {
    case kAdd: BinaryMap(a, b, y, bc, [](float p, float q) { return p + q; }); break;
    case kSub: BinaryMap(a, b, y, bc, [](float p, float q) { return p - q; }); break;
    case kMul: BinaryMap(a, b, y, bc, [](float p, float q) { return p * q; }); break;
    case kDiv: BinaryMap(a, b, y, bc, [](float p, float q) { return p / q; }); break;
    case kMaximum:
      BinaryMap(a, b, y, bc, [](float p, float q) { return p > q ? p : (q >= p ? q : p + q); });
      break;
    case kMinimum:
      BinaryMap(a, b, y, bc, [](float p, float q) { return p < q ? p : (q <= p ? q : p + q); });
      break;
    case kPow: BinaryMap(a, b, y, bc, [](float p, float q) { return std::pow(p, q); }); break;
    case kSquaredDifference:
      BinaryMap(a, b, y, bc, [](float p, float q) { return (p - q) * (p - q); });
      break;
    case kReluGrad:
      BinaryMap(a, b, y, bc, [](float dy, float x) { return dy * (x > 0.f ? 1.f : (x <= 0.f ? 0.f : x)); });
      break;
    default: throw Napi::Error::New(info.Env(), "unknown binary op " + std::to_string(op));
  }
  return info.Env().Undefined();
}

// channelVariance(x, mean, variance, rows, channels): variance = the mean over rows of
// (x - mean)^2, per channel, in one read-only pass over x. The centred tensor and its square that
// tfjs's `moments` asks for are deferred (see moments.ts), so nothing is written.
Napi::Value ChannelVariance(const Napi::CallbackInfo& info) {
  const float* x = F32(info[0], "x");
  const float* mean = F32(info[1], "mean");
  float* variance = F32(info[2], "variance");
  const int64_t rows = Int(info[3]), c = Int(info[4]);
  const int threads = rows * c > kParallelThreshold ? omp_get_max_threads() : 1;
  std::vector<double> partial(static_cast<size_t>(threads) * c, 0.0);
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    double* sum = partial.data() + static_cast<size_t>(t) * c;
    const int64_t begin = rows * t / threads, end = rows * (t + 1) / threads;
    for (int64_t r = begin; r < end; ++r) {
      const float* xr = x + r * c;
#pragma omp simd
      for (int64_t k = 0; k < c; ++k) {
        const float v = xr[k] - mean[k];
        sum[k] += v * v;
      }
    }
  }
  for (int64_t k = 0; k < c; ++k) {
    double total = 0.0;
    for (int t = 0; t < threads; ++t) total += partial[static_cast<size_t>(t) * c + k];
    variance[k] = static_cast<float>(total / static_cast<double>(rows));
  }
  return info.Env().Undefined();
}

// select(condition, a, b, y): y = condition ? a : b, one condition byte per element.
Napi::Value Select(const Napi::CallbackInfo& info) {
  const uint8_t* c = DataOf<uint8_t>(info[0], napi_uint8_array, "condition");
  const float* a = F32(info[1], "a");
  const float* b = F32(info[2], "b");
  float* y = F32(info[3], "y");
  const int64_t n = ElementCount(info[3]);
#pragma omp parallel for simd if (n > kParallelThreshold) schedule(static)
  for (int64_t i = 0; i < n; ++i) y[i] = c[i] ? a[i] : b[i];
  return info.Env().Undefined();
}

// cast(x, y): float32 -> bool (x != 0), bool -> float32, int32 -> float32.
Napi::Value Cast(const Napi::CallbackInfo& info) {
  const auto from = info[0].As<Napi::TypedArray>().TypedArrayType();
  const auto to = info[1].As<Napi::TypedArray>().TypedArrayType();
  const int64_t n = ElementCount(info[0]);
  if (from == napi_float32_array && to == napi_uint8_array) {
    const float* x = F32(info[0], "x");
    uint8_t* y = DataOf<uint8_t>(info[1], napi_uint8_array, "y");
#pragma omp parallel for simd if (n > kParallelThreshold) schedule(static)
    for (int64_t i = 0; i < n; ++i) y[i] = x[i] != 0.f;
  } else if (from == napi_uint8_array && to == napi_float32_array) {
    const uint8_t* x = DataOf<uint8_t>(info[0], napi_uint8_array, "x");
    float* y = F32(info[1], "y");
#pragma omp parallel for simd if (n > kParallelThreshold) schedule(static)
    for (int64_t i = 0; i < n; ++i) y[i] = static_cast<float>(x[i]);
  } else if (from == napi_int32_array && to == napi_float32_array) {
    const int32_t* x = DataOf<int32_t>(info[0], napi_int32_array, "x");
    float* y = F32(info[1], "y");
#pragma omp parallel for simd if (n > kParallelThreshold) schedule(static)
    for (int64_t i = 0; i < n; ++i) y[i] = static_cast<float>(x[i]);
  } else {
    throw Napi::TypeError::New(info.Env(), "cast: unsupported pair of array types " +
                                               std::to_string(from) + " -> " + std::to_string(to));
  }
  return info.Env().Undefined();
}

}  // namespace

void InitElementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("unary", Napi::Function::New(env, UnaryOp));
  exports.Set("binary", Napi::Function::New(env, BinaryOp));
  exports.Set("select", Napi::Function::New(env, Select));
  exports.Set("channelVariance", Napi::Function::New(env, ChannelVariance));
  exports.Set("cast", Napi::Function::New(env, Cast));
}

}  // namespace signflow

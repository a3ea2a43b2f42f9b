// Reductions over one contiguous block of axes. The caller collapses the input to
// [outer, reduce, inner]; sums accumulate in double like the tfjs cpu kernels (JS numbers).
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "common.h"

namespace signflow {
namespace {

// Reduce op codes shared with src/kernels/reduce.ts.
enum Reduce : int { kSum, kMean, kMax, kMin, kProd };

struct SumOp {
  static double Init() { return 0.0; }
  static double Apply(double acc, float v) { return acc + v; }
  static double Merge(double p, double q) { return p + q; }
};
struct ProdOp {
  static double Init() { return 1.0; }
  static double Apply(double acc, float v) { return acc * v; }
  static double Merge(double p, double q) { return p * q; }
};
struct MaxOp {
  static double Init() { return -std::numeric_limits<double>::infinity(); }
  static double Apply(double acc, float v) { return v > acc || v != v ? v : acc; }
  static double Merge(double p, double q) { return q > p || q != q ? q : p; }
};
struct MinOp {
  static double Init() { return std::numeric_limits<double>::infinity(); }
  static double Apply(double acc, float v) { return v < acc || v != v ? v : acc; }
  static double Merge(double p, double q) { return q < p || q != q ? q : p; }
};

// Folds rows [begin, end) of a row-major [rows, inner] block into acc[0, inner), column by
// column: acc[i] = Op(acc[i], value(row, i)). Columns go 16 at a time so that their accumulators
// stay in vector registers across the rows (with few channels, as in NHWC batch statistics, a
// loop over all columns per row would load and store every accumulator per row).
template <typename Op, typename Value>
void FoldColumns(const float* block, int64_t inner, int64_t begin, int64_t end, double* acc, Value value) {
  constexpr int64_t kLanes = 16;
  int64_t i0 = 0;
  for (; i0 + kLanes <= inner; i0 += kLanes) {
    double a[kLanes];
    for (int64_t j = 0; j < kLanes; ++j) a[j] = acc[i0 + j];
    for (int64_t r = begin; r < end; ++r) {
      const float* row = block + r * inner + i0;
#pragma omp simd
      for (int64_t j = 0; j < kLanes; ++j) a[j] = Op::Apply(a[j], value(row[j], i0 + j));
    }
    for (int64_t j = 0; j < kLanes; ++j) acc[i0 + j] = a[j];
  }
  for (; i0 < inner; ++i0) {
    double a = acc[i0];
    for (int64_t r = begin; r < end; ++r) a = Op::Apply(a, value(block[r * inner + i0], i0));
    acc[i0] = a;
  }
}

// y[i] = scale * the Op-fold over the rows of column i of a [rows, inner] block: rows go in
// fixed chunks to whichever thread is free, each chunk into its own accumulators, merged in chunk
// order (see RowsPerChunk).
template <typename Op, typename Value>
void ReduceColumns(const float* block, float* y, int64_t rows, int64_t inner, double scale, Value value) {
  const RowChunks chunks(rows, inner, 64);
  std::vector<double> partial(static_cast<size_t>(chunks.count) * inner, Op::Init());
  ForEachChunk(chunks, rows * inner, [&](int64_t chunk, int64_t begin, int64_t end) {
    FoldColumns<Op>(block, inner, begin, end, partial.data() + static_cast<size_t>(chunk) * inner, value);
  });
  for (int64_t i = 0; i < inner; ++i) {
    double acc = partial[i];
    for (int64_t chunk = 1; chunk < chunks.count; ++chunk) acc = Op::Merge(acc, partial[chunk * inner + i]);
    y[i] = static_cast<float>(acc * scale);
  }
}

// Every (outer, inner) output gets the reduction of `reduce` strided values.
template <typename Op>
void ReduceBlock(const float* x, float* y, int64_t outer, int64_t reduce, int64_t inner,
                 double scale) {
  const int64_t total = outer * reduce * inner;
  if (inner == 1) {
    // Contiguous rows: one row per iteration, or the rows split across threads when few.
#pragma omp parallel for if (total > kParallelThreshold) schedule(dynamic, RowsPerChunk(reduce))
    for (int64_t o = 0; o < outer; ++o) {
      const float* row = x + o * reduce;
      double acc = Op::Init();
      for (int64_t r = 0; r < reduce; ++r) acc = Op::Apply(acc, row[r]);
      y[o] = static_cast<float>(acc * scale);
    }
    return;
  }
  // Column reductions (e.g. NHWC over N, H, W).
  const auto identity = [](float v, int64_t) { return v; };
  for (int64_t o = 0; o < outer; ++o) {
    ReduceColumns<Op>(x + o * reduce * inner, y + o * inner, reduce, inner, scale, identity);
  }
}

// reduce(op, x, y, outer, reduce, inner)
Napi::Value ReduceOp(const Napi::CallbackInfo& info) {
  const int op = static_cast<int>(Int(info[0]));
  const float* x = F32(info[1], "x");
  float* y = F32(info[2], "y");
  const int64_t outer = Int(info[3]), reduce = Int(info[4]), inner = Int(info[5]);
  switch (op) {
    case kSum: ReduceBlock<SumOp>(x, y, outer, reduce, inner, 1.0); break;
    case kMean: ReduceBlock<SumOp>(x, y, outer, reduce, inner, 1.0 / static_cast<double>(reduce)); break;
    case kMax: ReduceBlock<MaxOp>(x, y, outer, reduce, inner, 1.0); break;
    case kMin: ReduceBlock<MinOp>(x, y, outer, reduce, inner, 1.0); break;
    case kProd: ReduceBlock<ProdOp>(x, y, outer, reduce, inner, 1.0); break;
    default: throw Napi::Error::New(info.Env(), "unknown reduction " + std::to_string(op));
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
  ReduceColumns<SumOp>(x, variance, rows, c, 1.0 / static_cast<double>(rows), [mean](float v, int64_t i) {
    const float d = v - mean[i];
    return d * d;
  });
  return info.Env().Undefined();
}

// channelMoments(x, mean, variance, rows, channels): the per-channel mean and biased variance of a
// [rows, channels] block in one read of x. Sums of x and x^2 accumulate in double (channels 16 at
// a time, in registers), so variance = E[x^2] - mean^2 keeps float32 accuracy unless the mean
// exceeds the standard deviation by a factor of about a million.
Napi::Value ChannelMoments(const Napi::CallbackInfo& info) {
  const float* x = F32(info[0], "x");
  float* mean = F32(info[1], "mean");
  float* variance = F32(info[2], "variance");
  const int64_t rows = Int(info[3]), c = Int(info[4]);
  const RowChunks chunks(rows, c, 64);
  std::vector<double> partial(static_cast<size_t>(chunks.count) * 2 * c, 0.0);
  ForEachChunk(chunks, rows * c, [&](int64_t chunk, int64_t begin, int64_t end) {
    constexpr int64_t kLanes = 16;
    double* sums = partial.data() + static_cast<size_t>(chunk) * 2 * c;
    double* squares = sums + c;
    for (int64_t k0 = 0; k0 < c; k0 += kLanes) {
      const int64_t lanes = std::min(kLanes, c - k0);
      double a[kLanes] = {}, b[kLanes] = {};
      if (lanes == kLanes) {
        for (int64_t r = begin; r < end; ++r) {
          const float* row = x + r * c + k0;
#pragma omp simd
          for (int64_t j = 0; j < kLanes; ++j) {
            const double v = row[j];
            a[j] += v;
            b[j] += v * v;
          }
        }
      } else {
        for (int64_t r = begin; r < end; ++r) {
          for (int64_t j = 0; j < lanes; ++j) {
            const double v = x[r * c + k0 + j];
            a[j] += v;
            b[j] += v * v;
          }
        }
      }
      for (int64_t j = 0; j < lanes; ++j) sums[k0 + j] = a[j], squares[k0 + j] = b[j];
    }
  });
  for (int64_t k = 0; k < c; ++k) {
    double sum = 0.0, square = 0.0;
    for (int64_t chunk = 0; chunk < chunks.count; ++chunk) {
      sum += partial[static_cast<size_t>(chunk) * 2 * c + k];
      square += partial[static_cast<size_t>(chunk) * 2 * c + c + k];
    }
    const double m = sum / static_cast<double>(rows);
    mean[k] = static_cast<float>(m);
    variance[k] = static_cast<float>(std::max(0.0, square / static_cast<double>(rows) - m * m));
  }
  return info.Env().Undefined();
}

}  // namespace

void InitReduce(Napi::Env env, Napi::Object exports) {
  exports.Set("reduce", Napi::Function::New(env, ReduceOp));
  exports.Set("channelVariance", Napi::Function::New(env, ChannelVariance));
  exports.Set("channelMoments", Napi::Function::New(env, ChannelMoments));
}

}  // namespace signflow

// Reductions over one contiguous block of axes. The caller collapses the input to
// [outer, reduce, inner]; sums accumulate in double like the tfjs cpu kernels (JS numbers).
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>

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

// Every (outer, inner) output gets the reduction of `reduce` strided values.
template <typename Op>
void ReduceBlock(const float* x, float* y, int64_t outer, int64_t reduce, int64_t inner,
                 double scale) {
  const int64_t total = outer * reduce * inner;
  if (inner == 1) {
    // Contiguous rows: one row per iteration, or the rows split across threads when few.
#pragma omp parallel for if (total > kParallelThreshold) schedule(static)
    for (int64_t o = 0; o < outer; ++o) {
      const float* row = x + o * reduce;
      double acc = Op::Init();
      for (int64_t r = 0; r < reduce; ++r) acc = Op::Apply(acc, row[r]);
      y[o] = static_cast<float>(acc * scale);
    }
    return;
  }
  for (int64_t o = 0; o < outer; ++o) {
    const float* block = x + o * reduce * inner;
    // Column reduction (e.g. NHWC over N, H, W): each thread accumulates a slice of the rows
    // into its own vector, and the vectors are merged at the end.
    const int threads = total > kParallelThreshold ? omp_get_max_threads() : 1;
    std::vector<double> partial(static_cast<size_t>(threads) * inner, Op::Init());
#pragma omp parallel num_threads(threads)
    {
      const int t = omp_get_thread_num();
      double* acc = partial.data() + static_cast<size_t>(t) * inner;
      const int64_t begin = reduce * t / threads, end = reduce * (t + 1) / threads;
      for (int64_t r = begin; r < end; ++r) {
        const float* row = block + r * inner;
#pragma omp simd
        for (int64_t i = 0; i < inner; ++i) acc[i] = Op::Apply(acc[i], row[i]);
      }
    }
    for (int64_t i = 0; i < inner; ++i) {
      double acc = partial[i];
      for (int t = 1; t < threads; ++t) acc = Op::Merge(acc, partial[t * inner + i]);
      y[o * inner + i] = static_cast<float>(acc * scale);
    }
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

}  // namespace

void InitReduce(Napi::Env env, Napi::Object exports) {
  exports.Set("reduce", Napi::Function::New(env, ReduceOp));
}

}  // namespace signflow

// Element-wise kernels as plain loops the compiler vectorises, run on the OpenMP team that
// oneDNN also uses: unary maps, broadcasting binary maps, the fused evaluator of element-wise
// chains (unary, binary and ternary operations) and dtype casts. Selects stay
// simple enough for the compiler to turn them into vector blends (built with -fno-trapping-math):
// a loop that keeps a branch per element runs over ten times slower on random signs.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "common.h"
#include "opcodes.h"
#include "vector_math.h"

namespace signflow {
namespace {

template <typename F>
void Map(const float* x, float* y, int64_t n, F f) {
  // Every thread works on its own copy of the functor: read through the shared closure, a
  // captured value (Step's alpha) kept the loop from vectorising.
#pragma omp parallel if (n > kParallelThreshold)
  {
    const F local = f;
#pragma omp for simd schedule(dynamic, kChunkElements)
    for (int64_t i = 0; i < n; ++i) y[i] = local(x[i]);
  }
}

// Calls use(f) with the functor of unary op `op` (tfjs's NaN and zero conventions); false when
// the code is unknown. One definition for the direct kernel and the fused evaluator.
template <typename Use>
__attribute__((always_inline)) inline bool VisitUnary(int op, float alpha, Use&& use) {
  switch (op) {
    case kRelu: use([](float v) { return v < 0.f ? 0.f : v; }); return true;
    case kRelu6: use([](float v) { return v < 0.f ? 0.f : (v > 6.f ? 6.f : v); }); return true;
    case kSign: use([](float v) { return v < 0.f ? -1.f : (v > 0.f ? 1.f : 0.f); }); return true;
    case kAbs: use([](float v) { return std::fabs(v); }); return true;
    case kNeg: use([](float v) { return -v; }); return true;
    case kSquare: use([](float v) { return v * v; }); return true;
    case kSqrt: use([](float v) { return std::sqrt(v); }); return true;
    case kRsqrt: use([](float v) { return 1.f / std::sqrt(v); }); return true;
    case kExp: use([](float v) { return std::exp(v); }); return true;
    case kLog: use([](float v) { return std::log(v); }); return true;
    case kStep:
      use([alpha](float v) {
        const float stepped = v > 0.f ? 1.f : alpha;
        return v == v ? stepped : v;  // NaN stays NaN
      });
      return true;
    case kElu: use([](float v) { return v >= 0.f ? v : std::expm1(v); }); return true;
    case kSigmoid: use([](float v) { return 1.f / (1.f + std::exp(-v)); }); return true;
    case kTanh: use([](float v) { return std::tanh(v); }); return true;
    case kReciprocal: use([](float v) { return 1.f / v; }); return true;
    case kLeakyRelu: use([alpha](float v) { return v < 0.f ? alpha * v : v; }); return true;
    case kCos: use([](float v) { return std::cos(v); }); return true;
    case kSin: use([](float v) { return std::sin(v); }); return true;
    // Halves to even, as tfjs's Round (the default rounding mode).
    case kRound: use([](float v) { return std::nearbyint(v); }); return true;
    // On bool values held as 0/1 (the fused evaluator's bool operands).
    case kLogicalNot: use([](float v) { return v != 0.f ? 0.f : 1.f; }); return true;
    default: return false;
  }
}

// unary(op, x, y, alpha): alpha is Step's value for x <= 0 and LeakyRelu's slope.
Napi::Value UnaryOp(const Napi::CallbackInfo& info) {
  const int op = static_cast<int>(Int(info[0]));
  const float* x = F32(info[1], "x");
  float* y = F32(info[2], "y");
  const float alpha = Float(info[3]);
  const int64_t n = ElementCount(info[1]);
  if (!VisitUnary(op, alpha, [&](auto f) { Map(x, y, n, f); })) {
    throw Napi::Error::New(info.Env(), "unknown unary op " + std::to_string(op));
  }
  return info.Env().Undefined();
}

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
#pragma omp parallel for if (rows * inner > kParallelThreshold) schedule(dynamic, RowsPerChunk(std::min(kChunk, inner)))
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

// Calls use(f) with the functor of binary op `op`; comparisons return 1 or 0 (as floats, so that
// they vectorise as blends; a tfjs bool tensor stores them as bytes). False when the code is
// unknown.
template <typename Use>
__attribute__((always_inline)) inline bool VisitBinary(int op, Use&& use) {
  switch (op) {
    case kAdd: use([](float p, float q) { return p + q; }); return true;
    case kSub: use([](float p, float q) { return p - q; }); return true;
    case kMultiply: use([](float p, float q) { return p * q; }); return true;
    case kRealDiv: use([](float p, float q) { return p / q; }); return true;
    case kMaximum: use([](float p, float q) { return p > q ? p : (q >= p ? q : p + q); }); return true;
    case kMinimum: use([](float p, float q) { return p < q ? p : (q <= p ? q : p + q); }); return true;
    case kPow: use([](float p, float q) { return std::pow(p, q); }); return true;
    case kSquaredDifference: use([](float p, float q) { return (p - q) * (p - q); }); return true;
    case kEqual: use([](float p, float q) { return p == q ? 1.f : 0.f; }); return true;
    case kNotEqual: use([](float p, float q) { return p != q ? 1.f : 0.f; }); return true;
    case kGreater: use([](float p, float q) { return p > q ? 1.f : 0.f; }); return true;
    case kGreaterEqual: use([](float p, float q) { return p >= q ? 1.f : 0.f; }); return true;
    case kLess: use([](float p, float q) { return p < q ? 1.f : 0.f; }); return true;
    case kLessEqual: use([](float p, float q) { return p <= q ? 1.f : 0.f; }); return true;
    // dy * step(x): tfjs's ReLU gradient in one pass.
    case kSignflowReluGrad:
      use([](float dy, float x) { return dy * (x > 0.f ? 1.f : (x <= 0.f ? 0.f : x)); });
      return true;
    // On bool values held as 0/1 (the fused evaluator's bool operands).
    case kLogicalAnd: use([](float p, float q) { return p != 0.f && q != 0.f ? 1.f : 0.f; }); return true;
    case kLogicalOr: use([](float p, float q) { return p != 0.f || q != 0.f ? 1.f : 0.f; }); return true;
    default: return false;
  }
}

// Calls use(f) with a functor for pow(p, q) at the constant exponents that have a cheaper form
// (PyTorch's CPU pow special-cases these too): ReSTE's pseudo-gradient at o = 2 is
// |x|^(-1/2), at o = 1 |x|^0. Each gives IEEE pow's value, signed zeros, infinities and NaN
// included (sqrt(-0) is -0 where pow(-0, 1/2) is +0, hence the + 0.f), within 1 ulp: sqrt and
// division are correctly rounded, where libmvec's powf is within 4 ulp. False for another q.
template <typename Use>
__attribute__((always_inline)) inline bool VisitPowByConstant(float q, Use&& use) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  if (q == 0.f) use([](float, float) { return 1.f; });
  else if (q == 1.f) use([](float p, float) { return p; });
  else if (q == 2.f) use([](float p, float) { return p * p; });
  else if (q == -1.f) use([](float p, float) { return 1.f / p; });
  else if (q == 0.5f) use([=](float p, float) { return p == -kInf ? kInf : std::sqrt(p) + 0.f; });
  else if (q == -0.5f) use([=](float p, float) { return p == -kInf ? 0.f : 1.f / (std::sqrt(p) + 0.f); });
  else return false;
  return true;
}

// Calls use(f) with the functor of binary op `op`, or with pow's cheaper form when the exponent
// is a constant (`constant_b`, null when operand b varies) that has one. False when `op` is
// unknown. The one dispatch of the direct kernel and the fused evaluator.
template <typename Use>
__attribute__((always_inline)) inline bool VisitBinaryOperation(int op, const float* constant_b, Use&& use) {
  if (op == kPow && constant_b != nullptr && VisitPowByConstant(*constant_b, use)) return true;
  return VisitBinary(op, use);
}

// Calls use(f) with the functor of ternary op `op`; false when the code is unknown.
template <typename Use>
__attribute__((always_inline)) inline bool VisitTernary(int op, Use&& use) {
  switch (op) {
    // A bool condition held as 0/1 picks t where it is 1.
    case kSelect: use([](float c, float t, float e) { return c != 0.f ? t : e; }); return true;
    // tfjs's ClipByValue: NaN stays NaN.
    case kClipByValue: use([](float x, float lo, float hi) { return x > hi ? hi : (x < lo ? lo : x); }); return true;
    default: return false;
  }
}

// binary(op, a, aShape, b, bShape, y, yShape): y is a Float32Array, or a Uint8Array for
// comparisons.
Napi::Value BinaryOp(const Napi::CallbackInfo& info) {
  const int op = static_cast<int>(Int(info[0]));
  const float* a = F32(info[1], "a");
  const float* b = F32(info[3], "b");
  const Broadcast bc(Ints(info[2]), Ints(info[4]), Ints(info[6]));
  // Logical ops take bool operands and run in the fused evaluator only.
  if (op >= kLogicalAnd) throw Napi::Error::New(info.Env(), "binary: logical ops are evaluated by fused");
  const bool comparison = op >= kEqual && op <= kLessEqual;
  const auto apply = [&](auto f) {
    if (comparison) {
      BinaryMap(a, b, DataOf<uint8_t>(info[5], napi_uint8_array, "y"), bc, f);
    } else {
      BinaryMap(a, b, F32(info[5], "y"), bc, f);
    }
  };
  const bool known = VisitBinaryOperation(op, ElementCount(info[3]) == 1 ? b : nullptr, apply);
  if (!known) throw Napi::Error::New(info.Env(), "unknown binary op " + std::to_string(op));
  return info.Env().Undefined();
}

// A fused program (built by src/fusion.ts). Each instruction is [kind, code, dst, aKind, a, bKind,
// b, cKind, c]: a unary op `code` of operand a (operand b is its alpha, a constant), a binary op
// of operands a and b, a ternary op of a, b and c, or the load of bool leaf a as 0/1. An operand
// is a register, a float32 leaf (read in place), a constant, or a per-channel vector (element i
// takes channels[a + i % period]: NHWC data and a [C] vector, as in batch norm). An instruction's
// result goes to register dst, which none of its own operands uses (registers are reused once
// their value is dead, see src/fusion.ts).
enum Instruction : int { kUnaryOp, kBinaryOp, kLoadU8, kTernaryOp };
enum OperandKind : int { kRegister, kLeaf, kScalar, kChannel };
constexpr int kInstructionWidth = 9;
constexpr int kMaxRegisters = 32;
constexpr int64_t kBlock = 256;
// Registers are kBlock floats apart plus one cache line: at a multiple of 4 KB from each other, a
// load from one register would wait on the stores to another (4K aliasing).
constexpr int64_t kRegisterStride = kBlock + 16;
// Scratch registers after the program's, for constant operands written out in full.
constexpr int kScratchRegisters = 3;

// An operand resolved for one block: a pointer indexed by element (a register, a leaf, or a
// per-channel vector tiled to the block's length), or one value.
struct Source {
  int kind;
  const float* p;
  float v;
};

// Writes a constant operand out in full, for an operation whose other operands need it so.
__attribute__((always_inline)) inline const float* Expand(const Source& s, float* scratch, int64_t len) {
  if (s.kind != kScalar) return s.p;
#pragma omp simd
  for (int64_t i = 0; i < len; ++i) scratch[i] = s.v;
  return scratch;
}

// d = f(a, b) over a block; a constant is read in place when the other operand is not one.
template <typename F>
__attribute__((always_inline)) inline void ApplyBinary(F f, const Source& a, const Source& b, float* __restrict d,
                                                       int64_t len, float* s0, float* s1) {
  if (a.kind != kScalar && b.kind == kScalar) {
    const float* __restrict pa = a.p;
    const float q = b.v;
#pragma omp simd
    for (int64_t i = 0; i < len; ++i) d[i] = f(pa[i], q);
  } else if (a.kind == kScalar && b.kind != kScalar) {
    const float p = a.v;
    const float* __restrict pb = b.p;
#pragma omp simd
    for (int64_t i = 0; i < len; ++i) d[i] = f(p, pb[i]);
  } else {
    const float* __restrict pa = Expand(a, s0, len);
    const float* __restrict pb = Expand(b, s1, len);
#pragma omp simd
    for (int64_t i = 0; i < len; ++i) d[i] = f(pa[i], pb[i]);
  }
}

// d = f(a, b, c) over a block. The common shapes read their constants in place: a select between
// a tensor and a constant (a gradient or zero), and a clip of a tensor between two constants.
template <typename F>
__attribute__((always_inline)) inline void ApplyTernary(F f, const Source& a, const Source& b, const Source& c,
                                                        float* __restrict d, int64_t len, float* s0, float* s1,
                                                        float* s2) {
  const float* __restrict pa = Expand(a, s0, len);
  if (b.kind != kScalar && c.kind == kScalar) {
    const float* __restrict pb = b.p;
    const float r = c.v;
#pragma omp simd
    for (int64_t i = 0; i < len; ++i) d[i] = f(pa[i], pb[i], r);
  } else if (b.kind == kScalar && c.kind != kScalar) {
    const float q = b.v;
    const float* __restrict pc = c.p;
#pragma omp simd
    for (int64_t i = 0; i < len; ++i) d[i] = f(pa[i], q, pc[i]);
  } else if (b.kind == kScalar && c.kind == kScalar) {
    const float q = b.v, r = c.v;
#pragma omp simd
    for (int64_t i = 0; i < len; ++i) d[i] = f(pa[i], q, r);
  } else {
    const float* __restrict pb = b.p;
    const float* __restrict pc = Expand(c, s2, len);
#pragma omp simd
    for (int64_t i = 0; i < len; ++i) d[i] = f(pa[i], pb[i], pc[i]);
  }
}

// Evaluates the program on elements [begin, begin + len) and writes them to y. Compiled for
// AVX-512, AVX2 and baseline x86-64, picked at load time: the registers live in L1, so unlike
// the memory-bound single kernels this loop gains from wider vectors.
__attribute__((target_clones("avx512f", "avx2", "default")))
void EvaluateBlock(const int32_t* program, int64_t count, const std::vector<const void*>& leaves,
                   const float* constants, float (*tiles)[kRegisterStride], void* y, bool bool_out,
                   int64_t begin, int64_t len, float (*registers)[kRegisterStride]) {
  float* s0 = registers[kMaxRegisters];
  float* s1 = registers[kMaxRegisters + 1];
  float* s2 = registers[kMaxRegisters + 2];
  const auto source = [&](int kind, int32_t index) -> Source {
    switch (kind) {
      case kRegister: return {kRegister, registers[index], 0.f};
      case kLeaf: return {kLeaf, static_cast<const float*>(leaves[index]) + begin, 0.f};
      case kScalar: return {kScalar, nullptr, constants[index]};
      default: return {kChannel, tiles[index], 0.f};
    }
  };
  for (int64_t k = 0; k < count; ++k) {
    const int32_t* ins = program + k * kInstructionWidth;
    float* __restrict d = registers[ins[2]];
    switch (ins[0]) {
      case kLoadU8: {
        const uint8_t* src = static_cast<const uint8_t*>(leaves[ins[4]]) + begin;
#pragma omp simd
        for (int64_t i = 0; i < len; ++i) d[i] = static_cast<float>(src[i]);
        break;
      }
      case kUnaryOp: {
        const float* __restrict a = Expand(source(ins[3], ins[4]), s0, len);
        VisitUnary(ins[1], constants[ins[6]], [=](auto f) {
#pragma omp simd
          for (int64_t i = 0; i < len; ++i) d[i] = f(a[i]);
        });
        break;
      }
      case kBinaryOp: {
        const Source a = source(ins[3], ins[4]), b = source(ins[5], ins[6]);
        VisitBinaryOperation(ins[1], b.kind == kScalar ? &b.v : nullptr, [&](auto f) { ApplyBinary(f, a, b, d, len, s0, s1); });
        break;
      }
      default: {
        const Source a = source(ins[3], ins[4]), b = source(ins[5], ins[6]), c = source(ins[7], ins[8]);
        VisitTernary(ins[1], [&](auto f) { ApplyTernary(f, a, b, c, d, len, s0, s1, s2); });
        break;
      }
    }
  }
  const float* r = registers[program[(count - 1) * kInstructionWidth + 2]];
  if (bool_out) {
    uint8_t* dst = static_cast<uint8_t*>(y) + begin;
#pragma omp simd
    for (int64_t i = 0; i < len; ++i) dst[i] = r[i] != 0.f;
  } else {
    float* dst = static_cast<float*>(y) + begin;
#pragma omp simd
    for (int64_t i = 0; i < len; ++i) dst[i] = r[i];
  }
}

// Whether operand (kind, index) is valid for the program's inputs.
bool ValidOperand(int32_t kind, int32_t index, size_t leaves, int64_t constants, int64_t channels, int64_t period) {
  switch (kind) {
    case kRegister: return index >= 0 && index < kMaxRegisters;
    case kLeaf: return index >= 0 && static_cast<size_t>(index) < leaves;
    case kScalar: return index >= 0 && index < constants;
    case kChannel: return index >= 0 && index + period <= channels;
    default: return false;
  }
}

// fused(program, leaves, constants, channels, period, y): evaluates a chain of element-wise
// operations (the program above) in one pass over the data, kBlock elements at a time, with every
// intermediate in stack registers that stay in L1: only the leaves are read and only y is
// written. The last instruction's register is written to y (a Uint8Array receives value != 0).
Napi::Value Fused(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const auto program_array = info[0].As<Napi::Int32Array>();
  const int32_t* program = program_array.Data();
  const int64_t count = static_cast<int64_t>(program_array.ElementLength()) / kInstructionWidth;
  const auto leaf_array = info[1].As<Napi::Array>();
  std::vector<const void*> leaves(leaf_array.Length());
  std::vector<bool> byte_leaf(leaf_array.Length());
  for (uint32_t i = 0; i < leaf_array.Length(); ++i) {
    const Napi::Value leaf = leaf_array.Get(i);
    byte_leaf[i] = leaf.IsTypedArray() && leaf.As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array;
    leaves[i] = byte_leaf[i] ? static_cast<const void*>(DataOf<uint8_t>(leaf, napi_uint8_array, "leaf"))
                             : static_cast<const void*>(F32(leaf, "leaf"));
  }
  const float* constants = F32(info[2], "constants");
  const int64_t constant_count = ElementCount(info[2]);
  const float* channels = F32(info[3], "channels");
  const int64_t channel_count = ElementCount(info[3]);
  const int64_t period = Int(info[4]);
  if (period < 1 || period > kBlock) throw Napi::Error::New(env, "fused: channel period must be 1 to " + std::to_string(kBlock));
  const Napi::Value out = info[5];
  const bool bool_out = out.As<Napi::TypedArray>().TypedArrayType() == napi_uint8_array;
  void* y = bool_out ? static_cast<void*>(DataOf<uint8_t>(out, napi_uint8_array, "y")) : static_cast<void*>(F32(out, "y"));
  const int64_t n = ElementCount(out);
  if (count == 0 || program_array.ElementLength() % kInstructionWidth != 0) throw Napi::Error::New(env, "fused: empty or truncated program");
  // Per-channel operands are read from tiles, each vector repeated over a block's length (blocks
  // hold whole periods and start at channel 0): the program's copy refers to tiles by index.
  std::vector<int32_t> code(program, program + count * kInstructionWidth);
  std::vector<int32_t> tile_offsets;
  for (int64_t k = 0; k < count; ++k) {
    const int32_t* ins = code.data() + k * kInstructionWidth;
    // Operands read float32 leaves in place; bool leaves go through kLoadU8.
    const auto valid = [&](int32_t kind, int32_t index) {
      return ValidOperand(kind, index, leaves.size(), constant_count, channel_count, period) &&
             (kind != kLeaf || !byte_leaf[index]) && (kind != kRegister || index != ins[2]);
    };
    bool ok = ins[2] >= 0 && ins[2] < kMaxRegisters;
    int operands = 0;
    switch (ins[0]) {
      case kLoadU8: ok = ok && ins[4] >= 0 && static_cast<size_t>(ins[4]) < leaves.size() && byte_leaf[ins[4]]; break;
      case kUnaryOp:
        ok = ok && valid(ins[3], ins[4]) && ins[5] == kScalar && ins[6] >= 0 && ins[6] < constant_count &&
             VisitUnary(ins[1], 0.f, [](auto) {});
        operands = 1;
        break;
      case kBinaryOp:
        ok = ok && valid(ins[3], ins[4]) && valid(ins[5], ins[6]) && VisitBinary(ins[1], [](auto) {});
        operands = 2;
        break;
      case kTernaryOp:
        ok = ok && valid(ins[3], ins[4]) && valid(ins[5], ins[6]) && valid(ins[7], ins[8]) && VisitTernary(ins[1], [](auto) {});
        operands = 3;
        break;
      default: ok = false;
    }
    if (!ok) throw Napi::Error::New(env, "fused: invalid instruction " + std::to_string(k));
    for (int slot = 0; slot < operands; ++slot) {
      int32_t* operand = code.data() + k * kInstructionWidth + 3 + 2 * slot;
      if (operand[0] != kChannel) continue;
      auto found = std::find(tile_offsets.begin(), tile_offsets.end(), operand[1]);
      if (found == tile_offsets.end()) found = tile_offsets.insert(found, operand[1]);
      operand[1] = static_cast<int32_t>(found - tile_offsets.begin());
    }
  }
  if (tile_offsets.size() > static_cast<size_t>(kMaxRegisters)) throw Napi::Error::New(env, "fused: too many per-channel vectors");
  // A whole number of periods per block, so that every block starts at channel 0.
  const int64_t block_len = kBlock / period * period;
  const int64_t blocks = (n + block_len - 1) / block_len;
#pragma omp parallel if (n > kParallelThreshold)
  {
    alignas(64) float registers[kMaxRegisters + kScratchRegisters][kRegisterStride];
    alignas(64) float tiles[kMaxRegisters][kRegisterStride];
    for (size_t t = 0; t < tile_offsets.size(); ++t) {
      for (int64_t j0 = 0; j0 < block_len; j0 += period) std::copy_n(channels + tile_offsets[t], period, tiles[t] + j0);
    }
#pragma omp for schedule(dynamic, RowsPerChunk(block_len))
    for (int64_t block = 0; block < blocks; ++block) {
      const int64_t begin = block * block_len;
      EvaluateBlock(code.data(), count, leaves, constants, tiles, y, bool_out, begin, std::min(block_len, n - begin),
                    registers);
    }
  }
  return env.Undefined();
}

// cast(x, y): float32 -> bool (x != 0), bool -> float32, int32 -> float32.
Napi::Value Cast(const Napi::CallbackInfo& info) {
  const auto from = info[0].As<Napi::TypedArray>().TypedArrayType();
  const auto to = info[1].As<Napi::TypedArray>().TypedArrayType();
  const int64_t n = ElementCount(info[0]);
  if (from == napi_float32_array && to == napi_uint8_array) {
    const float* x = F32(info[0], "x");
    uint8_t* y = DataOf<uint8_t>(info[1], napi_uint8_array, "y");
#pragma omp parallel for simd if (n > kParallelThreshold) schedule(dynamic, kChunkElements)
    for (int64_t i = 0; i < n; ++i) y[i] = x[i] != 0.f;
  } else if (from == napi_uint8_array && to == napi_float32_array) {
    const uint8_t* x = DataOf<uint8_t>(info[0], napi_uint8_array, "x");
    float* y = F32(info[1], "y");
#pragma omp parallel for simd if (n > kParallelThreshold) schedule(dynamic, kChunkElements)
    for (int64_t i = 0; i < n; ++i) y[i] = static_cast<float>(x[i]);
  } else if (from == napi_int32_array && to == napi_float32_array) {
    const int32_t* x = DataOf<int32_t>(info[0], napi_int32_array, "x");
    float* y = F32(info[1], "y");
#pragma omp parallel for simd if (n > kParallelThreshold) schedule(dynamic, kChunkElements)
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
  exports.Set("fused", Napi::Function::New(env, Fused));
  exports.Set("cast", Napi::Function::New(env, Cast));
}

}  // namespace signflow

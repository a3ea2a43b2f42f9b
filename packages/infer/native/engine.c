/*
 * signflow packed-model engine (see engine.h). Written by hand because it is signflow's own
 * format and arithmetic: binary convolutions as xnor + popcount on activations bit-packed 64 to a
 * word (bit 1 = -1, Larq Compute Engine's convention), with border taps skipped so that the zero
 * padding of the float model contributes exactly 0, and the float layers around them.
 *
 * The popcount inner loop has three builds: AVX-512 with VPOPCNTDQ, AVX2 (nibble-table popcount
 * with VPSHUFB), and portable C (also the WebAssembly build). All three give identical integers.
 */
#include "engine.h"

#if defined(__x86_64__) && !defined(__wasm__)
#include <immintrin.h>
#define SF_X86 1
#endif

#ifdef _OPENMP
#include <omp.h>
#endif

#define SF_RESTRICT __restrict__
#define NONE (-1)

static int g_isa = -1;

/* ---------------------------------------------------------------- popcount kernels */

/*
 * acc[j] = sum over the valid taps t and words p of popcount(in[pix[t] + p] ^ w[wt[t] + p * cpad + c0 + j])
 * for j < n (n a multiple of 8, at most 32).
 */
typedef void (*popc_fn)(const uint64_t *in, const uint64_t *w, const int32_t *pix, const int32_t *wt,
                        int ntaps, int words, int cpad, int c0, int n, int32_t *acc);

static void popc_generic(const uint64_t *in, const uint64_t *w, const int32_t *pix, const int32_t *wt,
                         int ntaps, int words, int cpad, int c0, int n, int32_t *acc) {
  uint32_t sum[32];
  for (int j = 0; j < n; j++) sum[j] = 0;
  for (int t = 0; t < ntaps; t++) {
    const uint64_t *a = in + pix[t];
    const uint64_t *wk = w + wt[t] + c0;
    for (int p = 0; p < words; p++) {
      const uint64_t x = a[p];
      const uint64_t *row = wk + (int64_t)p * cpad;
      for (int j = 0; j < n; j++) sum[j] += (uint32_t)__builtin_popcountll(x ^ row[j]);
    }
  }
  for (int j = 0; j < n; j++) acc[j] = (int32_t)sum[j];
}

#ifdef SF_X86
__attribute__((target("avx512f,avx512vpopcntdq")))
static void popc_avx512(const uint64_t *in, const uint64_t *w, const int32_t *pix, const int32_t *wt,
                        int ntaps, int words, int cpad, int c0, int n, int32_t *acc) {
  __m512i s0 = _mm512_setzero_si512(), s1 = s0, s2 = s0, s3 = s0;
  const int nv = n / 8;
  for (int t = 0; t < ntaps; t++) {
    const uint64_t *a = in + pix[t];
    const uint64_t *wk = w + wt[t] + c0;
    for (int p = 0; p < words; p++) {
      const __m512i x = _mm512_set1_epi64((long long)a[p]);
      const uint64_t *row = wk + (int64_t)p * cpad;
      s0 = _mm512_add_epi64(s0, _mm512_popcnt_epi64(_mm512_xor_si512(x, _mm512_loadu_si512(row))));
      if (nv > 1) s1 = _mm512_add_epi64(s1, _mm512_popcnt_epi64(_mm512_xor_si512(x, _mm512_loadu_si512(row + 8))));
      if (nv > 2) s2 = _mm512_add_epi64(s2, _mm512_popcnt_epi64(_mm512_xor_si512(x, _mm512_loadu_si512(row + 16))));
      if (nv > 3) s3 = _mm512_add_epi64(s3, _mm512_popcnt_epi64(_mm512_xor_si512(x, _mm512_loadu_si512(row + 24))));
    }
  }
  _mm256_storeu_si256((__m256i *)acc, _mm512_cvtepi64_epi32(s0));
  if (nv > 1) _mm256_storeu_si256((__m256i *)(acc + 8), _mm512_cvtepi64_epi32(s1));
  if (nv > 2) _mm256_storeu_si256((__m256i *)(acc + 16), _mm512_cvtepi64_epi32(s2));
  if (nv > 3) _mm256_storeu_si256((__m256i *)(acc + 24), _mm512_cvtepi64_epi32(s3));
}

/* Popcount of each 64-bit lane: nibble table lookups (VPSHUFB), then byte sums (VPSADBW). */
__attribute__((target("avx2"))) static inline __m256i popcnt64_avx2(__m256i v) {
  const __m256i table = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                                         0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m256i low = _mm256_set1_epi8(0x0f);
  const __m256i lo = _mm256_shuffle_epi8(table, _mm256_and_si256(v, low));
  const __m256i hi = _mm256_shuffle_epi8(table, _mm256_and_si256(_mm256_srli_epi16(v, 4), low));
  return _mm256_sad_epu8(_mm256_add_epi8(lo, hi), _mm256_setzero_si256());
}

__attribute__((target("avx2")))
static void popc_avx2(const uint64_t *in, const uint64_t *w, const int32_t *pix, const int32_t *wt,
                      int ntaps, int words, int cpad, int c0, int n, int32_t *acc) {
  __m256i s[8];
  const int nv = n / 4;
  for (int v = 0; v < nv; v++) s[v] = _mm256_setzero_si256();
  for (int t = 0; t < ntaps; t++) {
    const uint64_t *a = in + pix[t];
    const uint64_t *wk = w + wt[t] + c0;
    for (int p = 0; p < words; p++) {
      const __m256i x = _mm256_set1_epi64x((long long)a[p]);
      const uint64_t *row = wk + (int64_t)p * cpad;
      for (int v = 0; v < nv; v++) {
        s[v] = _mm256_add_epi64(s[v], popcnt64_avx2(_mm256_xor_si256(x, _mm256_loadu_si256((const __m256i *)(row + 4 * v)))));
      }
    }
  }
  for (int v = 0; v < nv; v++) {
    int64_t lanes[4];
    _mm256_storeu_si256((__m256i *)lanes, s[v]);
    for (int j = 0; j < 4; j++) acc[4 * v + j] = (int32_t)lanes[j];
  }
}
#endif

int sf_best_isa(void) {
#ifdef SF_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq")) return SF_ISA_AVX512;
  if (__builtin_cpu_supports("avx2")) return SF_ISA_AVX2;
#endif
  return SF_ISA_GENERIC;
}

int sf_current_isa(void) {
  if (g_isa < 0) g_isa = sf_best_isa();
  return g_isa;
}

int sf_set_isa(int isa) {
  const int best = sf_best_isa();
  g_isa = isa < 0 || isa > best ? best : isa;
  return g_isa;
}

static popc_fn popc_kernel(void) {
#ifdef SF_X86
  switch (sf_current_isa()) {
    case SF_ISA_AVX512: return popc_avx512;
    case SF_ISA_AVX2: return popc_avx2;
    default: break;
  }
#endif
  return popc_generic;
}

/* ---------------------------------------------------------------- helpers */

#define F32(base, off) ((float *)((base) + (off)))
#define CF32(base, off) ((const float *)((base) + (off)))
#define I32(base, off) ((const int32_t *)((base) + (off)))
#define U64(base, off) ((uint64_t *)((base) + (off)))

static inline float epilogue(float v, int c, const float *bias, int relu, const float *mult, const float *add) {
  if (bias) v += bias[c];
  if (relu && v < 0.0f) v = 0.0f;
  if (mult) v = v * mult[c] + add[c];
  return v;
}

static inline void zero_f(float *p, int n) { for (int i = 0; i < n; i++) p[i] = 0.0f; }

#ifdef _OPENMP
/* Splitting one image's rows over threads pays only for big layers: waking the threads costs tens
 * of microseconds per layer, more than a whole CIFAR-sized layer takes on one core (ResNet-20 at
 * batch 1 ran 2.3 times slower on two threads than on one). The bound is in multiply-accumulates
 * (float) or 64-bit xnor-popcounts (binary); an ImageNet-sized layer is far above it. */
#define SF_ROWS_PARALLEL_MIN_WORK ((int64_t)1 << 22)
static inline int rows_worth_threads(int parallel, int OH, int64_t work) { return parallel && OH > 1 && work >= SF_ROWS_PARALLEL_MIN_WORK; }
#endif

/* ---------------------------------------------------------------- float convolution */

static void conv_f(const int32_t *a, const uint8_t *w8, uint8_t *s, int parallel) {
  const float *in = CF32(s, a[0]);
  float *out = F32(s, a[1]);
  const int H = a[2], W = a[3], C = a[4], OH = a[5], OW = a[6], K = a[7];
  const int kh = a[8], kw = a[9], sh = a[10], sw = a[11], ph = a[12], pw = a[13];
  const float *wt = CF32(w8, a[14]);
  const float *bias = a[15] == NONE ? 0 : CF32(w8, a[15]);
  const int relu = a[16];
  const float *mult = a[17] == NONE ? 0 : CF32(w8, a[17]);
  const float *add = a[18] == NONE ? 0 : CF32(w8, a[18]);
  (void)parallel;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (rows_worth_threads(parallel, OH, (int64_t)OH * OW * K * kh * kw * C))
#endif
  for (int oy = 0; oy < OH; oy++) {
    for (int ox = 0; ox < OW; ox++) {
      float *SF_RESTRICT o = out + ((int64_t)oy * OW + ox) * K;
      zero_f(o, K);
      for (int ky = 0; ky < kh; ky++) {
        const int iy = oy * sh - ph + ky;
        if (iy < 0 || iy >= H) continue;
        for (int kx = 0; kx < kw; kx++) {
          const int ix = ox * sw - pw + kx;
          if (ix < 0 || ix >= W) continue;
          const float *x = in + ((int64_t)iy * W + ix) * C;
          const float *wk = wt + (int64_t)(ky * kw + kx) * C * K;
          for (int c = 0; c < C; c++) {
            const float xv = x[c];
            const float *SF_RESTRICT row = wk + (int64_t)c * K;
            for (int k = 0; k < K; k++) o[k] += xv * row[k];
          }
        }
      }
      for (int k = 0; k < K; k++) o[k] = epilogue(o[k], k, bias, relu, mult, add);
    }
  }
}

/* ---------------------------------------------------------------- binary convolution */

static void conv_b(const int32_t *a, const uint8_t *w8, uint8_t *s, int parallel) {
  const uint64_t *in = (const uint64_t *)(s + a[0]);
  uint8_t *out = s + a[1];
  const int H = a[2], W = a[3], C = a[4], OH = a[5], OW = a[6], K = a[7];
  const int kh = a[8], kw = a[9], sh = a[10], sw = a[11], ph = a[12], pw = a[13];
  const uint64_t *wt = (const uint64_t *)(w8 + a[14]);
  const int words = a[15], cpad = a[16], bits_out = a[17];
  const float *scale = a[18] == NONE ? 0 : CF32(w8, a[18]);
  const float *bias = a[19] == NONE ? 0 : CF32(w8, a[19]);
  const int relu = a[20];
  const float *mult = a[21] == NONE ? 0 : CF32(w8, a[21]);
  const float *add = a[22] == NONE ? 0 : CF32(w8, a[22]);
  const int32_t *thr = a[23] == NONE ? 0 : I32(w8, a[23]);
  const int32_t *dir = a[24] == NONE ? 0 : I32(w8, a[24]);
  const int words_out = a[25];
  const popc_fn popc = popc_kernel();
  (void)parallel;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (rows_worth_threads(parallel, OH, (int64_t)OH * OW * K * kh * kw * words))
#endif
  for (int oy = 0; oy < OH; oy++) {
    int32_t pix[64], wtap[64], acc[32];
    for (int ox = 0; ox < OW; ox++) {
      int ntaps = 0;
      for (int ky = 0; ky < kh; ky++) {
        const int iy = oy * sh - ph + ky;
        if (iy < 0 || iy >= H) continue;
        for (int kx = 0; kx < kw; kx++) {
          const int ix = ox * sw - pw + kx;
          if (ix < 0 || ix >= W) continue;
          pix[ntaps] = (iy * W + ix) * words;
          wtap[ntaps] = (ky * kw + kx) * words * cpad;
          ntaps++;
        }
      }
      const int32_t valid = ntaps * C;
      const int64_t opix = (int64_t)oy * OW + ox;
      uint64_t *ob = bits_out ? U64(out, opix * words_out * 8) : 0;
      float *of = bits_out ? 0 : F32(out, opix * K * 4);
      if (bits_out) for (int p = 0; p < words_out; p++) ob[p] = 0;
      for (int c0 = 0; c0 < K; c0 += 32) {
        const int rem = cpad - c0;
        const int n = rem >= 32 ? 32 : rem;
        popc(in, wt, pix, wtap, ntaps, words, cpad, c0, n, acc);
        const int end = c0 + n < K ? c0 + n : K;
        for (int k = c0; k < end; k++) {
          const int32_t dot = valid - 2 * acc[k - c0];
          if (bits_out) {
            const int plus = dir[k] > 0 ? dot >= thr[k] : dot <= thr[k];
            if (!plus) ob[k >> 6] |= (uint64_t)1 << (k & 63);
          } else {
            of[k] = epilogue(scale ? scale[k] * (float)dot : (float)dot, k, bias, relu, mult, add);
          }
        }
      }
    }
  }
}

/* ---------------------------------------------------------------- element-wise and layout ops */

static void pack(const int32_t *a, uint8_t *s) {
  const float *in = CF32(s, a[0]);
  uint64_t *out = U64(s, a[1]);
  const int pixels = a[2], C = a[3], words = (C + 63) / 64;
  for (int i = 0; i < pixels; i++) {
    const float *x = in + (int64_t)i * C;
    uint64_t *o = out + (int64_t)i * words;
    for (int p = 0; p < words; p++) {
      uint64_t v = 0;
      const int end = (p + 1) * 64 < C ? (p + 1) * 64 : C;
      for (int c = p * 64; c < end; c++) v |= (uint64_t)(x[c] < 0.0f) << (c & 63);
      o[p] = v;
    }
  }
}

static void maxpool_f(const int32_t *a, uint8_t *s) {
  const float *in = CF32(s, a[0]);
  float *out = F32(s, a[1]);
  const int H = a[2], W = a[3], C = a[4], OH = a[5], OW = a[6], kh = a[7], kw = a[8], sh = a[9], sw = a[10], ph = a[11], pw = a[12];
  for (int oy = 0; oy < OH; oy++)
    for (int ox = 0; ox < OW; ox++) {
      float *o = out + ((int64_t)oy * OW + ox) * C;
      int first = 1;
      for (int ky = 0; ky < kh; ky++) {
        const int iy = oy * sh - ph + ky;
        if (iy < 0 || iy >= H) continue;
        for (int kx = 0; kx < kw; kx++) {
          const int ix = ox * sw - pw + kx;
          if (ix < 0 || ix >= W) continue;
          const float *x = in + ((int64_t)iy * W + ix) * C;
          if (first) {
            for (int c = 0; c < C; c++) o[c] = x[c];
            first = 0;
          } else {
            for (int c = 0; c < C; c++) o[c] = x[c] > o[c] ? x[c] : o[c];
          }
        }
      }
    }
}

/* max of +-1 values is -1 only when all are -1: with bit 1 = -1, the AND of the words */
static void maxpool_b(const int32_t *a, uint8_t *s) {
  const uint64_t *in = (const uint64_t *)(s + a[0]);
  uint64_t *out = U64(s, a[1]);
  const int H = a[2], W = a[3], P = a[4], OH = a[5], OW = a[6], kh = a[7], kw = a[8], sh = a[9], sw = a[10], ph = a[11], pw = a[12];
  for (int oy = 0; oy < OH; oy++)
    for (int ox = 0; ox < OW; ox++) {
      uint64_t *o = out + ((int64_t)oy * OW + ox) * P;
      for (int p = 0; p < P; p++) o[p] = ~(uint64_t)0;
      for (int ky = 0; ky < kh; ky++) {
        const int iy = oy * sh - ph + ky;
        if (iy < 0 || iy >= H) continue;
        for (int kx = 0; kx < kw; kx++) {
          const int ix = ox * sw - pw + kx;
          if (ix < 0 || ix >= W) continue;
          const uint64_t *x = in + ((int64_t)iy * W + ix) * P;
          for (int p = 0; p < P; p++) o[p] &= x[p];
        }
      }
    }
}

static void gap(const int32_t *a, uint8_t *s) {
  const float *in = CF32(s, a[0]);
  float *out = F32(s, a[1]);
  const int pixels = a[2], C = a[3];
  /* sums in double, as the reference reduces in float but over few terms: within float rounding */
  for (int c = 0; c < C; c++) {
    double sum = 0;
    for (int i = 0; i < pixels; i++) sum += in[(int64_t)i * C + c];
    out[c] = (float)(sum / pixels);
  }
}

static void subsample(const int32_t *a, uint8_t *s) {
  const float *in = CF32(s, a[0]);
  float *out = F32(s, a[1]);
  const int W = a[3], C = a[4], OH = a[5], OW = a[6], st = a[7];
  for (int oy = 0; oy < OH; oy++)
    for (int ox = 0; ox < OW; ox++) {
      const float *x = in + ((int64_t)(oy * st) * W + ox * st) * C;
      float *o = out + ((int64_t)oy * OW + ox) * C;
      for (int c = 0; c < C; c++) o[c] = x[c];
    }
}

static void padc(const int32_t *a, uint8_t *s) {
  const float *in = CF32(s, a[0]);
  float *out = F32(s, a[1]);
  const int pixels = a[2], C = a[3], before = a[4], after = a[5], OC = C + before + after;
  for (int i = 0; i < pixels; i++) {
    float *o = out + (int64_t)i * OC;
    const float *x = in + (int64_t)i * C;
    for (int c = 0; c < before; c++) o[c] = 0.0f;
    for (int c = 0; c < C; c++) o[before + c] = x[c];
    for (int c = 0; c < after; c++) o[before + C + c] = 0.0f;
  }
}

static void pad(const int32_t *a, uint8_t *s) {
  const float *in = CF32(s, a[0]);
  float *out = F32(s, a[1]);
  const int H = a[2], W = a[3], C = a[4], top = a[5], bottom = a[6], left = a[7], right = a[8];
  const int OH = H + top + bottom, OW = W + left + right;
  for (int y = 0; y < OH; y++)
    for (int x = 0; x < OW; x++) {
      float *o = out + ((int64_t)y * OW + x) * C;
      const int iy = y - top, ix = x - left;
      if (iy < 0 || iy >= H || ix < 0 || ix >= W) {
        zero_f(o, C);
      } else {
        const float *v = in + ((int64_t)iy * W + ix) * C;
        for (int c = 0; c < C; c++) o[c] = v[c];
      }
    }
}

static void chw(const int32_t *a, uint8_t *s) {
  const float *in = CF32(s, a[0]);
  float *out = F32(s, a[1]);
  const int H = a[2], W = a[3], C = a[4];
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      for (int c = 0; c < C; c++) out[((int64_t)c * H + y) * W + x] = in[((int64_t)y * W + x) * C + c];
}

/* ---------------------------------------------------------------- the interpreter */

void sf_run_image(const int32_t *program, int32_t length, const uint8_t *weights, uint8_t *s,
                  const float *input, float *output, int parallel) {
  int32_t pc = 0;
  while (pc < length) {
    const int32_t op = program[pc], len = program[pc + 1];
    const int32_t *a = program + pc + 2;
    switch (op) {
      case SF_INPUT: {
        float *o = F32(s, a[0]);
        for (int i = 0; i < a[1]; i++) o[i] = input[i];
        break;
      }
      case SF_OUTPUT: {
        const float *x = CF32(s, a[0]);
        for (int i = 0; i < a[1]; i++) output[i] = x[i];
        break;
      }
      case SF_CONV_F: conv_f(a, weights, s, parallel); break;
      case SF_CONV_B: conv_b(a, weights, s, parallel); break;
      case SF_PACK: pack(a, s); break;
      case SF_SIGN: {
        const float *x = CF32(s, a[0]);
        float *o = F32(s, a[1]);
        for (int i = 0; i < a[2]; i++) o[i] = x[i] < 0.0f ? -1.0f : 1.0f;
        break;
      }
      case SF_ADD: {
        const float *x = CF32(s, a[0]), *y = CF32(s, a[1]);
        float *o = F32(s, a[2]);
        for (int i = 0; i < a[3]; i++) o[i] = x[i] + y[i];
        break;
      }
      case SF_RELU: {
        const float *x = CF32(s, a[0]);
        float *o = F32(s, a[1]);
        for (int i = 0; i < a[2]; i++) o[i] = x[i] < 0.0f ? 0.0f : x[i];
        break;
      }
      case SF_AFFINE: {
        const float *x = CF32(s, a[0]);
        float *o = F32(s, a[1]);
        const int pixels = a[2], C = a[3];
        const float *m = CF32(weights, a[4]), *b = CF32(weights, a[5]);
        for (int i = 0; i < pixels; i++)
          for (int c = 0; c < C; c++) o[(int64_t)i * C + c] = x[(int64_t)i * C + c] * m[c] + b[c];
        break;
      }
      case SF_MAXPOOL_F: maxpool_f(a, s); break;
      case SF_MAXPOOL_B: maxpool_b(a, s); break;
      case SF_GAP: gap(a, s); break;
      case SF_SUBSAMPLE: subsample(a, s); break;
      case SF_PADC: padc(a, s); break;
      case SF_PAD: pad(a, s); break;
      case SF_CHW: chw(a, s); break;
      default: return;
    }
    pc += 2 + len;
  }
}

/*
 * signflow packed-model engine: one interpreter over a compiled instruction list, shared by the
 * Node addon (addon.c) and the WebAssembly build (scripts/build-wasm.mjs). The instruction list,
 * the weights in their compute layouts and the per-image arena offsets are prepared by
 * src/engine/compile.ts; this file only executes them. Plain C with no libc calls, so that the
 * same source compiles for wasm32 without a C library.
 */
#ifndef SIGNFLOW_INFER_ENGINE_H
#define SIGNFLOW_INFER_ENGINE_H
#include <stdint.h>

/* Opcodes; keep in step with src/engine/opcodes.ts. */
enum {
  SF_INPUT = 1,      /* out, n: copy the image in */
  SF_OUTPUT = 2,     /* in, n: copy the logits out */
  SF_CONV_F = 3,     /* float convolution (dense layers are 1x1 convolutions of a 1x1 image) */
  SF_CONV_B = 4,     /* xnor-popcount convolution of bit-packed activations */
  SF_PACK = 5,       /* in, out, pixels, channels: sign bits (bit 1 = -1) */
  SF_SIGN = 6,       /* in, out, n: +1 / -1 floats (0 -> +1) */
  SF_ADD = 7,        /* a, b, out, n */
  SF_RELU = 8,       /* in, out, n */
  SF_AFFINE = 9,     /* in, out, pixels, channels, multiplier, bias */
  SF_MAXPOOL_F = 10, /* in, out, H, W, C, OH, OW, kh, kw, sh, sw, ph, pw */
  SF_MAXPOOL_B = 11, /* same on bit-packed pixels (C = words per pixel): AND of the words */
  SF_GAP = 12,       /* in, out, pixels, channels */
  SF_SUBSAMPLE = 13, /* in, out, H, W, C, OH, OW, stride */
  SF_PADC = 14,      /* in, out, pixels, C, before, after */
  SF_PAD = 15,       /* in, out, H, W, C, top, bottom, left, right */
  SF_CHW = 16        /* in, out, H, W, C: HWC -> CHW */
};

/* Which binary-convolution kernel runs. */
enum { SF_ISA_GENERIC = 0, SF_ISA_AVX2 = 1, SF_ISA_AVX512 = 2 };

/* Runs the program on one image. `scratch` holds the per-image arena (64-byte aligned). */
void sf_run_image(const int32_t *program, int32_t length, const uint8_t *weights, uint8_t *scratch,
                  const float *input, float *output, int parallel);

/* The best kernel this CPU supports, and the one in use; sf_set_isa returns the one set. */
int sf_best_isa(void);
int sf_current_isa(void);
int sf_set_isa(int isa);

#endif

/*
 * WebAssembly entry point of the engine (engine.c): the caller lays out program, weights,
 * arenas, inputs and outputs in linear memory above __heap_base and runs a batch image by image.
 */
#include "engine.h"

__attribute__((export_name("run"))) void run(const int32_t *program, int32_t length, const uint8_t *weights,
                                              uint8_t *scratch, const float *input, int32_t in_size,
                                              float *output, int32_t out_size, int32_t batch) {
  for (int32_t i = 0; i < batch; i++) {
    sf_run_image(program, length, weights, scratch, input + i * in_size, output + i * out_size, 0);
  }
}

/*
 * Node-API wrapper of the engine (engine.c): run(program, weights, arenaBytes, input, inputSize,
 * output, outputSize, batch, threads), bestIsa(), isa(), setIsa(isa). Images of a batch run in
 * parallel (OpenMP, one arena per thread); a single image runs its convolutions' rows in parallel.
 */
#include <node_api.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"
#ifdef _OPENMP
#include <omp.h>
#endif

#define CHECK(call)                                                        \
  do {                                                                     \
    if ((call) != napi_ok) {                                               \
      napi_throw_error(env, NULL, "signflow infer addon: " #call " failed"); \
      return NULL;                                                         \
    }                                                                      \
  } while (0)

static void *typed_data(napi_env env, napi_value value, size_t *bytes) {
  napi_typedarray_type type;
  size_t length, offset;
  void *data;
  napi_value buffer;
  if (napi_get_typedarray_info(env, value, &type, &length, &data, &buffer, &offset) != napi_ok) return NULL;
  size_t size = 1;
  if (type == napi_float32_array || type == napi_int32_array || type == napi_uint32_array) size = 4;
  *bytes = length * size;
  return data;
}

static int32_t int_arg(napi_env env, napi_value value) {
  int32_t v = 0;
  napi_get_value_int32(env, value, &v);
  return v;
}

static napi_value run(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 9) {
    napi_throw_type_error(env, NULL, "run: expected 9 arguments");
    return NULL;
  }
  size_t program_bytes, weight_bytes, in_bytes, out_bytes;
  const int32_t *program = typed_data(env, argv[0], &program_bytes);
  const uint8_t *weights = typed_data(env, argv[1], &weight_bytes);
  const int32_t arena = int_arg(env, argv[2]);
  const float *input = typed_data(env, argv[3], &in_bytes);
  const int32_t in_size = int_arg(env, argv[4]);
  float *output = typed_data(env, argv[5], &out_bytes);
  const int32_t out_size = int_arg(env, argv[6]);
  const int32_t batch = int_arg(env, argv[7]);
  int32_t threads = int_arg(env, argv[8]);
  if (!program || !weights || !input || !output || arena <= 0 || batch < 1 ||
      in_bytes < (size_t)in_size * batch * 4 || out_bytes < (size_t)out_size * batch * 4) {
    napi_throw_range_error(env, NULL, "run: arrays too small for the batch, or a bad arena size");
    return NULL;
  }
  if (threads < 1) threads = 1;
  const int images_parallel = batch > 1 && threads > 1;
  const int arenas = images_parallel ? (threads < batch ? threads : batch) : 1;
  const size_t stride = ((size_t)arena + 63) / 64 * 64;
  uint8_t *scratch = aligned_alloc(64, stride * arenas);
  if (!scratch) {
    napi_throw_error(env, NULL, "run: out of memory for the activation arena");
    return NULL;
  }
  const int32_t length = (int32_t)(program_bytes / 4);
#ifdef _OPENMP
  omp_set_num_threads(threads);
#pragma omp parallel for schedule(dynamic, 1) num_threads(arenas) if (images_parallel)
#endif
  for (int32_t i = 0; i < batch; i++) {
    int slot = 0;
#ifdef _OPENMP
    slot = images_parallel ? omp_get_thread_num() : 0;
#endif
    sf_run_image(program, length, weights, scratch + stride * slot, input + (size_t)i * in_size,
                 output + (size_t)i * out_size, !images_parallel && threads > 1);
  }
  free(scratch);
  return NULL;
}

static napi_value isa_name(napi_env env, int isa) {
  const char *name = isa == SF_ISA_AVX512 ? "avx512-vpopcntdq" : isa == SF_ISA_AVX2 ? "avx2" : "generic";
  napi_value result;
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &result);
  return result;
}

static napi_value best_isa(napi_env env, napi_callback_info info) {
  (void)info;
  return isa_name(env, sf_best_isa());
}

static napi_value current_isa(napi_env env, napi_callback_info info) {
  (void)info;
  return isa_name(env, sf_current_isa());
}

static napi_value set_isa(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  char name[32] = {0};
  size_t len;
  CHECK(napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len));
  int isa = strcmp(name, "avx512-vpopcntdq") == 0 ? SF_ISA_AVX512 : strcmp(name, "avx2") == 0 ? SF_ISA_AVX2 : SF_ISA_GENERIC;
  return isa_name(env, sf_set_isa(isa));
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"run", NULL, run, NULL, NULL, NULL, napi_default, NULL},
      {"bestIsa", NULL, best_isa, NULL, NULL, NULL, napi_default, NULL},
      {"isa", NULL, current_isa, NULL, NULL, NULL, napi_default, NULL},
      {"setIsa", NULL, set_isa, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)

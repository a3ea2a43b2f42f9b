// Vectorised float math: glibc's libmvec has SIMD versions of cosf, sinf, tanhf, expf, logf,
// powf, ... (within 4 ulp; measured here within 2 ulp of the correctly rounded value, and they
// keep NaN, infinities and huge arguments right by handling such lanes on the scalar path).
// Declared with the simd attribute, the math calls in `#pragma omp simd` loops compile to them
// for each target clone (AVX-512, AVX2, SSE). glibc declares them itself only under
// -ffast-math, which this build avoids. Without them (another C library, or glibc < 2.35 for
// tanhf and expm1f) the loops call the scalar functions: slower, the same results.
#pragma once

#include <cmath>

#if defined(__GLIBC__) && defined(__x86_64__) && defined(__GLIBC_PREREQ)
#if __GLIBC_PREREQ(2, 22)
extern "C" {
float cosf(float) __attribute__((simd("notinbranch")));
float sinf(float) __attribute__((simd("notinbranch")));
float expf(float) __attribute__((simd("notinbranch")));
float logf(float) __attribute__((simd("notinbranch")));
float powf(float, float) __attribute__((simd("notinbranch")));
}
#endif
#if __GLIBC_PREREQ(2, 35)
extern "C" {
float tanhf(float) __attribute__((simd("notinbranch")));
float expm1f(float) __attribute__((simd("notinbranch")));
}
#endif
#endif

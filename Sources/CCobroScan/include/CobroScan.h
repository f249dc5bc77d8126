#ifndef COBRO_SCAN_H
#define COBRO_SCAN_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// The bytes of `p[0..<64]` that can end a CSV field outside quotes (the delimiter, `\n` or
/// `\r`), as a bit mask: bit i is set when `p[i]` is one of them.
///
/// Swift has no portable way to turn a SIMD comparison into a bit mask (the pure-Swift lane
/// weighting measured 4x slower than `movemask`), so this one function is C: SSE2, the x86-64
/// baseline, compiles to 4 loads, 12 compares and 4 `pmovmskb`; other targets take the scalar
/// loop. Inlined into the Swift caller.
static inline uint64_t cobro_separators64(const uint8_t *p, uint8_t delimiter) {
#if defined(__SSE2__)
  const __m128i d = _mm_set1_epi8((char)delimiter);
  const __m128i n = _mm_set1_epi8('\n');
  const __m128i r = _mm_set1_epi8('\r');
  uint64_t mask = 0;
  for (int i = 0; i < 4; i++) {
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, n)), _mm_cmpeq_epi8(v, r));
    mask |= (uint64_t)(uint32_t)_mm_movemask_epi8(hit) << (16 * i);
  }
  return mask;
#else
  uint64_t mask = 0;
  for (int i = 0; i < 64; i++) {
    const uint8_t b = p[i];
    mask |= (uint64_t)(b == delimiter || b == '\n' || b == '\r') << i;
  }
  return mask;
#endif
}

#endif

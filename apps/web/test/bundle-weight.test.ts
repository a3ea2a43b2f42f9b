import { describe, expect, it } from 'vitest';
import { bundleWeight, JS_BUDGET_GZIP_BYTES } from '../scripts/bundle-weight.js';

describe('the built page', () => {
  it('ships under 1.5 MB of gzip-compressed JavaScript, TensorFlow.js and Vega included', () => {
    const { chunks, gzipBytes } = bundleWeight();
    expect(chunks.length).toBeGreaterThan(3);
    expect(gzipBytes).toBeLessThan(JS_BUDGET_GZIP_BYTES);
  });

  it('keeps TensorFlow.js and Vega out of the script the runs table needs', () => {
    const { chunks } = bundleWeight();
    const entry = chunks.find((c) => /^index-.*\.js$/.test(c.file));
    expect(entry).toBeDefined();
    expect(entry?.gzipBytes).toBeLessThan(20_000);
  });
});

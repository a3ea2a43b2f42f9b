import { describe, expect, it } from 'vitest';
import { loadInferAddon } from '../src/engine/native-addon.js';
import { nativeEngineStatus, PackedModel, PackedFormatError, packSigns, readPackedFile, writePackedFile, type ManifestDraft } from '../src/index.js';

/** Seeded uniform numbers in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const H = 5;
const W = 6;
const C = 70; // two 64-bit words per pixel, the second partly used
const K = 11; // not a multiple of 8
const random = seeded(3);
const signs = (n: number): number[] => Array.from({ length: n }, () => (random() < 0.5 ? -1 : 1));
/** Weights [o][ky][kx][c] as ±1. */
const weights = signs(K * 9 * C);

/** A one-layer packed model: a 3×3, stride 1, pad 1 binary convolution without scale or epilogue. */
async function convFile(): Promise<Uint8Array> {
  const bits = packSigns(weights.length, (i) => weights[i] < 0);
  const payload = new Uint8Array(bits);
  const draft: ManifestDraft = {
    name: 'one-conv',
    input: { name: 'x', shape: [H, W, C] },
    output: 'conv',
    ops: [
      {
        op: 'conv2d',
        name: 'conv',
        inputs: ['x'],
        kernel: [3, 3],
        strides: [1, 1],
        padding: [1, 1],
        channels: C,
        filters: K,
        binaryInput: true,
        weights: { kind: 'binary', signs: { offset: 0, count: weights.length, dtype: 'bits' }, scale: 'none' },
      },
    ],
  };
  return writePackedFile(draft, payload);
}

/** The convolution of ±1 inputs by hand: zero padding contributes nothing. */
function handConv(x: number[]): number[] {
  const out: number[] = [];
  for (let y = 0; y < H; y++)
    for (let xx = 0; xx < W; xx++)
      for (let o = 0; o < K; o++) {
        let sum = 0;
        for (let ky = 0; ky < 3; ky++)
          for (let kx = 0; kx < 3; kx++) {
            const iy = y + ky - 1;
            const ix = xx + kx - 1;
            if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
            for (let c = 0; c < C; c++) sum += x[(iy * W + ix) * C + c] * weights[((o * 3 + ky) * 3 + kx) * C + c];
          }
        out.push(sum);
      }
  return out;
}

describe('packed engine', () => {
  it('is available natively when CI builds the addon', async () => {
    const status = await nativeEngineStatus();
    if (process.env.CI) expect(status.reason).toBeNull();
    if (status.available) expect(['avx512-vpopcntdq', 'avx2', 'generic']).toContain(status.isa);
  });

  it('computes the integer dot products of ±1 inputs exactly, on every kernel and in WebAssembly', async () => {
    const file = await convFile();
    const batch = 2;
    const images = [signs(H * W * C), signs(H * W * C)];
    // zeros binarise to +1, as the float model's sign does
    images[1][5] = 0;
    const expected = images.flatMap((x) => handConv(x.map((v) => (v === 0 ? 1 : v))));
    const input = Float32Array.from(images.flat());
    const wasm = await PackedModel.load(file, { engine: 'wasm' });
    expect(Array.from(wasm.predict(input, batch))).toEqual(expected);
    const addon = loadInferAddon();
    if (addon === null) {
      if (process.env.CI) throw new Error('the native addon must be built in CI');
      return;
    }
    const best = addon.bestIsa();
    for (const isa of ['generic', 'avx2', 'avx512-vpopcntdq']) {
      addon.setIsa(isa);
      const native = await PackedModel.load(file, { engine: 'native', threads: 2 });
      expect(Array.from(native.predict(input, batch)), isa).toEqual(expected);
      const single = await PackedModel.load(file, { engine: 'native', threads: 1 });
      expect(Array.from(single.predict(input, batch)), isa).toEqual(expected);
    }
    addon.setIsa(best);
  });

  it('rejects truncated, corrupt, newer and foreign files with what is wrong', async () => {
    const file = await convFile();
    await expect(readPackedFile(file.subarray(0, file.length - 3), 'm.sfpk')).rejects.toThrow(/m\.sfpk is truncated/);
    await expect(readPackedFile(file.subarray(0, 6), 'm.sfpk')).rejects.toThrow(/truncated/);
    const flipped = file.slice();
    flipped[flipped.length - 1] ^= 1;
    await expect(readPackedFile(flipped, 'm.sfpk')).rejects.toThrow(/fails its hash/);
    const newer = file.slice();
    new DataView(newer.buffer).setUint32(4, 2, true);
    await expect(readPackedFile(newer, 'm.sfpk')).rejects.toThrow(/format version 2.*upgrade/);
    await expect(readPackedFile(new TextEncoder().encode('{"not": "packed"}'), 'm.json')).rejects.toThrow(PackedFormatError);
    await expect(PackedModel.load(flipped)).rejects.toThrow(PackedFormatError);
  });

  it('rejects a manifest whose tensors lie outside the payload', async () => {
    const draft: ManifestDraft = {
      name: 'bad',
      input: { name: 'x', shape: [4] },
      output: 'fc',
      ops: [{ op: 'dense', name: 'fc', inputs: ['x'], features: 4, units: 2, binaryInput: false, weights: { kind: 'float', values: { offset: 8, count: 8, dtype: 'float32' } } }],
    };
    await expect(PackedModel.load(await writePackedFile(draft, new Uint8Array(16)))).rejects.toThrow(/outside the 16-byte payload/);
  });
});

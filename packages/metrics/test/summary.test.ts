import * as tfl from '@tensorflow/tfjs-layers';
import { QuantConv2D } from '@signflow/core';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSummary, summary, type LayerSummary, type ModelSummary } from '../src/index.js';
import { ClipSign, TwoBit } from './fixtures/estimators.js';
import { handBuiltResNet20 } from './fixtures/resnet20.js';

/** The row of layer `name`; throws when absent. */
function row(s: ModelSummary, name: string): LayerSummary {
  const found = s.layers.find((l) => l.name === name);
  if (found === undefined) throw new Error(`no layer '${name}' in ${s.layers.map((l) => l.name).join(', ')}`);
  return found;
}

describe('summary of ResNet-20 1W/1A (docs/method.md §6.2)', () => {
  const sign = new ClipSign({ clip: 1 });
  const model = handBuiltResNet20(sign, sign);
  const s = summary(model);
  afterAll(() => model.dispose());

  it('counts 267,264 binary weights and the 269,850 trainable parameters of docs/method.md §10.9', () => {
    expect(s.totals.binaryParams).toBe(267_264);
    expect(s.totals.trainableParams).toBe(269_850);
    // BN moving mean/variance: 2 × (16 + 6·16 + 6·32 + 6·64 + 64) = 2 × 752 = 1,504.
    expect(s.totals.nonTrainableParams).toBe(1_504);
    expect(s.totals.params).toBe(model.countParams());
    expect(s.totals.paramsByBits).toEqual({ 1: 267_264, 32: 4_090 });
  });

  it('gives the memory and compression ratio derived by hand', () => {
    // 1-bit: 267,264 bits. 32-bit: 271,354 − 267,264 = 4,090 values, of which 3,008 are the
    // γ, β, μ, σ² of 752 batch-norm channels (16 stem + 18 convs' 672 + 64 head). A deployed batch
    // norm is folded to a multiplier and a bias per channel: 1,504 values; the other 1,082 (stem
    // kernel 432, FC 650) stay. 32-bit storage: (1,082 + 1,504) × 32 = 82,752 bits.
    // Scale factors: 18 binary convs × one α (layer-mean) × 32 bits = 576 bits.
    // Memory = 267,264 + 82,752 + 576 = 350,592 bits = 43,824 bytes.
    // Float-32 equivalent: 271,354 × 4 = 1,085,416 bytes. Ratio = 1,085,416 / 43,824 = 24.767616.
    expect(s.totals.scaleFactors).toBe(18);
    expect(s.totals.memoryBytes).toBe(43_824);
    expect(s.totals.float32Bytes).toBe(1_085_416);
    expect(s.totals.compressionRatio).toBeCloseTo(24.767616, 5);
  });

  it('splits the MACs per image into binary and floating (hand-derived)', () => {
    // Binary convs (out H·W · 9 · C_in · C_out):
    //   stage 1: 6 × 32·32·9·16·16 = 6 × 2,359,296 = 14,155,776
    //   stage 2: 16·16·9·16·32 + 5 × 16·16·9·32·32 = 1,179,648 + 11,796,480
    //   stage 3: 8·8·9·32·64 + 5 × 8·8·9·64·64 = 1,179,648 + 11,796,480
    //   total 40,108,032. Floating: stem 32·32·27·16 = 442,368 + FC 640 = 443,008.
    expect(s.totals.binaryMacs).toBe(40_108_032);
    expect(s.totals.floatMacs).toBe(443_008);
  });

  it('flags the layers whose precision is not declared', () => {
    expect(s.totals.undeclaredLayers).toContain('fc');
    expect(s.totals.undeclaredLayers.filter((n) => n.endsWith('_bn'))).toHaveLength(20);
    const stem = row(s, 'stem');
    expect([stem.precision, stem.inputBits, stem.kernelBits, stem.scaleFactors]).toEqual(['declared', 32, 32, 0]);
    const relu = row(s, 'stem_relu');
    expect([relu.precision, relu.inputBits, relu.kernelBits]).toEqual(['not-applicable', null, null]);
  });

  it('formats an aligned table (snapshot)', async () => {
    await expect(formatSummary(s)).toMatchFileSnapshot('__snapshots__/resnet20-1w1a-summary.txt');
  });
});

describe('summary accounting rules', () => {
  it('1W/32A: binary weights, all MACs floating', () => {
    const model = handBuiltResNet20(new ClipSign({ clip: 1 }), null);
    const t = summary(model).totals;
    expect(t.binaryParams).toBe(267_264);
    expect(t.binaryMacs).toBe(0);
    expect(t.floatMacs).toBe(40_108_032 + 443_008);
    model.dispose();
  });

  it('k-bit kernels, channel scales and biases', () => {
    // QuantConv2D 1×1, 4 → 3 channels, 2-bit kernel, bias, channel-mean scale, on a 5×5 input:
    // kernel 12 values × 2 bits, bias 3 × 32 bits, 3 scales × 32 bits → 24 + 96 + 96 = 216 bits.
    // MACs: 25 positions × 12 = 300, floating (2-bit kernel, 32-bit input).
    const input = tfl.input({ shape: [5, 5, 4] });
    const layer = new QuantConv2D({ name: 'q', filters: 3, kernelSize: 1, useBias: true, kernelEstimator: new TwoBit(), kernelScale: 'channel-mean' });
    const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    const q = row(summary(model), 'q');
    expect(q.paramsByBits).toEqual({ 2: 12, 32: 3 });
    expect(q.scaleFactors).toBe(3);
    expect(q.memoryBits).toBe(216);
    expect([q.binaryMacs, q.floatMacs]).toEqual([0, 300]);
    expect(q.weights.map((w) => [w.name, w.bits, w.trainable])).toEqual([
      ['kernel', 2, true],
      ['bias', 32, true],
    ]);
    model.dispose();
  });

  it('flattens nested models and counts Dense MACs per position', () => {
    // Inner model: Dense 3 → 2 on [4, 3] tokens: 4 positions × 6 = 24 MACs.
    const innerIn = tfl.input({ shape: [4, 3] });
    const inner = tfl.model({ name: 'inner', inputs: innerIn, outputs: tfl.layers.dense({ name: 'proj', units: 2 }).apply(innerIn) as tfl.SymbolicTensor });
    const outerIn = tfl.input({ shape: [4, 3] });
    const outer = tfl.model({ name: 'outer', inputs: outerIn, outputs: inner.apply(outerIn) as tfl.SymbolicTensor });
    const s = summary(outer);
    const proj = row(s, 'inner/proj');
    expect(proj.floatMacs).toBe(24);
    expect(s.totals.params).toBe(8);
    expect(s.totals.compressionRatio).toBe(1);
    outer.dispose();
  });
});

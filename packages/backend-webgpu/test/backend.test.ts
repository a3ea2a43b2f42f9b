import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { SYNC_READ_MESSAGE, webGpuAdapter, webGpuErrors } from '../src/index.js';
import { requireAdapterInCi, webGpuReady } from './helpers.js';

requireAdapterInCi();

/** A program whose WGSL does not compile: the device reports it asynchronously. */
class InvalidProgram {
  readonly variableNames = ['x'];
  readonly workgroupSize: [number, number, number] = [64, 1, 1];
  readonly size = true;
  readonly shaderKey = 'signflowTestInvalidShader';
  readonly outputShape = [4];
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number] = [1, 1, 1];

  getUserCode(): string {
    return 'fn main(index : i32) { let y : f32 = undefinedFunction(index); }';
  }
}

describe.skipIf(!webGpuReady)('the webgpu backend', () => {
  it('runs on the adapter it reports', async () => {
    const adapter = webGpuAdapter();
    expect(adapter?.provider).toBe('dawn');
    expect(typeof adapter?.software).toBe('boolean');
    await tf.setBackend('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    await tf.setBackend('cpu');
  });

  it('refuses a synchronous read of data on the GPU with what to do instead, and serves it after an asynchronous one', async () => {
    await tf.setBackend('webgpu');
    try {
      // Large enough that tfjs does not run the multiplication on the CPU (it does for small tensors whose values are there).
      const y = tf.mul(tf.range(0, 4096), 2);
      expect(() => y.dataSync()).toThrow(SYNC_READ_MESSAGE);
      expect((await y.data())[4095]).toBe(8190);
      expect(y.dataSync()[4095]).toBe(8190);
      y.dispose();
    } finally {
      await tf.setBackend('cpu');
    }
  });

  // Last: after a device error the backend refuses every read.
  it('throws device errors at every read after them', async () => {
    await tf.setBackend('webgpu');
    try {
      const before = webGpuErrors().length;
      const x = tf.tensor1d([1, 2, 3, 4]);
      const backend = tf.backend() as unknown as { runWebGPUProgram(p: object, inputs: tf.TensorInfo[], dtype: string): tf.TensorInfo; disposeData(id: object): void };
      const out = backend.runWebGPUProgram(new InvalidProgram(), [x], 'float32');
      const y = tf.add(x, 1);
      await expect(y.data()).rejects.toThrow(/^WebGPU device error/);
      expect(webGpuErrors().length).toBeGreaterThan(before);
      // y was computed in the dropped command buffer: its values are not y's.
      await expect(y.data()).rejects.toThrow(/^WebGPU device error/);
      backend.disposeData(out.dataId);
      tf.dispose([x, y]);
    } finally {
      await tf.setBackend('cpu');
    }
  });
});

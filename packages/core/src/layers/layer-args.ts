import type { Tensor } from '@tensorflow/tfjs-core';
import type { Shape } from '@tensorflow/tfjs-layers';

/** Validates a positive integer layer argument. */
export function checkPositiveInt(layer: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${layer}: ${name} = ${JSON.stringify(value)} must be a positive integer.`);
  }
  return value;
}

/** Normalises a square-or-pair argument to a pair of integers >= `min`. */
export function pair(layer: string, name: string, value: number | [number, number], min: number): [number, number] {
  const p: [number, number] = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(p) || p.length !== 2 || p.some((v) => !Number.isInteger(v) || v < min)) {
    throw new RangeError(`${layer}: ${name} = ${JSON.stringify(value)} must be an integer >= ${min} or a pair of them.`);
  }
  return [p[0], p[1]];
}

/** The single input tensor of a single-input layer. */
export function oneTensor(inputs: Tensor | Tensor[]): Tensor {
  if (Array.isArray(inputs)) {
    if (inputs.length !== 1) throw new Error(`Expected exactly one input tensor, got ${inputs.length}.`);
    return inputs[0];
  }
  return inputs;
}

/** The single input shape of a single-input layer. */
export function oneShape(shape: Shape | Shape[]): Shape {
  if (Array.isArray(shape[0])) {
    const shapes = shape as Shape[];
    if (shapes.length !== 1) throw new Error(`Expected exactly one input shape, got ${shapes.length}.`);
    return shapes[0];
  }
  return shape as Shape;
}

const layerCounters = new Map<string, number>();

/**
 * A unique default layer name such as `quant_conv2d_3`. tfjs derives default names from the
 * class name, which for namespaced classes (`signflow>QuantConv2D`) is not a valid tensor name.
 */
export function defaultLayerName(prefix: string): string {
  const n = (layerCounters.get(prefix) ?? 0) + 1;
  layerCounters.set(prefix, n);
  return `${prefix}_${n}`;
}

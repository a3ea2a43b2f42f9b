/**
 * `MaxPoolGrad` that breaks ties as the `cpu` backend (and oneDNN, and TensorFlow) do: the
 * gradient of a window goes to the *first* of its equal maxima in row-major order.
 * tfjs-backend-webgpu 4.22 sends it to the last (`value >= max`). Ties are common in binary
 * networks, where a ReLU before the pool leaves many exact zeros and batch-norm maps equal
 * values to equal values, so the two backends routed gradients to different pixels.
 *
 * One WGSL pass per input pixel: for every output window that covers the pixel (at most
 * ⌈filter/stride⌉² of them), find the window's first maximum and add the window's dy if it is
 * this pixel. NaN never wins (as `pixel > max` on `cpu`), and a window of only -∞ passes no
 * gradient.
 */
import { backend_util, MaxPoolGrad, type KernelBackend, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGpuKernelContext } from './context.js';

const USER_CODE = `
  fn floorDiv(a : i32, b : i32) -> i32 {
    return select(a / b, (a - b + 1) / b, a < 0);
  }

  fn isFirstMax(batch : i32, yR : i32, yC : i32, d : i32, xR : i32, xC : i32) -> bool {
    let rCorner = yR * uniforms.strides.x - uniforms.pads.x;
    let cCorner = yC * uniforms.strides.y - uniforms.pads.y;
    var maxValue = -uniforms.INFINITY;
    var maxR = -1;
    var maxC = -1;
    for (var wR = 0; wR < uniforms.filterDims.x; wR++) {
      let r = rCorner + wR;
      if (r < 0 || r >= uniforms.xShape[1]) { continue; }
      for (var wC = 0; wC < uniforms.filterDims.y; wC++) {
        let c = cCorner + wC;
        if (c < 0 || c >= uniforms.xShape[2]) { continue; }
        let value = getX(batch, r, c, d);
        if (value > maxValue) {
          maxValue = value;
          maxR = r;
          maxC = c;
        }
      }
    }
    return maxR == xR && maxC == xC;
  }

  fn main(index : i32) {
    if (index < uniforms.size) {
      let coords = getCoordsFromIndex(index);
      let batch = coords[0];
      let xR = coords[1];
      let xC = coords[2];
      let d = coords[3];
      // Output rows whose window covers row xR: yR * stride - pad <= xR <= yR * stride - pad + filter - 1.
      let yRMin = max(0, floorDiv(xR + uniforms.pads.x - uniforms.filterDims.x + uniforms.strides.x, uniforms.strides.x));
      let yRMax = min(uniforms.dyShape[1] - 1, floorDiv(xR + uniforms.pads.x, uniforms.strides.x));
      let yCMin = max(0, floorDiv(xC + uniforms.pads.y - uniforms.filterDims.y + uniforms.strides.y, uniforms.strides.y));
      let yCMax = min(uniforms.dyShape[2] - 1, floorDiv(xC + uniforms.pads.y, uniforms.strides.y));
      var sum = 0.0;
      for (var yR = yRMin; yR <= yRMax; yR++) {
        for (var yC = yCMin; yC <= yCMax; yC++) {
          if (isFirstMax(batch, yR, yC, d, xR, xC)) {
            sum += getDy(batch, yR, yC, d);
          }
        }
      }
      setOutputAtIndex(index, sum);
    }
  }
`;

/** The WGSL program: dx of a max pool from dy and the pool's input x. */
class FirstMaxPoolBackpropProgram {
  readonly variableNames = ['dy', 'x'];
  readonly uniforms = 'strides : vec2<i32>, pads : vec2<i32>, filterDims : vec2<i32>,';
  readonly workgroupSize: [number, number, number] = [64, 1, 1];
  readonly size = true;
  readonly shaderKey = 'signflowMaxPoolBackpropFirstMax';
  readonly outputShape: number[];
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];

  constructor(inShape: number[], util: WebGpuKernelContext['module']['webgpu_util']) {
    this.outputShape = inShape;
    this.dispatchLayout = util.flatDispatchLayout(inShape);
    this.dispatch = util.computeDispatch(this.dispatchLayout, inShape, this.workgroupSize);
  }

  getUserCode(): string {
    return USER_CODE;
  }
}

/** The replacement `MaxPoolGrad` for `context.backendName`. */
export function maxPoolGradFirstMax(context: WebGpuKernelContext): KernelConfig {
  return {
    kernelName: MaxPoolGrad,
    backendName: context.backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
      const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as {
        filterSize: [number, number] | number;
        strides: [number, number] | number;
        pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
      };
      if (input.dtype !== 'float32' || dy.dtype !== 'float32') {
        return context.builtIn({ inputs, backend, attrs });
      }
      const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
      const program = new FirstMaxPoolBackpropProgram(info.inShape, context.module.webgpu_util);
      const uniforms = [
        { type: 'int32', data: [info.strideHeight, info.strideWidth] },
        { type: 'int32', data: [info.padInfo.top, info.padInfo.left] },
        { type: 'int32', data: [info.effectiveFilterHeight, info.effectiveFilterWidth] },
      ];
      const webgpu = backend as KernelBackend as InstanceType<WebGpuKernelContext['module']['WebGPUBackend']>;
      return webgpu.runWebGPUProgram(program as never, [dy, input], 'float32', uniforms);
    },
  };
}

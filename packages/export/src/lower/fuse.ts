import type { IrConv2D, IrDense, IrGraph, IrOp } from './graph.js';

type Kernel = IrConv2D | IrDense;
const isKernel = (op: IrOp): op is Kernel => op.op === 'conv2d' || op.op === 'dense';

/**
 * Fuses operations into the layer before them, where the value between them has no other use:
 * - zero padding into a following full-precision-input convolution (the padding a binarised
 *   input gets must stay +1 after the sign, so it is not fused there);
 * - ReLU, then batch norm, into the epilogue of a convolution or dense layer (in that order, the
 *   zoo's binary layer → ReLU → BN);
 * - a channels-first permute followed by a flatten into one channel-first flatten.
 * The fused operation takes the name of the last one it absorbs, so later inputs stay valid.
 */
export function fuseGraph(graph: IrGraph): IrGraph {
  let ops = [...graph.ops];
  const uses = (name: string): IrOp[] => ops.filter((op) => op.inputs.includes(name));
  const only = (name: string): IrOp | undefined => {
    const u = uses(name);
    return u.length === 1 && u[0].inputs.filter((i) => i === name).length === 1 && name !== graph.output ? u[0] : undefined;
  };
  const replace = (removed: IrOp, absorbed: IrOp, fused: IrOp): void => {
    ops = ops.filter((op) => op !== removed).map((op) => (op === absorbed ? fused : op));
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const op of ops) {
      const next = only(op.name);
      if (next === undefined) continue;
      if (op.op === 'pad' && next.op === 'conv2d' && next.inputQuant === 'none' && next.padding[0] === 0 && next.padding[1] === 0) {
        const [top, bottom, left, right] = op.pads;
        if (top === bottom && left === right) {
          replace(op, next, { ...next, inputs: op.inputs as [string], padding: [top, left], layers: [...op.layers, ...next.layers] });
          changed = true;
          break;
        }
      }
      if (isKernel(op) && next.op === 'relu' && !op.relu && op.batchNorm === undefined) {
        replace(op, next, { ...op, name: next.name, relu: true, layers: [...op.layers, ...next.layers] });
        changed = true;
        break;
      }
      if (isKernel(op) && next.op === 'batchNorm' && op.batchNorm === undefined) {
        replace(op, next, { ...op, name: next.name, batchNorm: next.batchNorm, layers: [...op.layers, ...next.layers] });
        changed = true;
        break;
      }
      if (op.op === 'permute' && next.op === 'flatten' && next.order === 'hwc' && op.dims.join() === '3,1,2') {
        replace(op, next, { ...next, inputs: op.inputs, order: 'chw', layers: [...op.layers, ...next.layers] });
        changed = true;
        break;
      }
    }
  }
  return { ...graph, ops };
}

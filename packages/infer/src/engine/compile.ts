import { isNegativeBit } from '../format/bits.js';
import { PackedFormatError } from '../format/errors.js';
import type { BinaryWeights, Conv2DOp, DenseOp, PackedManifest, PackedOp } from '../format/manifest.js';
import { ArenaPlanner } from './arena.js';
import { NONE, OP } from './opcodes.js';
import { PayloadReader } from './tensors.js';
import { thresholdOf } from './thresholds.js';
import { WeightsBuffer } from './weights-buffer.js';

/** A packed model compiled for the engine: instructions, weights in compute layout, arena size. */
export interface CompiledProgram {
  /** Instructions: opcode, operand count, operands (native/engine.h). */
  readonly program: Int32Array;
  /** Weights in the layouts the kernels read. */
  readonly weights: Uint8Array;
  /** Bytes of activations one image needs. */
  readonly arenaBytes: number;
  /** Floats per input image. */
  readonly inputSize: number;
  /** Logits per image. */
  readonly outputSize: number;
  /** How the layers run: binary (xnor-popcount), binary weights on real inputs, or float. */
  readonly layers: { readonly binary: number; readonly binaryWeightsFloatInput: number; readonly float: number };
}

type Shape = [number, number, number];
interface Value {
  readonly shape: Shape;
  readonly bits: boolean;
  readonly offset: number;
  readonly bytes: number;
}

const MAX_TAPS = 64;

function fail(op: { name: string; op: string } | undefined, message: string): never {
  throw new PackedFormatError(`${op === undefined ? 'manifest' : `operation '${op.name}' (${op.op})`}: ${message}`);
}

const size = (s: Shape): number => s[0] * s[1] * s[2];
const wordsOf = (channels: number): number => Math.ceil(channels / 64);
const isKernelOp = (op: PackedOp): op is Conv2DOp | DenseOp => op.op === 'conv2d' || op.op === 'dense';
const runsBinary = (op: PackedOp): boolean => isKernelOp(op) && op.binaryInput && op.weights.kind === 'binary';

/**
 * Compiles a verified packed model (manifest and payload) into an engine program. Binary layers
 * whose every consumer binarises again (directly or through a max-pool) emit bits through integer
 * thresholds; other binary layers emit floats through their epilogue (α, bias, ReLU, folded BN).
 *
 * @throws PackedFormatError when the manifest describes something the engine cannot run.
 */
export function compileProgram(manifest: PackedManifest, payload: Uint8Array): CompiledProgram {
  const reader = new PayloadReader(payload);
  const ops = manifest.ops;
  if (!Array.isArray(ops) || ops.length === 0) fail(undefined, 'it lists no operations');
  const inputShape = manifest.input?.shape;
  if (!Array.isArray(inputShape) || ![1, 3].includes(inputShape.length) || inputShape.some((d) => !Number.isInteger(d) || d < 1)) {
    fail(undefined, `bad input shape ${JSON.stringify(inputShape)}`);
  }
  const producers = new Map<string, PackedOp | 'input'>([[manifest.input.name, 'input']]);
  const consumers = new Map<string, PackedOp[]>();
  for (const op of ops) {
    if (producers.has(op.name)) fail(op, 'its name is used twice');
    for (const name of op.inputs ?? []) {
      if (!producers.has(name)) fail(op, `its input '${name}' is not produced by an earlier operation`);
      consumers.set(name, [...(consumers.get(name) ?? []), op]);
    }
    producers.set(op.name, op);
  }
  if (!producers.has(manifest.output) || manifest.output === manifest.input.name) fail(undefined, `the output '${manifest.output}' is no operation's`);
  const lastUse = new Map<string, number>();
  ops.forEach((op, i) => op.inputs.forEach((name) => lastUse.set(name, i)));
  lastUse.set(manifest.output, ops.length);

  // Binary layers whose consumers all binarise (possibly through max-pools) emit bits.
  const bitConsumer = (op: PackedOp): boolean =>
    runsBinary(op) || (op.op === 'maxPool' && (consumers.get(op.name) ?? []).length > 0 && (consumers.get(op.name) ?? []).every(runsBinary));
  const emitsBits = new Set<string>();
  for (const op of ops) {
    const uses = consumers.get(op.name) ?? [];
    if (runsBinary(op) && op.name !== manifest.output && uses.length > 0 && uses.every(bitConsumer)) {
      emitsBits.add(op.name);
      for (const use of uses) if (use.op === 'maxPool') emitsBits.add(use.name);
    }
  }

  const program: number[] = [];
  const weights = new WeightsBuffer();
  const arena = new ArenaPlanner();
  const values = new Map<string, Value>();
  const packed = new Map<string, Value>();
  const layers = { binary: 0, binaryWeightsFloatInput: 0, float: 0 };
  const emit = (opcode: number, ...args: number[]): void => {
    program.push(opcode, args.length, ...args);
  };
  const produce = (name: string, shape: Shape, bits: boolean): Value => {
    const bytes = bits ? shape[0] * shape[1] * wordsOf(shape[2]) * 8 : size(shape) * 4;
    const value = { shape, bits, offset: arena.allocate(bytes), bytes };
    values.set(name, value);
    return value;
  };
  const release = (index: number, op: PackedOp): void => {
    for (const name of new Set(op.inputs)) {
      if (lastUse.get(name) !== index) continue;
      for (const table of [values, packed]) {
        const value = table.get(name);
        if (value !== undefined) {
          arena.release(value.offset, value.bytes);
          table.delete(name);
        }
      }
    }
  };
  const floatInput = (op: PackedOp, name: string): Value => {
    const value = values.get(name);
    if (value === undefined || value.bits) fail(op, `its input '${name}' is binarised; only binary layers and max-pools read bits`);
    return value;
  };
  const bitsInput = (name: string): Value => {
    const value = values.get(name);
    if (value !== undefined && value.bits) return value;
    const cached = packed.get(name);
    if (cached !== undefined) return cached;
    const source = value as Value;
    const [h, w, c] = source.shape;
    const bytes = h * w * wordsOf(c) * 8;
    const bits = { shape: source.shape, bits: true, offset: arena.allocate(bytes), bytes };
    emit(OP.pack, source.offset, bits.offset, h * w, c);
    packed.set(name, bits);
    return bits;
  };

  const input: Shape = inputShape.length === 3 ? [inputShape[0], inputShape[1], inputShape[2]] : [1, 1, inputShape[0]];
  emit(OP.input, produce(manifest.input.name, input, false).offset, size(input));

  ops.forEach((op, index) => {
    switch (op.op) {
      case 'conv2d':
      case 'dense':
        compileKernelOp(op);
        break;
      case 'affine': {
        const x = floatInput(op, op.inputs[0]);
        const c = x.shape[2];
        const m = weights.addFloats(reader.floats(op.multiplier, c, `${op.name} multiplier`));
        const b = weights.addFloats(reader.floats(op.bias, c, `${op.name} bias`));
        emit(OP.affine, x.offset, produce(op.name, x.shape, false).offset, x.shape[0] * x.shape[1], c, m, b);
        break;
      }
      case 'relu': {
        const x = floatInput(op, op.inputs[0]);
        emit(OP.relu, x.offset, produce(op.name, x.shape, false).offset, size(x.shape));
        break;
      }
      case 'add': {
        const a = floatInput(op, op.inputs[0]);
        const b = floatInput(op, op.inputs[1]);
        if (a.shape.join() !== b.shape.join()) fail(op, `shapes ${a.shape.join('x')} and ${b.shape.join('x')} differ`);
        emit(OP.add, a.offset, b.offset, produce(op.name, a.shape, false).offset, size(a.shape));
        break;
      }
      case 'maxPool': {
        const source = values.get(op.inputs[0]) as Value;
        const [h, w, c] = source.shape;
        const [kh, kw] = op.size;
        const [sh, sw] = op.strides;
        const [ph, pw] = op.padding;
        if (2 * ph > kh || 2 * pw > kw) fail(op, 'padding larger than half the window');
        const oh = Math.floor((h + 2 * ph - kh) / sh) + 1;
        const ow = Math.floor((w + 2 * pw - kw) / sw) + 1;
        const bits = emitsBits.has(op.name) && source.bits;
        const out = produce(op.name, [oh, ow, c], bits);
        emit(bits ? OP.maxPoolBits : OP.maxPoolFloat, source.offset, out.offset, h, w, bits ? wordsOf(c) : c, oh, ow, kh, kw, sh, sw, ph, pw);
        break;
      }
      case 'globalAveragePool': {
        const x = floatInput(op, op.inputs[0]);
        emit(OP.globalAveragePool, x.offset, produce(op.name, [1, 1, x.shape[2]], false).offset, x.shape[0] * x.shape[1], x.shape[2]);
        break;
      }
      case 'subsample': {
        const x = floatInput(op, op.inputs[0]);
        const [h, w, c] = x.shape;
        const s = op.stride;
        const out = produce(op.name, [Math.ceil(h / s), Math.ceil(w / s), c], false);
        emit(OP.subsample, x.offset, out.offset, h, w, c, out.shape[0], out.shape[1], s);
        break;
      }
      case 'padChannels': {
        const x = floatInput(op, op.inputs[0]);
        const [h, w, c] = x.shape;
        emit(OP.padChannels, x.offset, produce(op.name, [h, w, c + op.before + op.after], false).offset, h * w, c, op.before, op.after);
        break;
      }
      case 'pad': {
        const x = floatInput(op, op.inputs[0]);
        const [h, w, c] = x.shape;
        const [top, bottom, left, right] = op.pads;
        emit(OP.pad, x.offset, produce(op.name, [h + top + bottom, w + left + right, c], false).offset, h, w, c, top, bottom, left, right);
        break;
      }
      case 'flatten': {
        const x = floatInput(op, op.inputs[0]);
        const [h, w, c] = x.shape;
        const out = produce(op.name, [1, 1, size(x.shape)], false);
        if (op.order === 'chw') emit(OP.toChw, x.offset, out.offset, h, w, c);
        else emit(OP.padChannels, x.offset, out.offset, 1, size(x.shape), 0, 0);
        break;
      }
      default:
        fail(op, 'unknown operation; the file may come from a newer signflow');
    }
    release(index, op);
  });

  const out = values.get(manifest.output);
  if (out === undefined || out.bits) fail(undefined, `the output '${manifest.output}' must be a float tensor`);
  emit(OP.output, out.offset, size(out.shape));
  return {
    program: Int32Array.from(program),
    weights: weights.finish(),
    arenaBytes: arena.size,
    inputSize: size(input),
    outputSize: size(out.shape),
    layers,
  };

  function compileKernelOp(op: Conv2DOp | DenseOp): void {
    const source = values.get(op.inputs[0]) as Value;
    const [h, w, c] = source.shape;
    const conv = op.op === 'conv2d';
    const [kh, kw] = conv ? op.kernel : [1, 1];
    const [sh, sw] = conv ? op.strides : [1, 1];
    const [ph, pw] = conv ? op.padding : [0, 0];
    const channels = conv ? op.channels : op.features;
    const k = conv ? op.filters : op.units;
    if (c !== channels) fail(op, `expects ${channels} input channels, gets ${c}`);
    if (![kh, kw, sh, sw, k].every((v) => Number.isInteger(v) && v >= 1) || ![ph, pw].every((v) => Number.isInteger(v) && v >= 0)) {
      fail(op, 'bad geometry');
    }
    const oh = Math.floor((h + 2 * ph - kh) / sh) + 1;
    const ow = Math.floor((w + 2 * pw - kw) / sw) + 1;
    if (oh < 1 || ow < 1) fail(op, `its window does not fit a ${h}x${w} input`);
    const n = kh * kw * c;
    const bias = op.bias === undefined ? undefined : reader.floats(op.bias, k, `${op.name} bias`);
    const bnMultiplier = op.batchNorm === undefined ? undefined : reader.floats(op.batchNorm.multiplier, k, `${op.name} batch-norm multiplier`);
    const bnBias = op.batchNorm === undefined ? undefined : reader.floats(op.batchNorm.bias, k, `${op.name} batch-norm bias`);
    const relu = op.relu === true ? 1 : 0;
    const epilogue = [
      bias === undefined ? NONE : weights.addFloats(bias),
      relu,
      bnMultiplier === undefined ? NONE : weights.addFloats(bnMultiplier),
      bnBias === undefined ? NONE : weights.addFloats(bnBias),
    ];
    const geometry = [h, w, c, oh, ow, k, kh, kw, sh, sw, ph, pw];

    if (op.weights.kind === 'binary') {
      const signs = reader.bits(op.weights.signs, k * n, `${op.name} signs`);
      const alpha = alphas(op, op.weights, k);
      if (op.binaryInput) {
        if (kh * kw > MAX_TAPS) fail(op, `a ${kh}x${kw} binary kernel has more than ${MAX_TAPS} taps`);
        layers.binary += 1;
        const x = bitsInput(op.inputs[0]);
        const words = wordsOf(c);
        const cpad = Math.ceil(k / 8) * 8;
        const layout = new Uint32Array(kh * kw * words * cpad * 2);
        for (let o = 0; o < k; o++) {
          for (let tap = 0; tap < kh * kw; tap++) {
            for (let ci = 0; ci < c; ci++) {
              if (!isNegativeBit(signs, (o * kh * kw + tap) * c + ci)) continue;
              const word = (tap * words + (ci >> 6)) * cpad + o;
              layout[2 * word + ((ci & 63) >> 5)] |= 1 << (ci & 31);
            }
          }
        }
        const w0 = weights.add(new Uint8Array(layout.buffer));
        const bits = emitsBits.has(op.name);
        const out = produce(op.name, [oh, ow, k], bits);
        let scale = NONE;
        let thr = NONE;
        let dir = NONE;
        if (bits) {
          const t = Array.from({ length: k }, (_, o) =>
            thresholdOf({ alpha: alpha?.[o] ?? 1, bias: bias?.[o] ?? 0, relu: relu === 1, multiplier: bnMultiplier?.[o] ?? 1, shift: bnBias?.[o] ?? 0 }, n),
          );
          thr = weights.addInts(t.map((x) => x.threshold));
          dir = weights.addInts(t.map((x) => x.direction));
        } else if (alpha !== undefined) {
          scale = weights.addFloats(alpha);
        }
        emit(OP.convBinary, x.offset, out.offset, ...geometry, w0, words, cpad, bits ? 1 : 0, scale, ...epilogue, thr, dir, wordsOf(k));
        return;
      }
      // Binary weights on real inputs: the signs unpacked, times α.
      layers.binaryWeightsFloatInput += 1;
      const hwio = new Float32Array(n * k);
      for (let o = 0; o < k; o++) {
        for (let i = 0; i < n; i++) hwio[i * k + o] = (isNegativeBit(signs, o * n + i) ? -1 : 1) * (alpha?.[o] ?? 1);
      }
      const x = floatInput(op, op.inputs[0]);
      emit(OP.convFloat, x.offset, produce(op.name, [oh, ow, k], false).offset, ...geometry, weights.addFloats(hwio), ...epilogue);
      return;
    }
    layers.float += 1;
    const hwio = reader.floats(op.weights.values, n * k, `${op.name} weights`);
    const x = floatInput(op, op.inputs[0]);
    if (!op.binaryInput) {
      emit(OP.convFloat, x.offset, produce(op.name, [oh, ow, k], false).offset, ...geometry, weights.addFloats(hwio), ...epilogue);
      return;
    }
    // Float weights on binarised inputs: the signs as floats, read by this operation only.
    const signed = arena.allocate(x.bytes);
    emit(OP.sign, x.offset, signed, size(x.shape));
    emit(OP.convFloat, signed, produce(op.name, [oh, ow, k], false).offset, ...geometry, weights.addFloats(hwio), ...epilogue);
    arena.release(signed, x.bytes);
  }

  function alphas(op: PackedOp, binary: BinaryWeights, k: number): Float32Array | undefined {
    switch (binary.scale) {
      case 'none':
        return undefined;
      case 'layer':
        return new Float32Array(k).fill(reader.floats(binary.alpha as never, 1, `${op.name} alpha`)[0]);
      case 'channel':
        return reader.floats(binary.alpha as never, k, `${op.name} alpha`);
      default:
        return fail(op, `unknown kernel scale ${JSON.stringify(binary.scale)}`);
    }
  }
}

import { ENGINE_WASM_BASE64 } from './wasm-binary.js';

/** The parts of the WebAssembly API used here (typed locally: the package compiles without DOM types). */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<{ exports: object }>;
}
const wasmApi = (): WasmApi => (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exports of native/wasm.c. */
interface WasmExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly __heap_base: { readonly value: number };
  run(program: number, length: number, weights: number, scratch: number, input: number, inSize: number, output: number, outSize: number, batch: number): void;
}

let module: Promise<object> | null = null;

function decodeBase64(text: string): Uint8Array {
  const atob = (globalThis as { atob?: (data: string) => string }).atob;
  if (typeof atob === 'function') return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
  throw new Error('no base64 decoder (atob) in this JavaScript environment');
}

/** The compiled WebAssembly engine module (compiled once). */
function engineModule(): Promise<object> {
  const compiled = module ?? wasmApi().compile(decodeBase64(ENGINE_WASM_BASE64));
  module = compiled;
  return compiled;
}

/** Images per call: bounds the memory for inputs and outputs of large batches. */
const CHUNK = 32;

/**
 * One instance of the WebAssembly engine holding one compiled program: the program and weights
 * are copied into its memory once; each run copies a chunk of images in and the logits out.
 */
export class WasmEngine {
  private constructor(
    private readonly exports: WasmExports,
    private readonly layout: { program: number; length: number; weights: number; scratch: number; input: number; output: number },
    private readonly inputSize: number,
    private readonly outputSize: number,
  ) {}

  /** Instantiates the engine for a compiled program. */
  static async create(program: Int32Array, weights: Uint8Array, arenaBytes: number, inputSize: number, outputSize: number): Promise<WasmEngine> {
    const instance = await wasmApi().instantiate(await engineModule(), {});
    const exports = instance.exports as unknown as WasmExports;
    const align = (n: number): number => Math.ceil(n / 64) * 64;
    let top = align(Number(exports.__heap_base.value));
    const place = (bytes: number): number => {
      const at = top;
      top = align(top + bytes);
      return at;
    };
    const layout = {
      program: place(program.byteLength),
      length: program.length,
      weights: place(weights.byteLength),
      scratch: place(arenaBytes),
      input: place(CHUNK * inputSize * 4),
      output: place(CHUNK * outputSize * 4),
    };
    const pages = Math.ceil(top / 65536) - exports.memory.buffer.byteLength / 65536;
    if (pages > 0) exports.memory.grow(pages);
    new Int32Array(exports.memory.buffer, layout.program, program.length).set(program);
    new Uint8Array(exports.memory.buffer, layout.weights, weights.byteLength).set(weights);
    return new WasmEngine(exports, layout, inputSize, outputSize);
  }

  /** Logits of `batch` images. */
  run(input: Float32Array, batch: number): Float32Array {
    const out = new Float32Array(batch * this.outputSize);
    const { exports, layout } = this;
    for (let first = 0; first < batch; first += CHUNK) {
      const count = Math.min(CHUNK, batch - first);
      new Float32Array(exports.memory.buffer, layout.input, count * this.inputSize).set(
        input.subarray(first * this.inputSize, (first + count) * this.inputSize),
      );
      exports.run(layout.program, layout.length, layout.weights, layout.scratch, layout.input, this.inputSize, layout.output, this.outputSize, count);
      out.set(new Float32Array(exports.memory.buffer, layout.output, count * this.outputSize), first * this.outputSize);
    }
    return out;
  }
}

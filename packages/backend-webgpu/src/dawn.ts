/**
 * Provides `navigator.gpu`: the browser's own where there is one, otherwise Google's Dawn from
 * the npm package `webgpu` (a prebuilt `dawn.node` for Linux, macOS and Windows; nothing is
 * downloaded or compiled). tfjs-backend-webgpu looks for `navigator.gpu` and for the WebGPU
 * constants (`GPUBufferUsage`, `GPUMapMode`, ...) on the global object, so both are installed
 * there.
 */
import type { GpuLike } from './gpu-types.js';

/** What the package tells users to install when Dawn does not load. */
export const DAWN_INSTALL = 'npm install webgpu@0.6.2 (prebuilt Dawn for linux-x64/arm64, macOS and Windows)';

/** `navigator.gpu`, or why there is none. */
export type GpuSource = { readonly gpu: GpuLike; readonly provider: 'browser' | 'dawn'; readonly reason: null } | { readonly gpu: null; readonly reason: string };

interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

/** Finds or installs `navigator.gpu`. */
export async function provideNavigatorGpu(): Promise<GpuSource> {
  const existing = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (existing !== undefined) return { gpu: existing, provider: 'browser', reason: null };
  if (typeof process === 'undefined' || process.versions?.node === undefined) {
    return { gpu: null, reason: 'this JavaScript runtime has no navigator.gpu (WebGPU is in Chrome/Edge 113+, Safari 26+ and Firefox 141+ on Windows)' };
  }
  let dawn: DawnModule;
  try {
    // A variable specifier keeps bundlers for the browser from pulling the Node addon in.
    const specifier = 'webgpu';
    dawn = (await import(specifier)) as DawnModule;
  } catch (error) {
    return { gpu: null, reason: `Dawn (the npm package \`webgpu\`) could not be loaded: ${firstLine(error)}. Install it: ${DAWN_INSTALL}.` };
  }
  for (const [name, value] of Object.entries(dawn.globals)) {
    if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  const gpu = dawn.create([]);
  const navigator = (globalThis as { navigator?: object }).navigator;
  // Node 21+ defines a `navigator` of its own (without `gpu`); Node 20 has none.
  if (navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  else Object.defineProperty(navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  return { gpu, provider: 'dawn', reason: null };
}

/** The first line of an error's message. */
export function firstLine(error: unknown): string {
  return String((error as Error | undefined)?.message ?? error).split('\n')[0] as string;
}

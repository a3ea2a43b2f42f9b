/**
 * What a WebGPU adapter is: its vendor, architecture and device as the implementation reports
 * them, and whether it is a software rasteriser running on the CPU. A software adapter (Mesa's
 * lavapipe/llvmpipe, Google's SwiftShader, Microsoft's WARP) is useful for testing the WebGPU
 * route on a machine without a GPU, but trains far slower than signflow's native CPU backend.
 */
import type { GpuAdapterInfoLike, GpuAdapterLike } from './gpu-types.js';

/** A WebGPU adapter as the package reports it (see `webGpuAdapter`). */
export interface AdapterReport {
  /** e.g. `nvidia`, `amd`, `intel`, `apple`, `mesa`, `google`; may be empty in browsers. */
  readonly vendor: string;
  /** e.g. `ampere`, `rdna-3`, `gen-12lp`, `software`, `swiftshader`; may be empty in browsers. */
  readonly architecture: string;
  /** The device's name as the driver reports it; may be empty in browsers. */
  readonly device: string;
  /** Driver description, e.g. `llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)`. */
  readonly description: string;
  /** True for a CPU/software adapter (lavapipe, llvmpipe, SwiftShader, WARP, or one flagged as fallback). */
  readonly software: boolean;
  /** Where `navigator.gpu` came from: the browser, or Dawn (npm `webgpu`) in Node. */
  readonly provider: 'browser' | 'dawn';
}

/** Names that only software implementations of Vulkan/D3D/Metal report. */
const SOFTWARE_NAMES = /llvmpipe|lavapipe|softpipe|swiftshader|microsoft basic render|\bwarp\b/i;

/**
 * Whether an adapter with this info runs on the CPU.
 *
 * @param info the adapter's `GPUAdapterInfo`
 * @param flaggedFallback the adapter's own `isFallbackAdapter` (where a browser reports it on the adapter)
 */
export function isSoftwareAdapter(info: GpuAdapterInfoLike, flaggedFallback = false): boolean {
  if (flaggedFallback || info.isFallbackAdapter === true) return true;
  // Dawn reports architecture `software` for Vulkan devices of type CPU.
  if (info.architecture.toLowerCase() === 'software') return true;
  return SOFTWARE_NAMES.test([info.vendor, info.architecture, info.device, info.description].join(' '));
}

/** The adapter's info: `adapter.info` (current spec) or `requestAdapterInfo()` (older browsers). */
export async function adapterInfo(adapter: GpuAdapterLike): Promise<GpuAdapterInfoLike> {
  if (adapter.info !== undefined) return adapter.info;
  if (adapter.requestAdapterInfo !== undefined) return adapter.requestAdapterInfo();
  return { vendor: '', architecture: '', device: '', description: '' };
}

/** Describes `adapter` for people and for backend selection. */
export async function describeAdapter(adapter: GpuAdapterLike, provider: AdapterReport['provider']): Promise<AdapterReport> {
  const info = await adapterInfo(adapter);
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    software: isSoftwareAdapter(info, adapter.isFallbackAdapter === true),
    provider,
  };
}

/** One line: `nvidia ampere (NVIDIA GeForce RTX 3080), GPU` or `mesa software (llvmpipe ...), software`. */
export function formatAdapter(report: AdapterReport): string {
  const name = [report.vendor, report.architecture].filter((s) => s !== '').join(' ') || 'unknown adapter';
  const detail = report.description !== '' ? report.description : report.device;
  return `${name}${detail === '' ? '' : ` (${detail})`}, ${report.software ? 'software (runs on the CPU)' : 'GPU'}`;
}

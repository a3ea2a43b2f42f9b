import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from '../errors.js';
import { installCommand, peerRange } from '../install/peers.js';
import { wasmConv2DBackpropFilter } from './wasm-conv2d-backprop-filter.js';

/** A backend name the user can ask for. */
export type BackendChoice = 'auto' | 'tensorflow' | 'webgpu' | 'native' | 'wasm' | 'cpu';

/** The outcome of backend selection: what runs, and why the faster ones did not. */
export interface BackendSelection {
  /** The tfjs backend in use (`tensorflow`, `webgpu`, `native`, `wasm` or `cpu`). */
  readonly backend: string;
  /** Which package provided it. */
  readonly provider: string;
  /** For each faster candidate that was skipped: why. */
  readonly skipped: readonly { readonly backend: string; readonly reason: string }[];
}

interface Candidate {
  readonly name: Exclude<BackendChoice, 'auto'>;
  /**
   * Loads and registers the backend; returns its provider or a reason it is unavailable. `auto`
   * is true when the backend is a candidate of `--backend auto` rather than asked for by name.
   */
  readonly load: (auto: boolean) => Promise<{ provider: string } | { reason: string }>;
}

/**
 * Fastest first: TensorFlow's C library (CUDA build, then CPU build; both optional packages that
 * download libtensorflow when installed), WebGPU through Dawn on a real GPU, signflow's native
 * oneDNN backend when built, the wasm backend (XNNPACK), then plain JavaScript.
 */
const CANDIDATES: readonly Candidate[] = [
  {
    name: 'tensorflow',
    load: async () => {
      const reasons: string[] = [];
      for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
        try {
          await import(pkg);
          return { provider: pkg };
        } catch (error) {
          reasons.push(`${pkg}: ${firstLine(error)}`);
        }
      }
      return { reason: `${reasons.join('; ')} (install one of them where libtensorflow can be downloaded)` };
    },
  },
  {
    name: 'webgpu',
    load: async (auto) => {
      try {
        const webgpu = (await import('@signflow/backend-webgpu')) as typeof import('@signflow/backend-webgpu');
        const adapter = webgpu.webGpuAdapter();
        if (adapter === null) return { reason: webgpu.webGpuUnavailableReason() ?? 'not available' };
        // A software adapter (lavapipe, SwiftShader) trains slower than the CPU backends below.
        if (auto && adapter.software) {
          return { reason: `the only WebGPU adapter is ${webgpu.formatAdapter(adapter)}, slower than the CPU backends; ask for it with --backend webgpu` };
        }
        return { provider: `@signflow/backend-webgpu on ${webgpu.formatAdapter(adapter)}` };
      } catch (error) {
        return { reason: `@signflow/backend-webgpu could not be loaded: ${firstLine(error)}` };
      }
    },
  },
  {
    name: 'native',
    load: async () => {
      try {
        const native = (await import('@signflow/backend-native')) as { isNativeAvailable(): boolean; nativeUnavailableReason(): string | null };
        return native.isNativeAvailable() ? { provider: '@signflow/backend-native' } : { reason: native.nativeUnavailableReason() ?? 'not available' };
      } catch (error) {
        return { reason: notInstalled(error, '@signflow/backend-native') ? nativeNotInstalledReason() : `@signflow/backend-native could not be loaded: ${firstLine(error)}` };
      }
    },
  },
  {
    name: 'wasm',
    load: async () => {
      try {
        await import('@tensorflow/tfjs-backend-wasm');
        if (tf.getKernel('Conv2DBackpropFilter', 'wasm') === undefined) tf.registerKernel(wasmConv2DBackpropFilter);
        return { provider: '@tensorflow/tfjs-backend-wasm' };
      } catch (error) {
        return { reason: `@tensorflow/tfjs-backend-wasm could not be loaded: ${firstLine(error)}` };
      }
    },
  },
  {
    name: 'cpu',
    load: async () => {
      await import('@tensorflow/tfjs-backend-cpu');
      return { provider: '@tensorflow/tfjs-backend-cpu' };
    },
  },
];

/**
 * Activates a backend. `auto` takes the first candidate that loads; an explicit choice that cannot
 * load is a {@link UsageError} (never a silent fallback).
 */
export async function selectBackend(choice: BackendChoice): Promise<BackendSelection> {
  const skipped: { backend: string; reason: string }[] = [];
  const candidates = choice === 'auto' ? CANDIDATES : CANDIDATES.filter((c) => c.name === choice);
  if (candidates.length === 0) {
    throw new UsageError(`Unknown backend '${choice}'. Choose one of: auto, ${CANDIDATES.map((c) => c.name).join(', ')}.`);
  }
  for (const candidate of candidates) {
    const loaded = await candidate.load(choice === 'auto');
    if ('provider' in loaded && (await activate(candidate.name))) {
      return { backend: candidate.name, provider: loaded.provider, skipped };
    }
    const reason = 'reason' in loaded ? loaded.reason : `the '${candidate.name}' backend failed to initialise`;
    if (choice !== 'auto') throw new UsageError(`--backend ${choice} is not available: ${reason}`);
    skipped.push({ backend: candidate.name, reason });
  }
  throw new UsageError(`No backend could be loaded: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
}

/**
 * Whether each backend loads here, fastest first, without activating any (for `signflow list`):
 * the package that provides it, or why it is unavailable.
 */
export async function describeAvailability(): Promise<{ backend: string; available: boolean; detail: string }[]> {
  const rows: { backend: string; available: boolean; detail: string }[] = [];
  for (const candidate of CANDIDATES) {
    const loaded = await candidate.load(false);
    rows.push('provider' in loaded ? { backend: candidate.name, available: true, detail: loaded.provider } : { backend: candidate.name, available: false, detail: loaded.reason });
  }
  return rows;
}

/** One line that says which backend runs and why the faster ones were skipped. */
export function describeSelection(selection: BackendSelection): string {
  const skipped = selection.skipped.map((s) => `\n  skipped ${s.backend}: ${s.reason}`).join('');
  return `Backend: ${selection.backend} (${selection.provider})${skipped}`;
}

async function activate(name: string): Promise<boolean> {
  try {
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    // The cpu backend (and native, built on it) greets its first write with advice to install
    // tfjs-node; the selection above has already said which backends exist and why.
    const backend = tf.backend() as { firstUse?: boolean };
    if (backend.firstUse === true) backend.firstUse = false;
    return true;
  } catch {
    return false;
  }
}

/** Whether `error` says that the package `name` itself is not installed. */
function notInstalled(error: unknown, name: string): boolean {
  const err = error as { code?: unknown; message?: unknown } | undefined;
  return err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes(`'${name}'`);
}

/** How to get the native backend where signflow was installed without it (an optional peer). */
function nativeNotInstalledReason(): string {
  const range = peerRange('@signflow/backend-native');
  const spec = range === undefined ? '@signflow/backend-native' : `@signflow/backend-native@${range}`;
  return (
    `@signflow/backend-native is not installed. It has a prebuilt addon for Linux x86-64 that needs oneDNN 2's runtime ` +
    `(Debian/Ubuntu: \`apt-get install libdnnl2\`); install it beside signflow: ${installCommand([spec])}`
  );
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0];
}

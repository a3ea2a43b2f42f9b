/**
 * Loads the compiled oneDNN addon, or records why it cannot be loaded. The addon is optional:
 * without it the package still imports, and the backend is simply not registered.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { installationOf, loadFailureReason, noBinaryReason, type Installation } from './addon-advice.js';

export { BUILD_COMMAND } from './addon-advice.js';

/** The functions the C++ addon exports (see native/*.cc for each one's contract). */
export interface NativeAddon {
  conv2d(
    x: Float32Array,
    filter: Float32Array,
    bias: Float32Array | null,
    y: Float32Array,
    geometry: Int32Array,
    activation: number,
    alpha: number,
  ): void;
  conv2dTernary(x: Float32Array, filter: Float32Array, y: Float32Array, geometry: Int32Array, scale: number): void;
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, geometry: Int32Array): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: Int32Array): void;
  matmul(
    a: Float32Array,
    b: Float32Array,
    bias: Float32Array | null,
    out: Float32Array,
    dims: Int32Array,
    activation: number,
    alpha: number,
  ): void;
  batchNorm(
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array | null,
    offset: Float32Array | null,
    y: Float32Array,
    nhwc: Int32Array,
    epsilon: number,
  ): void;
  batchNormGrad(
    x: Float32Array,
    dy: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array,
    dx: Float32Array,
    dScale: Float32Array,
    dOffset: Float32Array,
    nhwc: Int32Array,
    epsilon: number,
  ): void;
  pool(x: Float32Array, y: Float32Array, geometry: Int32Array): void;
  poolGrad(dy: Float32Array, x: Float32Array | null, dx: Float32Array, geometry: Int32Array): void;
  unary(op: number, x: Float32Array, y: Float32Array, alpha: number): void;
  binary(
    op: number,
    a: Float32Array,
    aShape: Int32Array,
    b: Float32Array,
    bShape: Int32Array,
    y: Float32Array | Uint8Array,
    yShape: Int32Array,
  ): void;
  fused(
    program: Int32Array,
    leaves: (Float32Array | Uint8Array)[],
    constants: Float32Array,
    channels: Float32Array,
    period: number,
    y: Float32Array | Uint8Array,
  ): void;
  channelVariance(x: Float32Array, mean: Float32Array, variance: Float32Array, rows: number, channels: number): void;
  channelMoments(x: Float32Array, mean: Float32Array, variance: Float32Array, rows: number, channels: number): void;
  cast(x: Float32Array | Int32Array | Uint8Array, y: Float32Array | Uint8Array): void;
  reduce(op: number, x: Float32Array, y: Float32Array, outer: number, reduce: number, inner: number): void;
  transpose(x: CopyArray, shape: Int32Array, perm: Int32Array, y: CopyArray): void;
  tile(x: CopyArray, shape: Int32Array, reps: Int32Array, y: CopyArray): void;
  slice(x: CopyArray, shape: Int32Array, begin: Int32Array, size: Int32Array, y: CopyArray): void;
  pad(x: CopyArray, shape: Int32Array, before: Int32Array, y: CopyArray, outShape: Int32Array, value: number): void;
}

/** Arrays the layout kernels copy: any dtype stored in 1 or 4 bytes per element. */
export type CopyArray = Float32Array | Int32Array | Uint8Array;

/** The package folder: node-gyp-build looks for the addon in its build/ and prebuilds/ folders. */
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

const nodeGypBuild = createRequire(import.meta.url)('node-gyp-build') as { resolve(dir: string): string };

/**
 * The addon binary for this platform, as node-gyp-build picks it: a local build
 * (`build/Release`, from `build:native`) first, else the prebuilt one the published package ships
 * in `prebuilds/<platform>-<arch>`; `null` when there is neither.
 */
export function findAddon(packageDir: string = PACKAGE_DIR): string | null {
  try {
    return nodeGypBuild.resolve(packageDir);
  } catch {
    return null;
  }
}

/** Either the loaded addon, or the reason it is not available and how to fix it. */
export type AddonState = { readonly addon: NativeAddon; readonly reason: null } | { readonly addon: null; readonly reason: string };

/** OpenMP spin count before a waiting thread sleeps (see `loadAddon`). */
const SPIN_COUNT = 3000;

/**
 * Loads the addon at `path` (by default the one {@link findAddon} picks). `where` decides which
 * commands the reason gives when it cannot be loaded.
 */
export function loadAddon(path: string | null = findAddon(), where: Installation = installationOf(PACKAGE_DIR)): AddonState {
  if (path === null) return { addon: null, reason: noBinaryReason(where, `${process.platform}-${process.arch}`) };
  if (!existsSync(path)) return { addon: null, reason: noBinaryReason(where, `${process.platform}-${process.arch}`, path) };
  // How long OpenMP threads spin before sleeping between parallel regions, set before libgomp
  // initialises (at the load). libgomp's default (300,000 spins) takes the core the JS thread
  // needs between kernels whenever another process is busy; not spinning at all wakes the other
  // thread late for every kernel. 3,000 spins (tens of microseconds) measured 6% faster than no
  // spin on an idle 2-core machine and 2.5% slower with one core busy (docs/performance.md).
  // A wait policy or spin count set by the user is kept.
  if (process.env['OMP_WAIT_POLICY'] === undefined && process.env['GOMP_SPINCOUNT'] === undefined) {
    process.env['GOMP_SPINCOUNT'] = String(SPIN_COUNT);
  }
  try {
    const require = createRequire(import.meta.url);
    return { addon: require(path) as NativeAddon, reason: null };
  } catch (error) {
    return { addon: null, reason: loadFailureReason(where, error instanceof Error ? error.message : String(error)) };
  }
}

/** The package's addon, loaded once when the package is imported. */
export const addonState: AddonState = loadAddon();

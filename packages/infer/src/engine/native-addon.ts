/**
 * Loads the optional Node addon (build/Release/signflow_infer.node), or records why it cannot be
 * loaded. Node only: the engine imports this module dynamically, so browsers never see it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The functions of native/addon.c. */
export interface InferAddon {
  run(
    program: Int32Array,
    weights: Uint8Array,
    arenaBytes: number,
    input: Float32Array,
    inputSize: number,
    output: Float32Array,
    outputSize: number,
    batch: number,
    threads: number,
  ): void;
  /** The best popcount kernel this CPU supports: `avx512-vpopcntdq`, `avx2` or `generic`. */
  bestIsa(): string;
  /** The kernel in use. */
  isa(): string;
  /** Selects a kernel (at most the best one); returns the one in use. */
  setIsa(isa: string): string;
}

const ADDON_PATH = fileURLToPath(new URL('../../build/Release/signflow_infer.node', import.meta.url));
const BUILD_HINT = 'build it with `npm run build:native -w packages/infer` (needs gcc and the Node.js headers)';

let addon: InferAddon | null = null;
let reason: string | null = null;
try {
  if (!existsSync(ADDON_PATH)) {
    reason = `the packed-inference addon is not built (${ADDON_PATH} is missing); ${BUILD_HINT}`;
  } else {
    addon = createRequire(import.meta.url)(ADDON_PATH) as InferAddon;
  }
} catch (error) {
  reason = `the packed-inference addon failed to load (${(error as Error).message}); ${BUILD_HINT}`;
}

/** The addon, or null when it is not built or does not load. */
export function loadInferAddon(): InferAddon | null {
  return addon;
}

/** Why the addon is unavailable, or null when it loaded. */
export function inferAddonUnavailableReason(): string | null {
  return reason;
}

/** Threads the addon uses unless told otherwise: the machine's available parallelism. */
export function defaultThreads(): number {
  return availableParallelism();
}

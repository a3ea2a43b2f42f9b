/**
 * The URL layout shared by the page, the server and the static-site writer. All paths are
 * relative, so that a site works from any folder of a static host.
 */

/** The listing of runs and benchmarks. */
export const INDEX_PATH = 'data/index.json';

/** The server's events stream (absent from static sites). */
export const EVENTS_PATH = 'api/events';

/** Ids are file-name-safe: letters, digits, `.`, `_`, `-`, and `~` between folders. */
export const ID_PATTERN = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/;

/** The document of run `id`. */
export function runPath(id: string): string {
  return `data/runs/${id}.json`;
}

/** The folder of run `id`'s model files (`model.json`, `weights.bin`). */
export function runModelFolder(id: string): string {
  return `data/runs/${id}/`;
}

/** The document of benchmark `id`. */
export function benchPath(id: string): string {
  return `data/benches/${id}.json`;
}

/** The packed file of export `id` (signflow's bit-packed format, run by @signflow/infer). */
export function exportPath(id: string): string {
  return `data/exports/${id}.sfpk`;
}

/** The file `signflow export --format packed` writes into its folder. */
export const PACKED_FILE = 'model.sfpk';

/** The files of a run's model, as named in its `model.json` manifest. */
export const MODEL_FILES = ['model.json', 'weights.bin'] as const;

import { benchPath, INDEX_PATH, runPath, type BenchDocument, type RunDocument, type SiteIndex } from '@signflow/dashboard/contract';

/** A document that could not be fetched or read; the message says which and why. */
export class FetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchError';
  }
}

/** Fetches and parses one JSON document, relative to the page. */
export async function fetchJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { cache: 'no-store' });
  } catch (error) {
    throw new FetchError(`${path} could not be fetched (${(error as Error).message}); is \`signflow serve\` still running?`);
  }
  if (!response.ok) {
    let detail = response.statusText;
    try {
      detail = ((await response.json()) as { error?: string }).error ?? detail;
    } catch {
      // Not a JSON error body: keep the status text.
    }
    throw new FetchError(`${path}: ${response.status} ${detail}`);
  }
  try {
    return (await response.json()) as T;
  } catch (error) {
    throw new FetchError(`${path} is not valid JSON (${(error as Error).message})`);
  }
}

/** The listing of runs and benchmarks. */
export function fetchIndex(): Promise<SiteIndex> {
  return fetchJson<SiteIndex>(INDEX_PATH);
}

/** One run's document. */
export function fetchRun(id: string): Promise<RunDocument> {
  return fetchJson<RunDocument>(runPath(id));
}

/** One benchmark's document. */
export function fetchBench(id: string): Promise<BenchDocument> {
  return fetchJson<BenchDocument>(benchPath(id));
}

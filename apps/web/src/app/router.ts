/** The pages of the app. */
export const PAGES = ['runs', 'benchmarks', 'estimators', 'try'] as const;

/** One of {@link PAGES}. */
export type PageName = (typeof PAGES)[number];

/** Where the location hash points: a page, and its parameters (`#/runs?select=a,b`). */
export interface Route {
  readonly page: PageName;
  readonly params: URLSearchParams;
}

/** Parses a location hash; anything unknown is the runs page. */
export function parseHash(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const page = (PAGES as readonly string[]).includes(path) ? (path as PageName) : 'runs';
  return { page, params: new URLSearchParams(query) };
}

/** The hash of a page with parameters (empty ones left out). */
export function hashOf(page: PageName, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')).toString();
  return `#/${page}${query === '' ? '' : `?${query}`}`;
}

import { ID_PATTERN } from './contract/paths.js';

/** What a request path asks for. */
export type Route =
  | { readonly kind: 'index' }
  | { readonly kind: 'run'; readonly id: string }
  | { readonly kind: 'model'; readonly id: string; readonly file: 'model.json' | 'weights.bin' }
  | { readonly kind: 'bench'; readonly id: string }
  | { readonly kind: 'export'; readonly id: string }
  | { readonly kind: 'events' }
  | { readonly kind: 'page' }
  | { readonly kind: 'missing' }
  | { readonly kind: 'bad'; readonly reason: string };

/**
 * Maps a request target to a route. Every segment is decoded once and must be a plain name:
 * an encoded `/`, `\`, NUL or a `.`/`..` segment (`%2e%2e`, `..%2f`, …) is refused, and ids must
 * match {@link ID_PATTERN}, so no request can name a file outside what the server lists.
 */
export function routeOf(target: string): Route {
  let pathname: string;
  try {
    // The WHATWG parser resolves `..` and `%2e%2e` segments against the root: `/../x` is `/x`.
    // The target is appended to an origin, never resolved against it, so `//host/x` stays a path.
    pathname = target.startsWith('/') ? new URL(`http://localhost${target}`).pathname : new URL(target).pathname;
  } catch {
    return { kind: 'bad', reason: 'malformed request target' };
  }
  const segments: string[] = [];
  for (const raw of pathname.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'bad', reason: 'malformed percent-encoding' };
    }
    if (/[/\\\0]/.test(segment) || segment === '.' || segment === '..') return { kind: 'bad', reason: 'path segments must be plain names' };
    segments.push(segment);
  }
  const [first, ...rest] = segments;
  if (first === 'api') return rest.length === 1 && rest[0] === 'events' ? { kind: 'events' } : { kind: 'missing' };
  if (first !== 'data') return { kind: 'page' };
  if (rest.length === 1 && rest[0] === 'index.json') return { kind: 'index' };
  const [folder, name, file, ...extra] = rest;
  if (extra.length > 0 || name === undefined) return { kind: 'missing' };
  if (file === undefined && folder === 'exports') {
    const id = name.endsWith('.sfpk') ? name.slice(0, -'.sfpk'.length) : '';
    return ID_PATTERN.test(id) ? { kind: 'export', id } : { kind: 'missing' };
  }
  if (file === undefined) {
    const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
    if (!ID_PATTERN.test(id)) return { kind: 'missing' };
    if (folder === 'runs') return { kind: 'run', id };
    if (folder === 'benches') return { kind: 'bench', id };
    return { kind: 'missing' };
  }
  if (folder === 'runs' && ID_PATTERN.test(name) && (file === 'model.json' || file === 'weights.bin')) return { kind: 'model', id: name, file };
  return { kind: 'missing' };
}

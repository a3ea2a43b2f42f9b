import { describe, expect, it } from 'vitest';
import { routeOf } from '../src/routes.js';

describe('routeOf', () => {
  it('maps the documents of the URL layout', () => {
    expect(routeOf('/data/index.json')).toEqual({ kind: 'index' });
    expect(routeOf('/data/runs/runs~a-1.json')).toEqual({ kind: 'run', id: 'runs~a-1' });
    expect(routeOf('/data/runs/runs~a/weights.bin')).toEqual({ kind: 'model', id: 'runs~a', file: 'weights.bin' });
    expect(routeOf('/data/benches/b.json?x=1')).toEqual({ kind: 'bench', id: 'b' });
    expect(routeOf('/api/events')).toEqual({ kind: 'events' });
    expect(routeOf('/data/exports/runs~mnist-packed.sfpk')).toEqual({ kind: 'export', id: 'runs~mnist-packed' });
    expect(routeOf('/data/exports/..%2fx.sfpk').kind).toBe('bad');
    expect(routeOf('/')).toEqual({ kind: 'page' });
    expect(routeOf('/assets/index-abc.js')).toEqual({ kind: 'page' });
  });

  it('refuses encoded separators and dot segments, and never yields a path-like id', () => {
    for (const target of ['/data/runs/..%2f..%2fetc%2fpasswd.json', '/data/runs/%2e%2e/model.json', '/data/runs/a%5c..%5cb.json', '/x/%2e%2e%2f%2e%2e%2fetc/passwd', '/data/runs/a%00.json']) {
      expect(['bad', 'missing']).toContain(routeOf(target).kind);
    }
    expect(routeOf('/data/runs/.hidden.json')).toEqual({ kind: 'missing' });
    expect(routeOf('/data/runs/a/secret.txt')).toEqual({ kind: 'missing' });
    expect(routeOf('/data/runs/%E0%A4%A.json')).toEqual({ kind: 'bad', reason: 'malformed percent-encoding' });
    // Dot segments are resolved against the root before routing: they cannot climb out of it.
    expect(routeOf('/data/../../etc/passwd')).toEqual({ kind: 'page' });
    expect(routeOf('/%2e%2e/%2e%2e/data/index.json')).toEqual({ kind: 'index' });
  });
});

describe('routeOf with unusual request targets', () => {
  it('keeps a protocol-relative target a path, and reads absolute-form targets by their path', () => {
    expect(routeOf('//data/index.json')).toEqual({ kind: 'page' });
    expect(routeOf('http://example.org/data/index.json')).toEqual({ kind: 'index' });
    expect(routeOf('*')).toEqual({ kind: 'bad', reason: 'malformed request target' });
  });
});

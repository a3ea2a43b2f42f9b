import { describe, expect, it } from 'vitest';
import { hashOf, parseHash } from './router.js';

describe('router', () => {
  it('parses pages and parameters, falling back to the runs page', () => {
    const route = parseHash('#/runs?select=a~b,c');
    expect(route.page).toBe('runs');
    expect(route.params.get('select')).toBe('a~b,c');
    expect(parseHash('#/nowhere').page).toBe('runs');
    expect(parseHash('').page).toBe('runs');
    expect(parseHash('#/try?run=x').params.get('run')).toBe('x');
  });

  it('writes hashes that parse back, leaving out empty parameters', () => {
    expect(hashOf('estimators', { id: 'reste', o: '' })).toBe('#/estimators?id=reste');
    expect(hashOf('benchmarks')).toBe('#/benchmarks');
    expect(parseHash(hashOf('runs', { select: 'a,b' })).params.get('select')).toBe('a,b');
  });
});

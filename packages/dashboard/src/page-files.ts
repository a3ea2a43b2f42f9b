import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Thrown when the page has not been built. */
export class PageMissingError extends Error {
  constructor(dir: string) {
    super(`the page is not built (${join(dir, 'index.html')} is missing); build it with \`npm run build:web\` (npm ci does this too)`);
    this.name = 'PageMissingError';
  }
}

/** Checks that `dir` holds a built page (its index.html) and returns it; throws {@link PageMissingError} otherwise. */
export function checkPageDir(dir: string): string {
  if (!existsSync(join(dir, 'index.html'))) throw new PageMissingError(dir);
  return dir;
}

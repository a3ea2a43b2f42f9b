import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the built page lies: `apps/web/dist`, written by `vite build` (the root `prepare` script runs it on `npm ci`). */
export const PAGE_DIR = fileURLToPath(new URL('../dist/', import.meta.url));

/** Thrown when the page has not been built. */
export class PageMissingError extends Error {
  constructor(dir: string) {
    super(`the page is not built (${dir}index.html is missing); build it with \`npm run build:web\` (npm ci does this too)`);
    this.name = 'PageMissingError';
  }
}

/** The folder of the built page; throws {@link PageMissingError} when it is absent. */
export function pageDir(dir = PAGE_DIR): string {
  if (!existsSync(`${dir}index.html`)) throw new PageMissingError(dir);
  return dir;
}

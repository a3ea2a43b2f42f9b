import { copyFile, cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { benchPath, exportPath, INDEX_PATH, MODEL_FILES, runModelFolder, runPath } from './contract/paths.js';
import { Catalog } from './catalog.js';
import { checkPageDir } from './page-files.js';

/** Thrown when the output folder holds something other than an earlier site, which would be overwritten. */
export class SiteOutputError extends Error {
  constructor(out: string) {
    super(`${out} is not empty and holds no earlier signflow site (no ${INDEX_PATH}); choose an empty or new folder for --out`);
    this.name = 'SiteOutputError';
  }
}

/** What {@link writeSite} wrote. */
export interface SiteSummary {
  readonly runs: number;
  readonly benches: number;
  /** Runs whose model was copied for "Try the model". */
  readonly models: number;
  /** Packed exports copied. */
  readonly exports: number;
}

async function isEarlierSite(out: string): Promise<boolean> {
  try {
    const index = JSON.parse(await readFile(join(out, INDEX_PATH), 'utf8')) as { generator?: unknown };
    return index.generator === 'signflow';
  } catch {
    return false;
  }
}

async function writeJson(out: string, path: string, value: unknown): Promise<void> {
  await mkdir(dirname(join(out, path)), { recursive: true });
  await writeFile(join(out, path), JSON.stringify(value));
}

/**
 * Writes the page and the documents of the runs under `roots` as static files into `out`: the
 * same paths the server answers (see `src/api/paths.ts`), with `live: false`, so any static host
 * can serve the folder. An earlier site in `out` is replaced; any other content is refused.
 *
 * @throws SiteOutputError when `out` holds other files
 */
export async function writeSite(roots: readonly string[], out: string, options: { readonly pageDir: string }): Promise<SiteSummary> {
  const page = checkPageDir(options.pageDir);
  let entries: string[] = [];
  try {
    entries = await readdir(out);
  } catch {
    // A new folder.
  }
  if (entries.length > 0) {
    if (!(await isEarlierSite(out))) throw new SiteOutputError(out);
    for (const entry of entries) await rm(join(out, entry), { recursive: true, force: true });
  }
  const catalog = new Catalog(roots);
  await catalog.refresh();
  await mkdir(out, { recursive: true });
  await cp(page, out, { recursive: true });
  await writeJson(out, INDEX_PATH, catalog.index(false));
  let models = 0;
  for (const id of catalog.runIds()) {
    await writeJson(out, runPath(id), catalog.runDocument(id));
    const sources = MODEL_FILES.map((file) => catalog.modelFile(id, file));
    if (sources.every((s) => s !== undefined)) {
      await mkdir(join(out, runModelFolder(id)), { recursive: true });
      for (const [i, file] of MODEL_FILES.entries()) await copyFile(sources[i] as string, join(out, runModelFolder(id), file));
      models++;
    }
  }
  for (const id of catalog.benchIds()) await writeJson(out, benchPath(id), catalog.benchDocument(id));
  for (const id of catalog.exportIds()) {
    await mkdir(dirname(join(out, exportPath(id))), { recursive: true });
    await copyFile(catalog.exportFile(id) as string, join(out, exportPath(id)));
  }
  return { runs: catalog.runIds().length, benches: catalog.benchIds().length, models, exports: catalog.exportIds().length };
}

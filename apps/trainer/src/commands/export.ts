import { parseArgs } from 'node:util';
import { join } from 'node:path';
import type { DependencyContainer } from 'tsyringe';
import { UnexportableLayerError, writeFilesAtomically } from '@signflow/export';
import { formatSummary, summary } from '@signflow/metrics';
import { selectBackend } from '../backend/select-backend.js';
import { UsageError } from '../errors.js';
import { TOKENS } from '../container/tokens.js';
import { EXPORT_RECORD, type ExportRecord } from '../deploy/export-folder.js';
import type { ModelExporter } from '../deploy/model-exporter.js';
import { loadRunModel, runExportMetadata, type Which } from '../deploy/run-model.js';
import { predictPackedFile } from '../deploy/packed-size.js';

/** Usage of `signflow export`, listing the registered formats. */
export function exportUsage(exporters: readonly ModelExporter[]): string {
  const width = Math.max(...exporters.map((e) => e.format.length)) + 2;
  return `Usage: signflow export RUN_DIR [--which best|last] --format ${exporters.map((e) => e.format).join('|')} --out DIR
${exporters.map((e) => `  ${e.format.padEnd(width)}${e.summary}`).join('\n')}
`;
}

/**
 * `signflow export`: writes a run's best (default) or last model in a deployable format, one of
 * the `ModelExporter`s registered on the container.
 */
export async function exportCommand(argv: string[], app: DependencyContainer): Promise<number> {
  const exporters = app.resolveAll<ModelExporter>(TOKENS.ModelExporter);
  const usageText = exportUsage(exporters);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { which: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usageText}`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(usageText);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`Give exactly one run directory.\n${usageText}`);
  const which = (values.which ?? 'best') as Which;
  if (which !== 'best' && which !== 'last') throw new UsageError(`--which ${which}: expected best or last.`);
  const format = values.format;
  const exporter = exporters.find((e) => e.format === format);
  if (exporter === undefined) throw new UsageError(`--format ${format ?? '(missing)'}: expected one of ${exporters.map((e) => e.format).join(', ')}.\n${usageText}`);
  if (values.out === undefined) throw new UsageError(`--out DIR is required.\n${usageText}`);
  const runDir = positionals[0];
  await selectBackend('cpu'); // reading weights and quantising kernels: no training
  const run = await loadRunModel(runDir, which);
  try {
    const metadata = await runExportMetadata(run, runDir);
    let files;
    try {
      files = await exporter.write(run.model, metadata);
    } catch (error) {
      if (error instanceof UnexportableLayerError) throw new UsageError(`Cannot export ${runDir} as ${format}: ${error.message}`);
      throw error;
    }
    const modelSummary = summary(run.model);
    // The packed file's predicted size, recorded for a packed export (`signflow summary EXPORT` compares).
    const packed = exporter.format === 'packed' ? predictPackedFile(run.model, modelSummary.totals.memoryBytes, metadata) : undefined;
    const record: ExportRecord = {
      format: exporter.format,
      files: Object.fromEntries(Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength])),
      source: metadata.source,
      ...(metadata.classes === undefined ? {} : { classes: metadata.classes, preprocessing: metadata.preprocessing }),
      summary: {
        memoryBytes: modelSummary.totals.memoryBytes,
        ...(packed !== undefined && 'file' in packed ? { packedFileBytes: packed.file } : {}),
        text: formatSummary(modelSummary),
      },
      inputShape: (run.model.inputs[0].shape as number[]).slice(1),
    };
    const written = writeFilesAtomically(values.out, { ...files, [EXPORT_RECORD]: JSON.stringify(record, null, 2) + '\n' });
    if (metadata.classes === undefined) process.stderr.write(`signflow: note: the dataset '${run.config.dataset}' could not be read here, so the export has no class names or normalisation; predict will take inputs as given.\n`);
    for (const file of written) process.stdout.write(`${file}\n`);
    const bytes = Object.values(record.files).reduce((a, b) => a + b, 0);
    process.stdout.write(`Exported ${runDir} (${which}${run.epoch === undefined ? '' : `, epoch ${run.epoch + 1}`}) as ${format}: ${bytes} bytes in ${join(values.out)}.\n`);
    return 0;
  } finally {
    run.model.dispose();
  }
}

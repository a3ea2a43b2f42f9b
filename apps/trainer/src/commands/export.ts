import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { EXPORT_FORMATS, exportModel, UnexportableLayerError, writeFilesAtomically, type ExportFormat } from '@signflow/export';
import { formatSummary, summary } from '@signflow/metrics';
import { selectBackend } from '../backend/select-backend.js';
import { UsageError } from '../errors.js';
import { EXPORT_RECORD, type ExportRecord } from '../deploy/export-folder.js';
import { datasetInfo, loadRunModel, type Which } from '../deploy/run-model.js';

/** Usage of `signflow export`. */
export const EXPORT_USAGE = `Usage: signflow export RUN_DIR [--which best|last] --format tfjs|onnx|packed --out DIR
  tfjs    a GraphModel stock @tensorflow/tfjs runs (model.json + weights.bin)
  onnx    standard ONNX operators (model.onnx)
  packed  signflow's bit-packed format for @signflow/infer (model.sfpk)
`;

/** `signflow export`: writes a run's best (default) or last model in a deployable format. */
export async function exportCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { which: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${EXPORT_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(EXPORT_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`Give exactly one run directory.\n${EXPORT_USAGE}`);
  const which = (values.which ?? 'best') as Which;
  if (which !== 'best' && which !== 'last') throw new UsageError(`--which ${which}: expected best or last.`);
  const format = values.format as ExportFormat | undefined;
  if (format === undefined || !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format ${format ?? '(missing)'}: expected one of ${EXPORT_FORMATS.join(', ')}.\n${EXPORT_USAGE}`);
  if (values.out === undefined) throw new UsageError(`--out DIR is required.\n${EXPORT_USAGE}`);
  const runDir = positionals[0];
  await selectBackend('cpu'); // reading weights and quantising kernels: no training
  const run = await loadRunModel(runDir, which);
  try {
    const info = await datasetInfo(run.config.dataset);
    const preprocessing = info === undefined ? undefined : { dataset: run.config.dataset, mean: [...info.normalization.mean], std: [...info.normalization.std] };
    const source = { runDir, which, ...(run.epoch === undefined ? {} : { epoch: run.epoch }), backbone: run.config.backbone, estimator: run.config.estimator, bits: run.config.bits, dataset: run.config.dataset };
    let result;
    try {
      result = await exportModel(run.model, { format, classes: info?.classes, preprocessing, source });
    } catch (error) {
      if (error instanceof UnexportableLayerError) throw new UsageError(`Cannot export ${runDir} as ${format}: ${error.message}`);
      throw error;
    }
    const modelSummary = summary(run.model);
    const record: ExportRecord = {
      format,
      files: Object.fromEntries(Object.entries(result.files).map(([name, content]) => [name, typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength])),
      source,
      ...(info === undefined ? {} : { classes: info.classes, preprocessing }),
      summary: { memoryBytes: modelSummary.totals.memoryBytes, text: formatSummary(modelSummary) },
      inputShape: (run.model.inputs[0].shape as number[]).slice(1),
    };
    const written = writeFilesAtomically(values.out, { ...result.files, [EXPORT_RECORD]: JSON.stringify(record, null, 2) + '\n' });
    if (info === undefined) process.stderr.write(`signflow: note: the dataset '${run.config.dataset}' could not be read here, so the export has no class names or normalisation; predict will take inputs as given.\n`);
    for (const file of written) process.stdout.write(`${file}\n`);
    const bytes = Object.values(record.files).reduce((a, b) => a + b, 0);
    process.stdout.write(`Exported ${runDir} (${which}${run.epoch === undefined ? '' : `, epoch ${run.epoch + 1}`}) as ${format}: ${bytes} bytes in ${join(values.out)}.\n`);
    return 0;
  } finally {
    run.model.dispose();
  }
}

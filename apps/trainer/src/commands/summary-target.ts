import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { exportModel } from '@signflow/export';
import { PackedFormatError, PackedModel, readPackedFile } from '@signflow/infer';
import { formatSummary, summary } from '@signflow/metrics';
import { selectBackend } from '../backend/select-backend.js';
import { UsageError } from '../errors.js';
import { readExportRecord } from '../deploy/export-folder.js';
import { isRunDir, loadRunModel, runExportMetadata } from '../deploy/run-model.js';
import { differencePercent, packedPredictionLine, predictPackedFile } from '../deploy/packed-size.js';

async function describePacked(file: string, predicted?: { readonly memoryBytes: number; readonly packedFileBytes?: number }): Promise<string> {
  const bytes = new Uint8Array(readFileSync(file));
  let model: PackedModel;
  try {
    model = await PackedModel.load(bytes, { what: file });
  } catch (error) {
    if (error instanceof PackedFormatError) throw new UsageError(error.message);
    throw error;
  }
  const { payload } = await readPackedFile(bytes, file);
  const kinds = model.layerKinds;
  return [
    `Packed model ${model.manifest.name} (${file}), format version ${model.manifest.version}, input ${model.inputShape.join('x')}, ${model.outputSize} outputs`,
    `  layers: ${kinds.binary} binary (xnor-popcount), ${kinds.binaryWeightsFloatInput} binary weights on real inputs, ${kinds.float} float; ${model.manifest.ops.length} operations`,
    `  weights: ${payload.byteLength} bytes${predicted === undefined ? '' : ` (summary predicts ${predicted.memoryBytes}: ${differencePercent(payload.byteLength, predicted.memoryBytes)})`}; manifest and header: ${bytes.byteLength - payload.byteLength} bytes`,
    `  file: ${bytes.byteLength} bytes${predicted?.packedFileBytes === undefined ? '' : ` (summary predicts ${predicted.packedFileBytes}: ${differencePercent(bytes.byteLength, predicted.packedFileBytes)})`}`,
    `  sha256 of the weights: ${model.manifest.weights.sha256} (verified)`,
  ].join('\n');
}

/**
 * `signflow summary RUN_DIR|EXPORT`: the bit-aware summary of a run's model (best, else last)
 * with the packed file it would export to, or of an export folder or packed file with its sizes.
 */
export async function summaryTargetCommand(target: string): Promise<number> {
  if (!existsSync(target)) throw new UsageError(`${target} does not exist; pass a run directory, an export folder or a packed file.`);
  if (statSync(target).isFile()) {
    process.stdout.write(`${await describePacked(target)}\n`);
    return 0;
  }
  const record = readExportRecord(target);
  if (record !== null) {
    const lines = [record.summary.text, `Export (${record.format}) of ${String(record.source['runDir'])} (${String(record.source['which'])}):`];
    for (const [name, bytes] of Object.entries(record.files)) {
      const actual = existsSync(join(target, name)) ? statSync(join(target, name)).size : Number.NaN;
      lines.push(`  ${name}: ${actual} bytes${actual === bytes ? '' : ` (export.json says ${bytes})`}`);
    }
    if (record.format === 'packed') lines.push(await describePacked(join(target, 'model.sfpk'), record.summary));
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
  if (!isRunDir(target)) throw new UsageError(`${target} is neither a run directory, an export folder nor a packed file.`);
  await selectBackend('cpu');
  const run = await loadRunModel(target, existsSync(join(target, 'best')) ? 'best' : 'last');
  try {
    const s = summary(run.model);
    process.stdout.write(`${formatSummary(s)}Weights: ${run.which === 'best' ? `best/ (epoch ${(run.epoch ?? -1) + 1})` : 'last checkpoint'}\n`);
    const metadata = await runExportMetadata(run, target);
    const predicted = predictPackedFile(run.model, s.totals.memoryBytes, metadata);
    process.stdout.write(`${packedPredictionLine(predicted)}\n`);
    if ('file' in predicted) {
      const file = (await exportModel(run.model, { format: 'packed', ...metadata })).files['model.sfpk'] as Uint8Array;
      const { payload } = await readPackedFile(file);
      process.stdout.write(
        `Packed export of these weights: ${file.byteLength} bytes (${differencePercent(file.byteLength, predicted.file)} from the prediction), of which ${payload.byteLength} bytes of weights (${differencePercent(payload.byteLength, s.totals.memoryBytes)} from the memory)\n`,
      );
    }
    return 0;
  } finally {
    run.model.dispose();
  }
}

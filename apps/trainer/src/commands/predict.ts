import { parseArgs } from 'node:util';
import { selectBackend } from '../backend/select-backend.js';
import { UsageError } from '../errors.js';
import { openPredictor } from '../deploy/predictor.js';
import { readImage, toModelInput } from '../deploy/read-image.js';

/** Usage of `signflow predict`. */
export const PREDICT_USAGE = `Usage: signflow predict MODEL IMAGE... [--json]
  MODEL: a run directory, an export folder or a packed file; IMAGE: PNG or JPEG files
`;

function softmax(logits: Float32Array): number[] {
  const max = Math.max(...logits);
  const exp = Array.from(logits, (v) => Math.exp(v - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((v) => v / sum);
}

/** `signflow predict`: the top-5 classes of each image with their probabilities. */
export async function predictCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${PREDICT_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(PREDICT_USAGE);
    return 0;
  }
  if (positionals.length < 2) throw new UsageError(`Give a MODEL and at least one image.\n${PREDICT_USAGE}`);
  const [modelPath, ...files] = positionals;
  await selectBackend('cpu');
  const predictor = await openPredictor(modelPath);
  try {
    const inputs = files.map((file) => toModelInput(readImage(file), file, predictor.inputShape, predictor.normalization));
    const results = [];
    for (const [i, file] of files.entries()) {
      const probabilities = softmax(await predictor.logits(inputs[i], 1));
      const top = probabilities
        .map((p, c) => ({ class: predictor.classes?.[c] ?? String(c), index: c, probability: p }))
        .sort((a, b) => b.probability - a.probability)
        .slice(0, 5);
      results.push({ file, top });
    }
    if (values.json === true) {
      process.stdout.write(`${JSON.stringify({ model: modelPath, kind: predictor.kind, predictions: results })}\n`);
    } else {
      for (const { file, top } of results) {
        process.stdout.write(`${file}\n${top.map((t) => `  ${(100 * t.probability).toFixed(2).padStart(6)}%  ${t.class}`).join('\n')}\n`);
      }
    }
    return 0;
  } finally {
    predictor.dispose();
  }
}

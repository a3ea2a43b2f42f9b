import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { lowerModel } from '../src/lower/lower-model.js';
import { TFJS_WEIGHTS_FILE, writeTfjs } from '../src/tfjs/write-tfjs.js';
import { writeFilesAtomically } from '../src/files.js';
import { BACKBONES, binaryModel, inputsFor, maxDiff, referenceLogits } from './fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'signflow-tfjs-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the export in a child process that imports stock @tensorflow/tfjs and nothing of signflow. */
function runStock(dir: string, input: { data: Float32Array; shape: number[] }): { logits: number[]; classes: string[] } {
  const inputFile = join(dir, 'input.json');
  writeFileSync(inputFile, JSON.stringify({ shape: input.shape, data: Array.from(input.data) }));
  const out = execFileSync(process.execPath, [join(import.meta.dirname, 'stock-tfjs-runner.mjs'), dir, inputFile], { encoding: 'utf8' });
  return JSON.parse(out) as { logits: number[]; classes: string[] };
}

describe('tfjs export', () => {
  for (const [id, activations] of Object.keys(BACKBONES).flatMap((b) => [[b, true], [b, false]] as const)) {
    it(`${id} ${activations ? '1W/1A' : '1W/32A'}: stock tfjs gives signflow's logits within 1e-5`, () => {
      const model = binaryModel(id, activations);
      const input = inputsFor(model, 3);
      const reference = referenceLogits(model, input);
      const before = tf.memory().numTensors;
      const { modelJson, weights } = writeTfjs(lowerModel(model));
      expect(tf.memory().numTensors).toBe(before);
      const dir = join(work, `${id}-${activations}`);
      writeFilesAtomically(dir, { 'model.json': JSON.stringify(modelJson), [TFJS_WEIGHTS_FILE]: weights });
      expect(readFileSync(join(dir, 'model.json'), 'utf8')).not.toContain('signflow>');
      const stock = runStock(dir, input);
      expect(stock.classes).toEqual([]);
      expect(stock.logits).toHaveLength(reference.length);
      expect(maxDiff(stock.logits, reference)).toBeLessThan(1e-5);
      model.dispose();
    });
  }

  it('binarises with Sign ops and stores binary kernels as ±α', () => {
    const model = binaryModel('lenet');
    const { modelJson } = writeTfjs(lowerModel(model));
    const nodes = (modelJson.modelTopology as { node: { op: string }[] }).node;
    expect(nodes.filter((n) => n.op === 'Sign')).toHaveLength(4);
    expect(new Set(nodes.map((n) => n.op))).not.toContain('signflow>QuantConv2D');
    model.dispose();
  });
});

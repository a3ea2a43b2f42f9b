import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurable } from '@signflow/durable';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

/** The files a saved model consists of. */
export const MODEL_FILES = [MODEL_JSON, WEIGHTS_BIN] as const;

/**
 * A tfjs IO handler that saves a model into a folder as `model.json` + `weights.bin` (the
 * layout of tfjs-node's `file://` handler) and loads it back, without needing tfjs-node.
 */
export function modelFolder(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      writeFileDurable(join(dir, WEIGHTS_BIN), new Uint8Array(weightData));
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileDurable(join(dir, MODEL_JSON), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const json = JSON.parse(readFileSync(join(dir, MODEL_JSON), 'utf8')) as {
        modelTopology: object;
        format?: string;
        generatedBy?: string;
        convertedBy?: string | null;
        weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
      };
      const specs = json.weightsManifest.flatMap((group) => group.weights);
      const bin = readFileSync(join(dir, WEIGHTS_BIN));
      const expected = specs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
      if (bin.byteLength !== expected) {
        throw new Error(`${join(dir, WEIGHTS_BIN)} holds ${bin.byteLength} bytes but model.json describes ${expected}`);
      }
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: specs,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      };
    },
  };
}

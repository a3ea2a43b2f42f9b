// Runs a tfjs export with stock @tensorflow/tfjs and nothing of signflow: reads model.json and
// weights.bin from the folder in argv[2], the input (JSON {shape, data}) from argv[3], and prints
// the logits as JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

const [dir, inputFile] = process.argv.slice(2);
await tf.setBackend('cpu');
const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
const bin = readFileSync(join(dir, json.weightsManifest[0].paths[0]));
const handler = {
  load: async () => ({
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  }),
};
const model = await tf.loadGraphModel(handler);
const { shape, data } = JSON.parse(readFileSync(inputFile, 'utf8'));
const logits = model.execute(tf.tensor(data, shape));
process.stdout.write(JSON.stringify({ logits: Array.from(logits.dataSync()), classes: Object.keys(tf.serialization.SerializationMap.getMap().classNameMap).filter((n) => n.startsWith('signflow')) }));

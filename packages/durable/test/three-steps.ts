// A child process for the step fault tests: three training steps, each marked and followed by one
// durable write into the folder given as argument; SIGNFLOW_FAULT decides where it dies.
import { join } from 'node:path';
import { stepFaultPoint, writeFileDurable } from '../src/index.js';

const dir = process.argv[2];
for (const step of [1, 2, 3]) {
  stepFaultPoint();
  process.stdout.write(`step ${step} done\n`);
  writeFileDurable(join(dir, 'state.json'), JSON.stringify({ step }));
  process.stdout.write(`step ${step} written\n`);
}

// A child process for the crash tests: three durable writes and two appends into the folder
// given as argument; SIGNFLOW_FAULT decides where it dies.
import { join } from 'node:path';
import { appendFileDurable, writeFileDurable } from '../src/index.js';

const dir = process.argv[2];
writeFileDurable(join(dir, 'a.json'), '{"version":1}');
appendFileDurable(join(dir, 'log.jsonl'), '{"line":1}\n');
writeFileDurable(join(dir, 'a.json'), '{"version":2}');
appendFileDurable(join(dir, 'log.jsonl'), '{"line":2}\n');
writeFileDurable(join(dir, 'b.bin'), new Uint8Array([1, 2, 3]));
process.stdout.write('finished\n');

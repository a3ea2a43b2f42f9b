/**
 * Small binary backbones for 28×28 and 32×32 images: a binary MLP and a LeNet-style CNN. They
 * train in minutes on a CPU, which makes them the default of the `signflow` trainer.
 *
 * @packageDocumentation
 */
export { mlp, type MlpOptions } from './mlp.js';
export { lenet } from './lenet.js';
export { backbones } from './plugins.js';

// tsyringe throws at import without a Reflect metadata polyfill; tfjs tests run on the cpu backend.
import 'reflect-metadata';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

await tf.setBackend('cpu');
await tf.ready();

// Type-checked in the outside project: the published declarations must give these types.
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { quantize, type Estimator, type EstimatorPlugin } from '@signflow/core';
import { conformanceChecks } from '@signflow/core/testing';
import { createReSTE, plugin } from '@signflow/estimator-reste';
import { mlp } from '@signflow/zoo-small';

const reste: Estimator = createReSTE({ o: 2 });
const restePlugin: EstimatorPlugin = plugin;
const model: LayersModel = mlp({ weightEstimator: reste, activationEstimator: null, hidden: [8, 8] });
export const binarised = (x: Tensor): Tensor => quantize(reste, x);
export const checks: number = conformanceChecks({ plugin: restePlugin, cases: [] }).length;
export const layers: number = model.layers.length;

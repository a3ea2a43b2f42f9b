/**
 * The estimator contract, `quantize`, the estimator registry, schedules and the training clock,
 * the quantised layers and everything else that estimator, backbone and metric packages share.
 *
 * @module @signflow/core
 */
export type { Estimator, EstimatorPlugin, EstimatorRole, HyperSpec, PluginSchedule, ScheduleSetting } from './estimator/estimator.js';
export { BaseEstimator, resolveConfig } from './estimator/base-estimator.js';
export { checkHyperValue, describeRange } from './estimator/hyper.js';
export { followingScale, setHyperWithFollowingScale } from './estimator/following-scale.js';
export { quantize, binarySign } from './estimator/quantize.js';
export {
  backbonePlugins,
  createEstimator,
  estimatorPlugins,
  getBackbonePlugin,
  getEstimatorPlugin,
  hasEstimator,
  isBackbonePlugin,
  isEstimatorPlugin,
  listBackbones,
  listEstimators,
  registerBackbone,
  registerEstimator,
  registerPlugins,
  unregisterBackbone,
  unregisterEstimator,
  UnknownBackboneError,
  UnknownEstimatorError,
  UnknownPluginError,
  type PluginEntry,
  type PluginModule,
  type RegisteredIds,
} from './registry/plugin-registry.js';
export { resolveEstimator, toEstimatorRef, type EstimatorRef } from './estimator/estimator-ref.js';
export {
  DEFAULT_SCHEDULE_POWER,
  SCHEDULE_KINDS,
  ScheduleError,
  parseSchedule,
  patchSchedule,
  scheduleRange,
  scheduleValue,
  validateSchedule,
  type ScheduleKind,
  type SchedulePatch,
  type ScheduleSpec,
} from './schedule/schedule.js';
export { TrainingClock, type ClockState, type ScheduleBinding, type ScheduleGranularity } from './schedule/training-clock.js';
export { QuantizedKernelLayer, type QuantizedKernelArgs, type QuantizedKernelDefaults } from './layers/quantized-kernel-layer.js';
export { QuantConv2D, type QuantConv2DArgs } from './layers/quant-conv2d.js';
export { QuantDense, type QuantDenseArgs } from './layers/quant-dense.js';
export { KERNEL_SCALES, checkKernelScale, quantizedKernel, type KernelScale } from './layers/kernel-scale.js';
export { bitsOf, isQuantizedLayer, type QuantizedLayer } from './layers/quantized-layer.js';
export { collectEstimators, uniqueEstimators, type EstimatorSite } from './layers/collect.js';
export { serializeInitializer, resolveInitializer, type Initializer, type InitializerConfig } from './layers/initializer.js';
export { BatchNorm, batchNorm, type BatchNormArgs } from './layers/batch-norm.js';
export { BackboneModel } from './layers/backbone-model.js';
export { defaultLayerName } from './layers/layer-args.js';
export { SeedStream } from './init/seed-stream.js';
export { kaimingNormal, torchDefault } from './init/initializers.js';
export type { BackboneOptions, BackbonePlugin, RecipeFamily } from './backbone.js';
export { resolveBackboneOptions, type BackboneDefaults, type ResolvedBackboneOptions } from './backbone/resolve-options.js';
export { describeBackbone, type BackboneDescription, type LayerDescription } from './backbone/describe-backbone.js';

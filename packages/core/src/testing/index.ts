/**
 * Test kits for plugin and backbone authors: the conformance kit every estimator package runs,
 * and small helpers to round-trip, train and smoke-test models.
 *
 * @module @signflow/core/testing
 */
export { conformanceChecks, nextFloat32, type ConformanceCase, type ConformanceCheck, type ConformanceSuite } from './conformance.js';
export {
  outputsAndInputGradient,
  saveAndLoad,
  sgdSteps,
  testSign,
  testSignPlugin,
  tinyQuantModel,
  type SgdStepsOptions,
  type StepReport,
} from './model-kit.js';

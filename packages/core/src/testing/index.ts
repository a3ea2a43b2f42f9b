/**
 * The conformance kit every estimator package runs in its tests.
 *
 * @module @signflow/core/testing
 */
export { conformanceChecks, nextFloat32, type ConformanceCase, type ConformanceCheck, type ConformanceSuite } from './conformance.js';

export { conformanceChecks, nextFloat32, type ConformanceCase, type ConformanceCheck, type ConformanceSuite } from './conformance.js';

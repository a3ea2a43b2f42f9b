/**
 * Whether the tests that need the native addon run: when it is built, and always in CI (`CI`
 * set), where a missing addon must fail them rather than skip them unnoticed.
 */
import { isNativeAvailable, nativeUnavailableReason } from '@signflow/backend-native';

export const nativeReady: boolean = isNativeAvailable() || process.env['CI'] !== undefined;
if (!nativeReady) console.warn(`Skipping the native backend tests: ${nativeUnavailableReason()}`);

/**
 * Brings up the WebGPU route: `navigator.gpu` (the browser's, or Dawn's in Node), an adapter,
 * tfjs-backend-webgpu, and signflow's kernels for it. Never throws: every failure becomes a
 * reason that says what to install.
 */
import { describeAdapter, type AdapterReport } from './adapter.js';
import { BACKEND_NAME, registerWebGpuBackend } from './backend.js';
import { firstLine, provideNavigatorGpu } from './dawn.js';
import { DeviceErrors } from './device-errors.js';
import { registerWebGpuKernels } from './kernels/register.js';

/** The outcome of {@link loadWebGpu}. */
export type WebGpuState =
  | { readonly adapter: AdapterReport; readonly errors: DeviceErrors; readonly reason: null }
  | { readonly adapter: null; readonly errors: DeviceErrors; readonly reason: string };

/** What to install when tfjs's WebGPU backend is missing. */
const TFJS_INSTALL = 'npm install @tensorflow/tfjs-backend-webgpu@^4.22.0';

/** Loads everything the `webgpu` backend needs and registers it; reports why not otherwise. */
export async function loadWebGpu(): Promise<WebGpuState> {
  const errors = new DeviceErrors();
  const source = await provideNavigatorGpu();
  if (source.gpu === null) return { adapter: null, errors, reason: source.reason };
  let adapter;
  try {
    adapter = await source.gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { adapter: null, errors, reason: `requesting a WebGPU adapter failed: ${firstLine(error)}. ${noAdapterAdvice(source.provider)}` };
  }
  if (adapter === null) return { adapter: null, errors, reason: `no WebGPU adapter was found. ${noAdapterAdvice(source.provider)}` };
  const report = await describeAdapter(adapter, source.provider);
  let module;
  try {
    module = await import('@tensorflow/tfjs-backend-webgpu');
  } catch (error) {
    return { adapter: null, errors, reason: `@tensorflow/tfjs-backend-webgpu could not be loaded: ${firstLine(error)}. Install it: ${TFJS_INSTALL}.` };
  }
  registerWebGpuBackend(module, { gpu: source.gpu, adapter, provider: source.provider, software: report.software, errors });
  registerWebGpuKernels(BACKEND_NAME, module);
  return { adapter: report, errors, reason: null };
}

/** What to install so that an adapter appears, for the platform at hand. */
export function noAdapterAdvice(provider: 'browser' | 'dawn', platform: string = typeof process === 'undefined' ? '' : process.platform): string {
  if (provider === 'browser') return 'The browser exposes WebGPU but offers no adapter: check that hardware acceleration is on and the GPU is not blocklisted (chrome://gpu).';
  if (platform === 'darwin') return 'Dawn uses Metal on macOS: it needs macOS 11 or later on a Mac with a Metal GPU.';
  if (platform === 'win32') return 'Dawn uses Direct3D 12 (or Vulkan) on Windows: install the GPU vendor\'s current driver.';
  return (
    'Dawn uses Vulkan on Linux: install the Vulkan loader and the Vulkan driver of the GPU ' +
    '(Debian/Ubuntu: `apt-get install libvulkan1 mesa-vulkan-drivers` for AMD and Intel; NVIDIA\'s proprietary driver ships its own Vulkan driver, e.g. `apt-get install nvidia-driver` or the `libnvidia-gl-<version>` package that matches the kernel driver), ' +
    'then check with `vulkaninfo --summary` (package vulkan-tools). Without a GPU, Mesa 23 or later provides lavapipe, a software Vulkan device ' +
    '(Debian 12: `apt-get install -t bookworm-backports mesa-vulkan-drivers`); Mesa 22 is refused by Dawn.'
  );
}

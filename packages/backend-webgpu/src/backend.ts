/**
 * Registers tfjs-backend-webgpu's backend under the name `webgpu` on the adapter this package
 * found and reported, so that the adapter people are told about is the one that runs. The
 * backend class adds two things to tfjs's: after a device error every read throws (see
 * `DeviceErrors`), and in Node a synchronous read of data still on the GPU fails with a
 * message that says what to do instead (tfjs's own synchronous read needs `OffscreenCanvas`,
 * which only browsers have).
 */
import { engine, registerBackend, removeBackend, type BackendValues, type DataId } from '@tensorflow/tfjs-core';
import type { DeviceErrors } from './device-errors.js';
import type { GpuAdapterLike, GpuDeviceLike, GpuLike } from './gpu-types.js';

/** The tfjs backend name. */
export const BACKEND_NAME = 'webgpu';

/** tfjs's own priority for webgpu: above tfjs-node, signflow's native, wasm and cpu. */
const GPU_PRIORITY = 3;

/** A software adapter is never picked by priority (below cpu's 1); it is used when asked for by name. */
const SOFTWARE_PRIORITY = 0;

/** Thrown by a synchronous read in Node. */
export const SYNC_READ_MESSAGE =
  'a synchronous read (dataSync, arraySync, bufferSync) of a tensor on the webgpu backend is not possible in Node; ' +
  'read it with `await tensor.data()` (after which dataSync() returns the downloaded values)';

type WebGpuModule = typeof import('@tensorflow/tfjs-backend-webgpu');

/** What registering needs: the adapter found, where `navigator.gpu` came from, and the device error log. */
export interface BackendSetup {
  readonly gpu: GpuLike;
  readonly adapter: GpuAdapterLike;
  readonly provider: 'browser' | 'dawn';
  readonly software: boolean;
  readonly errors: DeviceErrors;
}

/**
 * Registers the `webgpu` backend factory (replacing the one tfjs-backend-webgpu registered on
 * import). A `webgpu` backend that is already running (a page that set it up before importing
 * this package) is kept: replacing it would dispose its tensors.
 */
export function registerWebGpuBackend(module: WebGpuModule, setup: BackendSetup): void {
  // The registry of initialised backends (findBackend would initialise tfjs's own factory).
  if (engine().registry[BACKEND_NAME] !== undefined) return;
  const Backend = backendClass(module, setup);
  let unused: GpuAdapterLike | null = setup.adapter;
  removeBackend(BACKEND_NAME);
  registerBackend(
    BACKEND_NAME,
    async () => {
      // An adapter opens one device; a backend created again (after tf.removeBackend) asks for
      // the same kind of adapter anew.
      const adapter = unused ?? (await setup.gpu.requestAdapter({ powerPreference: 'high-performance' }));
      unused = null;
      if (adapter === null) throw new Error('the WebGPU adapter is no longer available');
      const device = await adapter.requestDevice(deviceDescriptor(adapter));
      watchDevice(device, setup.errors);
      return new Backend(device as never, adapter.info as never);
    },
    setup.software ? SOFTWARE_PRIORITY : GPU_PRIORITY,
  );
}

/** The features and limits tfjs-backend-webgpu's own factory asks for (its kernels assume them). */
function deviceDescriptor(adapter: GpuAdapterLike): object {
  const requiredFeatures = ['timestamp-query', 'bgra8unorm-storage'].filter((name) => adapter.features.has(name));
  const limits = adapter.limits;
  const wanted = [
    'maxComputeWorkgroupStorageSize',
    'maxComputeWorkgroupsPerDimension',
    'maxStorageBufferBindingSize',
    'maxBufferSize',
    'maxComputeWorkgroupSizeX',
    'maxComputeInvocationsPerWorkgroup',
  ];
  return { requiredFeatures, requiredLimits: Object.fromEntries(wanted.map((name) => [name, limits[name]])) };
}

function watchDevice(device: GpuDeviceLike, errors: DeviceErrors): void {
  device.addEventListener('uncapturederror', (event) => errors.add(event.error.message.split('\n')[0] ?? event.error.message));
  void device.lost.then((info) => {
    // `destroyed` is the backend's own dispose; anything else loses every tensor on the device.
    if (info.reason !== 'destroyed') errors.add(`device lost (${info.reason}): ${info.message}`);
  });
}

function backendClass(module: WebGpuModule, setup: BackendSetup) {
  return class SignflowWebGpuBackend extends module.WebGPUBackend {
    override readSync(dataId: DataId): BackendValues {
      setup.errors.throwIfAny();
      const data = this.tensorMap.get(dataId);
      if (setup.provider === 'dawn' && data.values == null && data.dtype !== 'string' && data.dtype !== 'complex64') {
        throw new Error(SYNC_READ_MESSAGE);
      }
      return super.readSync(dataId);
    }

    override async read(dataId: DataId): Promise<BackendValues> {
      const values = await super.read(dataId);
      setup.errors.throwIfAny();
      return values;
    }
  };
}

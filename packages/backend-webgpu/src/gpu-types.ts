/**
 * The few members of the WebGPU API this package touches, typed structurally so that the
 * package's public types need neither `@webgpu/types` nor the DOM library.
 */

/** `GPUAdapterInfo` (WebGPU spec; `isFallbackAdapter` from Chrome 131 and Dawn). */
export interface GpuAdapterInfoLike {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly isFallbackAdapter?: boolean;
}

/** `GPUAdapter`: what the backend needs to open a device on it. */
export interface GpuAdapterLike {
  readonly info?: GpuAdapterInfoLike;
  /** The pre-2024 location of the flag; still what some browsers report. */
  readonly isFallbackAdapter?: boolean;
  readonly features: { has(name: string): boolean };
  readonly limits: Record<string, number>;
  requestAdapterInfo?(): Promise<GpuAdapterInfoLike>;
  requestDevice(descriptor?: object): Promise<GpuDeviceLike>;
}

/** `GPUDevice`: the error events the backend listens to. */
export interface GpuDeviceLike {
  readonly lost: Promise<{ readonly reason: string; readonly message: string }>;
  addEventListener(type: 'uncapturederror', listener: (event: { readonly error: { readonly message: string } }) => void): void;
}

/** `GPU` (`navigator.gpu`). */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance'; forceFallbackAdapter?: boolean }): Promise<GpuAdapterLike | null>;
}

import { describe, expect, it } from 'vitest';
import { formatAdapter, isSoftwareAdapter } from '../src/adapter.js';
import { DeviceErrors } from '../src/device-errors.js';
import { noAdapterAdvice } from '../src/load.js';

const info = (vendor: string, architecture: string, device: string, description: string, isFallbackAdapter?: boolean) => ({
  vendor,
  architecture,
  device,
  description,
  ...(isFallbackAdapter === undefined ? {} : { isFallbackAdapter }),
});

describe('isSoftwareAdapter', () => {
  it('recognises CPU implementations by the names Dawn and browsers report', () => {
    // As Dawn reports Mesa 25's lavapipe (measured).
    expect(isSoftwareAdapter(info('mesa', 'software', 'llvmpipe-llvm-15-0-6-256-bits-', 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1', true))).toBe(true);
    expect(isSoftwareAdapter(info('google', 'swiftshader', '', ''))).toBe(true);
    expect(isSoftwareAdapter(info('microsoft', '', 'Microsoft Basic Render Driver', ''))).toBe(true);
    expect(isSoftwareAdapter(info('', '', '', ''), true)).toBe(true);
  });

  it('takes GPUs for GPUs', () => {
    expect(isSoftwareAdapter(info('nvidia', 'ampere', 'NVIDIA GeForce RTX 3080', 'NVIDIA: 550.54.14'))).toBe(false);
    expect(isSoftwareAdapter(info('amd', 'rdna-3', 'AMD Radeon RX 7900 XTX (RADV NAVI31)', 'radv Mesa 24.2'))).toBe(false);
    expect(isSoftwareAdapter(info('intel', 'gen-12lp', 'Intel(R) UHD Graphics 770', 'Intel open-source Mesa driver'))).toBe(false);
    expect(isSoftwareAdapter(info('apple', 'metal-3', '', ''))).toBe(false);
  });
});

describe('formatAdapter', () => {
  it('names vendor, architecture, the driver description and GPU or software', () => {
    expect(formatAdapter({ vendor: 'nvidia', architecture: 'ampere', device: 'RTX 3080', description: '', software: false, provider: 'dawn' })).toBe('nvidia ampere (RTX 3080), GPU');
    expect(formatAdapter({ vendor: 'mesa', architecture: 'software', device: 'llvmpipe', description: 'llvmpipe: Mesa 25.0.7', software: true, provider: 'dawn' })).toBe(
      'mesa software (llvmpipe: Mesa 25.0.7), software (runs on the CPU)',
    );
    expect(formatAdapter({ vendor: '', architecture: '', device: '', description: '', software: false, provider: 'browser' })).toBe('unknown adapter, GPU');
  });
});

describe('noAdapterAdvice', () => {
  it('says what to install for the platform', () => {
    const linux = noAdapterAdvice('dawn', 'linux');
    expect(linux).toContain('apt-get install libvulkan1 mesa-vulkan-drivers');
    expect(linux).toContain('NVIDIA');
    expect(linux).toContain('vulkaninfo --summary');
    expect(linux).toContain('bookworm-backports');
    expect(noAdapterAdvice('dawn', 'darwin')).toMatch(/Metal/);
    expect(noAdapterAdvice('dawn', 'win32')).toMatch(/Direct3D 12/);
    expect(noAdapterAdvice('browser', 'linux')).toMatch(/hardware acceleration/);
  });
});

describe('DeviceErrors', () => {
  it('throws from the first error on, quoting the first three', () => {
    const errors = new DeviceErrors();
    expect(() => errors.throwIfAny()).not.toThrow();
    errors.add('shader A is invalid');
    expect(() => errors.throwIfAny()).toThrow(/^WebGPU device error: shader A is invalid\. The work of the failed command buffers was dropped/);
    for (const m of ['pipeline B is invalid', 'C', 'device lost']) errors.add(m);
    expect(() => errors.throwIfAny()).toThrow(/^WebGPU device errors \(4\): shader A is invalid \| pipeline B is invalid \| C \| and 1 more\./);
    expect(errors.all()).toHaveLength(4);
  });
});

/**
 * WebGPU reports invalid shaders, out-of-memory and lost devices asynchronously, as
 * `uncapturederror` events and the `lost` promise of the device, and the work of the failed
 * command buffer is simply not done: its outputs hold zeros or stale values, and so do the
 * variables it was to update. The backend records every such error and from then on throws at
 * every read of a tensor, so that training stops instead of going on with garbage.
 */

/** At most this many messages are quoted in the thrown error. */
const QUOTED = 3;

/** The errors a device has reported. */
export class DeviceErrors {
  private readonly messages: string[] = [];

  /** Records one error. */
  add(message: string): void {
    this.messages.push(message);
  }

  /** Every error recorded so far. */
  all(): readonly string[] {
    return this.messages;
  }

  /** Throws when any error has been recorded. */
  throwIfAny(): void {
    const n = this.messages.length;
    if (n === 0) return;
    const quoted = this.messages.slice(0, QUOTED).join(' | ') + (n > QUOTED ? ` | and ${n - QUOTED} more` : '');
    throw new Error(
      `WebGPU device error${n > 1 ? `s (${n})` : ''}: ${quoted}. The work of the failed command buffers was dropped, so tensors and variables computed since are unreliable.`,
    );
  }
}

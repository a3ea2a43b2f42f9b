/**
 * WebGPU reports invalid shaders, out-of-memory and similar failures asynchronously, as
 * `uncapturederror` events on the device, and the work of the failed command buffer is simply not
 * done: a computation goes on with garbage. The backend records every such error and throws it at
 * the next read of a tensor, so that a training step fails instead of continuing silently.
 */

/** The errors a device has reported, and how many of them have been thrown already. */
export class DeviceErrors {
  private readonly messages: string[] = [];
  private thrown = 0;

  /** Records one error. */
  add(message: string): void {
    this.messages.push(message);
  }

  /** Every error recorded so far. */
  all(): readonly string[] {
    return this.messages;
  }

  /** Throws the errors recorded since the last call that threw, if any. */
  throwIfNew(): void {
    if (this.thrown === this.messages.length) return;
    const fresh = this.messages.slice(this.thrown);
    this.thrown = this.messages.length;
    throw new Error(`WebGPU device error${fresh.length > 1 ? `s (${fresh.length})` : ''}: ${fresh.join(' | ')}`);
  }
}

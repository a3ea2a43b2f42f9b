import { fetchIndex } from '../api/client.js';
import { onChanges } from '../api/live.js';
import type { ChangeEvent, SiteIndex } from '@signflow/dashboard/contract';

/** Called with the new listing and what changed. */
export type IndexListener = (index: SiteIndex, change: ChangeEvent) => void;

/**
 * The listing of runs and benchmarks, shared by the pages. When the server is live it follows the
 * change events: the listing is fetched again and every page hears which runs changed.
 */
export class SiteState {
  private readonly listeners = new Set<IndexListener>();
  private stop: (() => void) | null = null;

  private constructor(public index: SiteIndex) {}

  /** Fetches the listing and, from a live server, starts following changes. */
  static async load(): Promise<SiteState> {
    const state = new SiteState(await fetchIndex());
    if (state.index.live) state.stop = onChanges((change) => void state.changed(change));
    return state;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: IndexListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops following changes. */
  close(): void {
    this.stop?.();
  }

  private async changed(change: ChangeEvent): Promise<void> {
    try {
      this.index = await fetchIndex();
    } catch {
      // The server went away; EventSource keeps trying and the next change refetches.
      return;
    }
    for (const listener of this.listeners) listener(this.index, change);
  }
}

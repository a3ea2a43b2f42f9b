import { fetchIndex } from '../api/client.js';
import { listen } from '../api/live.js';
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
    if (state.index.live) {
      state.stop = listen({
        // A listing older than the server's (changes found between its fetch and this greeting, or
        // while the stream was down): fetch it again and let every page look at everything.
        hello: ({ version }) => {
          if (version !== state.index.version) void state.changed({ runs: state.index.runs.map((r) => r.id), benches: state.index.benches.map((b) => b.id), listing: true });
        },
        change: (change) => void state.changed(change),
      });
    }
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
      // The server went away; EventSource keeps trying and greets again when it is back.
      return;
    }
    // Runs the new listing adds count as changed too, whatever event announced them.
    const runs = [...new Set([...change.runs, ...(change.listing ? this.index.runs.map((r) => r.id) : [])])];
    for (const listener of this.listeners) listener(this.index, { ...change, runs });
  }
}

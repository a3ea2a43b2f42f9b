import { EVENTS_PATH, type ChangeEvent, type HelloEvent } from '@signflow/dashboard/contract';

/** What the server's events stream announces. */
export interface LiveListener {
  /** The listing's version when the stream opens (again, after a reconnection too). */
  hello(event: HelloEvent): void;
  /** Runs or benchmarks changed. */
  change(event: ChangeEvent): void;
}

/**
 * Listens to the server's events (server-sent events; the browser reconnects by itself).
 * Returns the function that stops listening.
 */
export function listen(listener: LiveListener): () => void {
  const source = new EventSource(EVENTS_PATH);
  source.addEventListener('hello', (event) => listener.hello(JSON.parse((event as MessageEvent<string>).data) as HelloEvent));
  source.addEventListener('change', (event) => listener.change(JSON.parse((event as MessageEvent<string>).data) as ChangeEvent));
  return () => source.close();
}

import { EVENTS_PATH } from './paths.js';
import type { ChangeEvent } from './types.js';

/**
 * Listens to the server's change events (server-sent events; the browser reconnects by itself).
 * Returns the function that stops listening.
 */
export function onChanges(listener: (change: ChangeEvent) => void): () => void {
  const source = new EventSource(EVENTS_PATH);
  source.addEventListener('change', (event) => listener(JSON.parse((event as MessageEvent<string>).data) as ChangeEvent));
  return () => source.close();
}

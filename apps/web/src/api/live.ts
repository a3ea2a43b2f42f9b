import { EVENTS_PATH, type ChangeEvent } from '@signflow/dashboard/contract';

/**
 * Listens to the server's change events (server-sent events; the browser reconnects by itself).
 * Returns the function that stops listening.
 */
export function onChanges(listener: (change: ChangeEvent) => void): () => void {
  const source = new EventSource(EVENTS_PATH);
  source.addEventListener('change', (event) => listener(JSON.parse((event as MessageEvent<string>).data) as ChangeEvent));
  return () => source.close();
}

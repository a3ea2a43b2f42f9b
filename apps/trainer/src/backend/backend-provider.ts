import { selectBackend, type BackendChoice, type BackendSelection } from './select-backend.js';

/** Activates the tfjs backend a run asks for. */
export interface BackendProvider {
  /** Activates `choice` (`auto`: the fastest that loads); throws a UsageError when it cannot. */
  select(choice: BackendChoice): Promise<BackendSelection>;
}

/** The backends this installation has, fastest first (see {@link selectBackend}). */
export class InstalledBackends implements BackendProvider {
  select(choice: BackendChoice): Promise<BackendSelection> {
    return selectBackend(choice);
  }
}

/** A mounted page: its element, and `dispose` to release charts, models and listeners when leaving it. */
export interface Page {
  readonly element: HTMLElement;
  dispose(): void;
}

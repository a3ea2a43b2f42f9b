/** Size of one chart panel in pixels (kept apart from the renderer so that browsers can import the specs). */
export const PANEL = { width: 320, height: 220 } as const;

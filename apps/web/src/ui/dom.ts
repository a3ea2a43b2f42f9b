/** Attributes of {@link el}: properties of the element, or `on<event>` listeners. */
type Props = Record<string, unknown>;

/** A child of {@link el}: nodes, text, or nothing (skipped, for conditional children). */
export type Child = Node | string | number | null | undefined | false;

/**
 * Creates an element with attributes and children. Keys starting with `on` add listeners,
 * `dataset`-style `data-*` and `aria-*` keys become attributes, anything else is assigned as a
 * property (`className`, `value`, `checked`, …). Text children are text nodes, never HTML, so run
 * names and error messages cannot inject markup.
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    else if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role' || key === 'for') node.setAttribute(key, String(value));
    else (node as unknown as Record<string, unknown>)[key] = value;
  }
  append(node, ...children);
  return node;
}

/** Appends children (see {@link Child}) to `parent`. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces the children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A message box for a failure the user should see (never a blank page). */
export function errorBox(message: string): HTMLElement {
  return el('div', { className: 'error', role: 'alert' }, message);
}

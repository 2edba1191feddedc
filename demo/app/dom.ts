/** Tiny DOM helpers. Everything that came over the network is inserted as text, never parsed as HTML. */
export type Child = Node | string | null | undefined | false;

export interface ElementProps {
  className?: string;
  attrs?: Record<string, string>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id} in the page`);
  return element as T;
}

export function clockTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export type Tone = 'ok' | 'busy' | 'down';

/** A connection indicator: a coloured dot (by `data-tone`) and a line of text. */
export function showStatus(element: HTMLElement, tone: Tone, text: string): void {
  element.dataset.tone = tone;
  element.textContent = text;
}

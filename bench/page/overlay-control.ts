/** Opens the drop-in overlay's UI from inside the page, as a user's Alt+Shift+R would, and waits until it shows. */
const OPEN_TIMEOUT_MS = 30_000;

export function findInShadowRoots(selector: string): Element | null {
  for (const host of document.querySelectorAll('*')) {
    const found = host.shadowRoot?.querySelector(selector);
    if (found) return found;
  }
  return null;
}

export async function openOverlay(): Promise<void> {
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'R', code: 'KeyR', altKey: true, shiftKey: true, bubbles: true }));
  const started = performance.now();
  while (!findInShadowRoots('[data-testid="rtd-toolbar"]')) {
    if (performance.now() - started > OPEN_TIMEOUT_MS) throw new Error('the overlay UI did not open');
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
}

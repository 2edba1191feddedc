/** The flags every benchmark browser runs with: quiet on a closed network, and full speed for pages in the background. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Keep every trial page at full speed whatever the window manager thinks of it.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  // Exact `performance.memory` figures, and `gc()` so that they show what the page keeps, not what is pending GC.
  '--enable-precise-memory-info',
  '--js-flags=--expose-gc',
];

import type { Runtime } from 'webextension-polyfill';

/**
 * The extension runtime as a content script sees it. The relay runs at document_start in every top-level page, so
 * it takes the browser's own namespace (`browser` in Firefox, `chrome` in Chromium) instead of loading
 * webextension-polyfill into every page: the few calls it makes (`connect`, Port messages, `onMessage` without a
 * reply) behave the same in both.
 */
export type ContentRuntime = Pick<Runtime.Static, 'connect' | 'onMessage'>;

export function contentRuntime(): ContentRuntime {
  const scope = globalThis as { browser?: { runtime?: ContentRuntime }; chrome?: { runtime?: ContentRuntime } };
  const runtime = scope.browser?.runtime ?? scope.chrome?.runtime;
  if (!runtime) throw new Error('realtime-devtools relay: no extension runtime in this context');
  return runtime;
}

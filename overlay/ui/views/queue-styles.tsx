/**
 * Styles of the Queue view's items and replays, rendered by the view itself beside the library styles. Under
 * `.rtd-root` like them, so that nothing leaks into a page.
 */
export const QUEUE_CSS = `
.rtd-root .rtd-library-tanstack-query { background: #fff4e5; color: #b35c00; }
.rtd-root .rtd-library-app { background: #e8f0fe; color: #1a56c4; }
.rtd-root .rtd-library-websocket { background: var(--rtd-bg-header); color: var(--rtd-text-dim); }
.rtd-root .rtd-queue-items, .rtd-root .rtd-queue-replay-list { width: 100%; margin: 0; padding: 0 0 0 4px; list-style: none; font-size: 11px; }
.rtd-root .rtd-queue-item { display: flex; gap: 8px; align-items: baseline; padding: 1px 0; min-width: 0; }
.rtd-root .rtd-queue-item-name { flex: none; font-weight: 600; }
.rtd-root .rtd-queue-lost-tag { flex: none; font-weight: 600; text-transform: uppercase; font-size: 10px; }
.rtd-root .rtd-queue-preview { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; user-select: text; }
.rtd-root .rtd-queue-replay { width: 100%; margin-top: 2px; padding: 4px 6px; border-left: 2px solid var(--rtd-accent); background: var(--rtd-bg-header); font-size: 11px; }
.rtd-root .rtd-queue-replay-list li { padding: 1px 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; user-select: text; }
`;

/**
 * Styles of the client-library views (library badges, decoded frames, Queue and Presence tabs, client markers on the
 * timeline), rendered by `App` beside the main stylesheet. Under `.rtd-root` like it, so that nothing leaks into a page.
 */
export const LIBRARY_CSS = `
.rtd-root .rtd-library-badge {
  flex: none;
  margin-right: 5px;
  padding: 0 4px;
  border-radius: 3px;
  background: var(--rtd-info-bg);
  color: var(--rtd-accent);
  font-size: 9.5px;
  font-weight: 700;
  line-height: 14px;
}
.rtd-root .rtd-library-socketio { background: #e6f4ea; color: #137333; }
.rtd-root .rtd-library-pusher { background: #f3e8fd; color: #7b1fa2; }
.rtd-root .rtd-library-ably { background: #fce8e6; color: #c5221f; }
.rtd-root .rtd-library-sse { background: var(--rtd-sse-bg); color: var(--rtd-sse); }
.rtd-root .rtd-badge-polling, .rtd-root .rtd-badge-fetch-sse { background: var(--rtd-sse-bg); color: var(--rtd-sse); }
.rtd-root .rtd-conn-link { flex: none; font-size: 10.5px; }
.rtd-root .rtd-heartbeat { color: var(--rtd-text-faint); }
.rtd-root .rtd-undecodable-tag {
  flex: none;
  margin-right: 5px;
  padding: 0 4px;
  border-radius: 3px;
  background: var(--rtd-warn-bg);
  color: var(--rtd-warn);
  font-size: 9.5px;
  font-weight: 700;
  line-height: 14px;
}
.rtd-root .rtd-decoded { overflow: auto; height: 100%; }
.rtd-root .rtd-client-view { height: 100%; overflow: auto; background: var(--rtd-bg); }
.rtd-root .rtd-client-card { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; padding: 6px 10px; border-bottom: 1px solid var(--rtd-divider); }
.rtd-root .rtd-client-card-head { display: flex; align-items: center; gap: 8px; width: 100%; }
.rtd-root .rtd-client-source { font-family: var(--rtd-mono); font-size: 11px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.rtd-root .rtd-queue-count { font-weight: 600; }
.rtd-root .rtd-queue-waiting { color: var(--rtd-warn); }
.rtd-root .rtd-sparkline { background: var(--rtd-bg-header); border: 1px solid var(--rtd-divider); border-radius: 3px; }
.rtd-root .rtd-sparkline polyline { fill: none; stroke: var(--rtd-accent); stroke-width: 1.5; }
.rtd-root .rtd-client-table { width: 100%; border-collapse: collapse; font-size: 11px; }
.rtd-root .rtd-client-table th { text-align: left; color: var(--rtd-text-dim); font-weight: 600; padding: 2px 6px; }
.rtd-root .rtd-client-table td { padding: 2px 6px; border-top: 1px solid var(--rtd-row-line); }
.rtd-root .rtd-client-data { max-width: 420px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.rtd-root .rtd-client-note { padding: 2px 0; }
.rtd-root .rtd-client-changes { width: 100%; font-size: 11px; }
.rtd-root .rtd-client-changes summary { cursor: pointer; color: var(--rtd-text-dim); }
.rtd-root .rtd-client-list { margin: 0; padding: 4px 10px; list-style: none; font-size: 11px; }
.rtd-root .rtd-client-list li { display: flex; gap: 10px; padding: 1px 0; }
.rtd-root .rtd-lost { color: var(--rtd-error); }
.rtd-root .rtd-tl-client-legend { color: var(--rtd-warn); margin-left: 8px; }
.rtd-root .rtd-tl-client line { stroke: var(--rtd-warn); stroke-dasharray: 2 2; }
.rtd-root .rtd-tl-client path { fill: var(--rtd-warn); }
.rtd-root .rtd-tl-client text { fill: var(--rtd-warn); font-family: var(--rtd-mono); font-size: 10px; paint-order: stroke; stroke: var(--rtd-bg); stroke-width: 3px; }
.rtd-root .rtd-tl-client-gave-up path, .rtd-root .rtd-tl-client-resume-failed path { fill: var(--rtd-error); }
.rtd-root .rtd-tl-client-gave-up text, .rtd-root .rtd-tl-client-resume-failed text { fill: var(--rtd-error); }
.rtd-root .rtd-tl-client-resumed path { fill: var(--rtd-open); }
.rtd-root .rtd-tl-client-resumed text { fill: var(--rtd-open); }
.rtd-root .rtd-tl-client-presence-join path { fill: var(--rtd-in); }
.rtd-root .rtd-tl-client-presence-join text { fill: var(--rtd-in); }
.rtd-root .rtd-tl-client-presence-leave path { fill: var(--rtd-out); }
.rtd-root .rtd-tl-client-presence-leave text { fill: var(--rtd-out); }
`;

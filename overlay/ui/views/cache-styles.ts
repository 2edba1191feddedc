/**
 * Styles of the Cache tab, the cause badges on frame rows and the Caused section of a frame's detail, rendered by
 * `App` beside the main stylesheet. Under `.rtd-root` like it, so that nothing leaks into a page; colours come from
 * the theme variables, so the panel follows the dark and light themes.
 */
export const CACHE_CSS = `
.rtd-root .rtd-cache { display: flex; flex-direction: column; height: 100%; min-height: 0; background: var(--rtd-bg); }
.rtd-root .rtd-cache > .rtd-split { flex: 1 1 auto; min-height: 0; }
.rtd-root .rtd-cache-lists { height: 100%; overflow: auto; }
.rtd-root .rtd-cache-table { width: 100%; border-collapse: collapse; font-size: 11.5px; table-layout: auto; }
.rtd-root .rtd-cache-table th {
  position: sticky;
  top: 0;
  padding: 3px 6px;
  background: var(--rtd-bg-header);
  border-bottom: 1px solid var(--rtd-border);
  color: var(--rtd-text-dim);
  font-weight: 600;
  text-align: left;
  white-space: nowrap;
}
.rtd-root .rtd-cache-table td { padding: 2px 6px; border-bottom: 1px solid var(--rtd-row-line); white-space: nowrap; }
.rtd-root .rtd-cache-table tbody tr { cursor: default; }
.rtd-root .rtd-cache-table tbody tr:hover { background: var(--rtd-bg-hover); }
.rtd-root .rtd-cache-table tr.rtd-selected, .rtd-root .rtd-cache-table tr.rtd-selected:hover { background: var(--rtd-bg-selected); }
.rtd-root .rtd-cache-key { max-width: 320px; overflow: hidden; text-overflow: ellipsis; font-family: var(--rtd-mono); font-size: 11px; }
.rtd-root .rtd-cache-vars { max-width: 260px; overflow: hidden; text-overflow: ellipsis; font-family: var(--rtd-mono); font-size: 11px; }
.rtd-root .rtd-cache-num { text-align: right; font-family: var(--rtd-mono); font-size: 11px; }
.rtd-root .rtd-cache-state {
  display: inline-block;
  padding: 0 5px;
  border-radius: 3px;
  font-size: 10.5px;
  font-weight: 600;
  line-height: 15px;
  background: var(--rtd-bg-header);
  color: var(--rtd-text-dim);
}
.rtd-root .rtd-cache-success, .rtd-root .rtd-cache-fresh { background: var(--rtd-bg-out); color: var(--rtd-out); }
.rtd-root .rtd-cache-error { background: var(--rtd-error-bg); color: var(--rtd-error); }
.rtd-root .rtd-cache-pending, .rtd-root .rtd-cache-stale, .rtd-root .rtd-cache-paused { background: var(--rtd-warn-bg); color: var(--rtd-warn); }
.rtd-root .rtd-cache-fetching { background: var(--rtd-info-bg); color: var(--rtd-accent); }
.rtd-root .rtd-cache-invalidated { background: var(--rtd-sse-bg); color: var(--rtd-sse); }
.rtd-root .rtd-cache-zero { color: var(--rtd-text-faint); }

.rtd-root .rtd-no-client { max-width: 640px; margin: 24px auto; padding: 0 16px; line-height: 1.5; }
.rtd-root .rtd-no-client h3 { margin: 0 0 6px; font-size: 13px; }
.rtd-root .rtd-no-client p { margin: 6px 0; color: var(--rtd-text-dim); }
.rtd-root .rtd-no-client pre {
  margin: 4px 0 10px;
  padding: 6px 10px;
  border: 1px solid var(--rtd-divider);
  border-radius: 3px;
  background: var(--rtd-bg-header);
  font-family: var(--rtd-mono);
  font-size: 11.5px;
  user-select: text;
}

.rtd-root .rtd-cache-detail { display: flex; flex-direction: column; height: 100%; min-width: 0; overflow: auto; background: var(--rtd-bg); }
.rtd-root .rtd-cache-title { overflow: hidden; text-overflow: ellipsis; font-family: var(--rtd-mono); font-size: 11.5px; color: var(--rtd-text); }
.rtd-root .rtd-cache-actions { flex: none; display: flex; flex-wrap: wrap; gap: 6px; padding: 6px 8px; border-bottom: 1px solid var(--rtd-divider); }
.rtd-root .rtd-cache-section { flex: none; padding: 6px 8px; border-bottom: 1px solid var(--rtd-divider); }
.rtd-root .rtd-cache-section-title { margin-bottom: 4px; color: var(--rtd-text-dim); font-size: 11px; font-weight: 600; }
.rtd-root .rtd-cache-detail .rtd-facts { padding: 6px 8px; border-bottom: 1px solid var(--rtd-divider); }
.rtd-root .rtd-cache-error-text { color: var(--rtd-error); font-family: var(--rtd-mono); font-size: 11px; white-space: pre-wrap; overflow-wrap: anywhere; }
.rtd-root .rtd-cache-cause { font-size: 11.5px; overflow-wrap: anywhere; }
.rtd-root .rtd-cache-nocause { color: var(--rtd-text-faint); font-size: 11.5px; }
.rtd-root .rtd-cache-data .rtd-pre { max-height: 320px; overflow: auto; }
.rtd-root .rtd-cache-history { margin: 0; padding: 0; list-style: none; font-size: 11px; }
.rtd-root .rtd-cache-history li { display: flex; gap: 8px; padding: 1px 0; border-bottom: 1px solid var(--rtd-row-line); }
.rtd-root .rtd-cache-history .rtd-cache-when { flex: none; width: 90px; color: var(--rtd-text-dim); font-family: var(--rtd-mono); }
.rtd-root .rtd-cache-history .rtd-cache-what { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
.rtd-root .rtd-cache-history .rtd-cache-wasted { color: var(--rtd-warn); }
.rtd-root .rtd-cache-history .rtd-cache-failed { color: var(--rtd-error); }
.rtd-root .rtd-cache-why { color: var(--rtd-text-faint); }
.rtd-root .rtd-frame-link {
  padding: 0;
  border: none;
  background: none;
  color: var(--rtd-accent);
  font-family: var(--rtd-mono);
  font-size: 11px;
  cursor: pointer;
  text-decoration: underline dotted;
}

/* Scrolls on its own past half the pane, so that many warnings never push the query list out of sight. */
.rtd-root .rtd-cache-warnings { max-height: 50%; overflow: auto; border-bottom: 1px solid var(--rtd-border); background: var(--rtd-warn-bg); color: var(--rtd-text); }
.rtd-root .rtd-cache-warnings > summary { padding: 4px 8px; color: var(--rtd-warn); font-weight: 600; cursor: pointer; }
.rtd-root .rtd-cache-warning-group { padding: 2px 8px 6px 20px; }
.rtd-root .rtd-cache-warning-group-title { color: var(--rtd-warn); font-size: 11px; font-weight: 600; }
.rtd-root .rtd-cache-warning-group ul { margin: 2px 0 0; padding: 0; list-style: none; font-size: 11.5px; }
.rtd-root .rtd-cache-warning-group li { padding: 1px 0; overflow-wrap: anywhere; }
.rtd-root .rtd-query-link {
  padding: 0;
  border: none;
  background: none;
  color: var(--rtd-accent);
  font-family: var(--rtd-mono);
  font-size: 11px;
  cursor: pointer;
}
.rtd-root .rtd-query-link:hover, .rtd-root .rtd-frame-link:hover { text-decoration: underline; }

.rtd-root .rtd-cause-badge {
  display: inline-block;
  /* What the frame caused matters more than its preview, but must leave the preview some room. */
  max-width: min(320px, 70%);
  margin-right: 6px;
  padding: 0 5px;
  overflow: hidden;
  border: none;
  border-radius: 3px;
  background: var(--rtd-sse-bg);
  color: var(--rtd-sse);
  font-family: var(--rtd-mono);
  font-size: 10.5px;
  line-height: 14px;
  vertical-align: middle;
  text-overflow: ellipsis;
  white-space: nowrap;
  cursor: pointer;
}
.rtd-root .rtd-cause-badge:hover { text-decoration: underline; }
.rtd-root .rtd-caused { flex: none; padding: 4px 8px 6px; border-bottom: 1px solid var(--rtd-divider); background: var(--rtd-bg-header); }
.rtd-root .rtd-caused-title { color: var(--rtd-text-dim); font-size: 11px; font-weight: 600; }
.rtd-root .rtd-caused ul { margin: 2px 0 0; padding: 0; list-style: none; }
.rtd-root .rtd-caused li { padding: 2px 0; font-size: 11.5px; overflow-wrap: anywhere; }
.rtd-root .rtd-caused .rtd-cache-why { display: block; font-size: 11px; }
.rtd-root .rtd-tl-cache path { fill: var(--rtd-sse); stroke: var(--rtd-bg); stroke-width: 1; }
.rtd-root .rtd-tl-cache-set-data path { fill: var(--rtd-accent); }
.rtd-root .rtd-tl-cache-legend { color: var(--rtd-sse); margin-left: 8px; }
`;

/**
 * The UI's whole stylesheet, injected by `mountDevtoolsUi` into its root so that it works the same inside the
 * overlay's shadow root and in the panel document. Sizes are in px, never rem: a page's `html { font-size }`
 * must not scale the tool. Every selector is under `.rtd-root`, so that nothing leaks into a panel document either.
 */
export const DEVTOOLS_CSS = `
.rtd-mount { height: 100%; }
.rtd-root {
  --rtd-font: system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, Cantarell, "Noto Sans", "DejaVu Sans", sans-serif;
  --rtd-mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
  --rtd-bg: #ffffff;
  --rtd-bg-toolbar: #f3f3f3;
  --rtd-bg-header: #f7f7f7;
  --rtd-bg-hover: #eef3fb;
  --rtd-bg-selected: #cfe1fb;
  --rtd-bg-out: #f3faf4;
  --rtd-bg-lifecycle: #fafafa;
  --rtd-border: #cfcfcf;
  --rtd-divider: #e6e6e6;
  --rtd-row-line: #f0f0f0;
  --rtd-text: #1f1f1f;
  --rtd-text-dim: #5f6368;
  --rtd-text-faint: #8f9399;
  --rtd-accent: #1a73e8;
  --rtd-on-accent: #ffffff;
  --rtd-in: #1967d2;
  --rtd-out: #188038;
  --rtd-error: #c5221f;
  --rtd-error-bg: #fce8e6;
  --rtd-warn: #a15c00;
  --rtd-warn-bg: #fef7e0;
  --rtd-info-bg: #e8f0fe;
  --rtd-connecting: #e37400;
  --rtd-open: #1e8e3e;
  --rtd-closing: #e37400;
  --rtd-closed: #80868b;
  --rtd-ws-bg: #e8f0fe;
  --rtd-ws: #1967d2;
  --rtd-sse-bg: #fdeee0;
  --rtd-sse: #b3541e;
  --rtd-json-key: #881280;
  --rtd-json-string: #c41a16;
  --rtd-json-number: #1c00cf;
  --rtd-json-boolean: #0d22aa;
  --rtd-json-null: #80868b;
  --rtd-tl-connecting: #aecbfa;
  --rtd-tl-open: #1a73e8;
  --rtd-tl-closed-open: #6c8fc7;
  --rtd-tl-gap: #c26401;
  --rtd-shadow: rgba(0, 0, 0, 0.22);
  color-scheme: light;
}
.rtd-root[data-theme="dark"] {
  --rtd-bg: #1f1f1f;
  --rtd-bg-toolbar: #292a2d;
  --rtd-bg-header: #252628;
  --rtd-bg-hover: #2b3240;
  --rtd-bg-selected: #163d6b;
  --rtd-bg-out: #1f2a22;
  --rtd-bg-lifecycle: #232325;
  --rtd-border: #45474a;
  --rtd-divider: #35363a;
  --rtd-row-line: #2a2a2c;
  --rtd-text: #e3e3e3;
  --rtd-text-dim: #a8acb1;
  --rtd-text-faint: #7c8086;
  --rtd-accent: #8ab4f8;
  --rtd-on-accent: #0b1d39;
  --rtd-in: #8ab4f8;
  --rtd-out: #81c995;
  --rtd-error: #f28b82;
  --rtd-error-bg: #3b2120;
  --rtd-warn: #fdd663;
  --rtd-warn-bg: #372f1a;
  --rtd-info-bg: #1d2b42;
  --rtd-connecting: #fcad70;
  --rtd-open: #81c995;
  --rtd-closing: #fcad70;
  --rtd-closed: #9aa0a6;
  --rtd-ws-bg: #1d2b42;
  --rtd-ws: #8ab4f8;
  --rtd-sse-bg: #3a2a1d;
  --rtd-sse: #fcad70;
  --rtd-json-key: #c58af9;
  --rtd-json-string: #f28b82;
  --rtd-json-number: #a8c7fa;
  --rtd-json-boolean: #fdd663;
  --rtd-json-null: #9aa0a6;
  --rtd-tl-connecting: #394d6e;
  --rtd-tl-open: #8ab4f8;
  --rtd-tl-closed-open: #5d7aa8;
  --rtd-tl-gap: #fdd663;
  --rtd-shadow: rgba(0, 0, 0, 0.6);
  color-scheme: dark;
}
@media (prefers-color-scheme: dark) {
  .rtd-root[data-theme="auto"] {
    --rtd-bg: #1f1f1f;
    --rtd-bg-toolbar: #292a2d;
    --rtd-bg-header: #252628;
    --rtd-bg-hover: #2b3240;
    --rtd-bg-selected: #163d6b;
    --rtd-bg-out: #1f2a22;
    --rtd-bg-lifecycle: #232325;
    --rtd-border: #45474a;
    --rtd-divider: #35363a;
    --rtd-row-line: #2a2a2c;
    --rtd-text: #e3e3e3;
    --rtd-text-dim: #a8acb1;
    --rtd-text-faint: #7c8086;
    --rtd-accent: #8ab4f8;
    --rtd-on-accent: #0b1d39;
    --rtd-in: #8ab4f8;
    --rtd-out: #81c995;
    --rtd-error: #f28b82;
    --rtd-error-bg: #3b2120;
    --rtd-warn: #fdd663;
    --rtd-warn-bg: #372f1a;
    --rtd-info-bg: #1d2b42;
    --rtd-connecting: #fcad70;
    --rtd-open: #81c995;
    --rtd-closing: #fcad70;
    --rtd-closed: #9aa0a6;
    --rtd-ws-bg: #1d2b42;
    --rtd-ws: #8ab4f8;
    --rtd-sse-bg: #3a2a1d;
    --rtd-sse: #fcad70;
    --rtd-json-key: #c58af9;
    --rtd-json-string: #f28b82;
    --rtd-json-number: #a8c7fa;
    --rtd-json-boolean: #fdd663;
    --rtd-json-null: #9aa0a6;
    --rtd-tl-connecting: #394d6e;
    --rtd-tl-open: #8ab4f8;
    --rtd-tl-closed-open: #5d7aa8;
    --rtd-tl-gap: #fdd663;
    --rtd-shadow: rgba(0, 0, 0, 0.6);
    color-scheme: dark;
  }
}

.rtd-root {
  position: relative;
  display: flex;
  flex-direction: column;
  height: 100%;
  overflow: hidden;
  background: var(--rtd-bg);
  color: var(--rtd-text);
  font-family: var(--rtd-font);
  font-size: 12px;
  font-weight: 400;
  line-height: 16px;
  text-align: left;
  letter-spacing: normal;
  -webkit-font-smoothing: antialiased;
  scrollbar-width: thin;
  scrollbar-color: var(--rtd-border) transparent;
}
.rtd-root *, .rtd-root *::before, .rtd-root *::after { box-sizing: border-box; }
.rtd-root button, .rtd-root input, .rtd-root select { font-family: inherit; font-size: 12px; color: inherit; margin: 0; }
.rtd-root button:focus-visible, .rtd-root select:focus-visible, .rtd-root input[type="checkbox"]:focus-visible {
  outline: 2px solid var(--rtd-accent);
  outline-offset: -2px;
}
.rtd-mono { font-family: var(--rtd-mono); font-size: 11px; }
.rtd-dim { color: var(--rtd-text-dim); }
.rtd-spacer { flex: 1 1 auto; }
.rtd-in { color: var(--rtd-in); }
.rtd-out { color: var(--rtd-out); }
.rtd-warn { color: var(--rtd-warn); }

/* Tab strip and toolbar */
.rtd-tabbar {
  flex: none;
  display: flex;
  align-items: stretch;
  height: 28px;
  padding: 0 2px 0 0;
  background: var(--rtd-bg-toolbar);
  border-bottom: 1px solid var(--rtd-border);
  user-select: none;
}
.rtd-brand {
  display: flex;
  align-items: center;
  gap: 6px;
  padding: 0 10px 0 10px;
  color: var(--rtd-text-dim);
  font-weight: 600;
  border-right: 1px solid var(--rtd-divider);
  margin-right: 2px;
}
.rtd-brand::before {
  content: "";
  width: 8px;
  height: 8px;
  border-radius: 50%;
  background: var(--rtd-accent);
  box-shadow: 0 0 0 3px color-mix(in srgb, var(--rtd-accent) 25%, transparent);
}
.rtd-tab {
  display: inline-flex;
  align-items: center;
  height: 100%;
  padding: 0 12px;
  border: none;
  border-bottom: 2px solid transparent;
  background: none;
  color: var(--rtd-text-dim);
  cursor: pointer;
  white-space: nowrap;
}
.rtd-tab:hover { color: var(--rtd-text); background: var(--rtd-bg-hover); }
.rtd-tab-active { color: var(--rtd-text); border-bottom-color: var(--rtd-accent); }
.rtd-toolbar {
  flex: none;
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 6px;
  min-height: 30px;
  padding: 3px 6px;
  background: var(--rtd-bg);
  border-bottom: 1px solid var(--rtd-border);
}
.rtd-separator { width: 1px; height: 16px; background: var(--rtd-divider); }
.rtd-icon-button {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  width: 24px;
  height: 22px;
  padding: 0;
  border: none;
  border-radius: 3px;
  background: none;
  color: var(--rtd-text-dim);
  font-size: 17px !important;
  line-height: 1;
  cursor: pointer;
}
.rtd-icon-button:hover { background: var(--rtd-bg-hover); color: var(--rtd-text); }
.rtd-tabbar .rtd-close { align-self: center; }
.rtd-clear-glyph {
  position: relative;
  width: 13px;
  height: 13px;
  border: 1.6px solid currentColor;
  border-radius: 50%;
}
.rtd-clear-glyph::after {
  content: "";
  position: absolute;
  left: 50%;
  top: -1px;
  bottom: -1px;
  width: 1.6px;
  background: currentColor;
  transform: translateX(-50%) rotate(45deg);
}
.rtd-check { display: inline-flex; align-items: center; gap: 5px; white-space: nowrap; cursor: pointer; user-select: none; }
.rtd-check input { margin: 0; accent-color: var(--rtd-accent); }
.rtd-search {
  display: flex;
  align-items: stretch;
  flex: 0 1 300px;
  min-width: 140px;
  height: 22px;
  border: 1px solid var(--rtd-border);
  border-radius: 3px;
  background: var(--rtd-bg);
  overflow: hidden;
}
.rtd-search:focus-within { border-color: var(--rtd-accent); }
.rtd-search-invalid, .rtd-search-invalid:focus-within { border-color: var(--rtd-error); }
.rtd-search input {
  flex: 1 1 auto;
  min-width: 0;
  padding: 0 6px;
  border: none;
  outline: none;
  background: transparent;
}
.rtd-search input::placeholder { color: var(--rtd-text-faint); }
.rtd-regex-toggle {
  flex: none;
  padding: 0 7px;
  border: none;
  border-left: 1px solid var(--rtd-divider);
  background: none;
  color: var(--rtd-text-faint);
  font-family: var(--rtd-mono) !important;
  font-weight: 600;
  cursor: pointer;
}
.rtd-regex-toggle:hover { color: var(--rtd-text); }
.rtd-pressed { color: var(--rtd-accent) !important; background: var(--rtd-info-bg) !important; }
.rtd-search-error {
  max-width: 340px;
  overflow: hidden;
  color: var(--rtd-error);
  font-size: 11px;
  white-space: nowrap;
  text-overflow: ellipsis;
}
.rtd-select {
  height: 22px;
  padding: 0 4px;
  border: 1px solid var(--rtd-border);
  border-radius: 3px;
  background: var(--rtd-bg);
}
.rtd-button {
  display: inline-flex;
  align-items: center;
  height: 22px;
  padding: 0 9px;
  border: 1px solid var(--rtd-border);
  border-radius: 3px;
  background: var(--rtd-bg-toolbar);
  cursor: pointer;
  white-space: nowrap;
}
.rtd-button:hover:not(:disabled) { border-color: var(--rtd-text-faint); }
.rtd-button:disabled { opacity: 0.55; cursor: default; }
.rtd-button-primary { background: var(--rtd-accent); border-color: var(--rtd-accent); color: var(--rtd-on-accent) !important; }
.rtd-link-button {
  flex: none;
  padding: 0 4px;
  border: none;
  background: none;
  color: var(--rtd-accent);
  text-decoration: underline;
  cursor: pointer;
}
.rtd-errors-indicator {
  display: inline-flex;
  align-items: center;
  gap: 4px;
  padding: 0 10px;
  border: none;
  background: none;
  color: var(--rtd-error);
  font-weight: 600;
  cursor: pointer;
}
.rtd-errors-indicator:hover { background: var(--rtd-bg-hover); }

/* Banners */
.rtd-banner {
  flex: none;
  display: flex;
  align-items: center;
  gap: 8px;
  min-height: 24px;
  padding: 3px 10px;
  border-bottom: 1px solid var(--rtd-border);
  font-size: 11.5px;
}
.rtd-banner::before { flex: none; font-weight: 700; }
.rtd-banner-error { background: var(--rtd-error-bg); color: var(--rtd-error); }
.rtd-banner-error::before { content: "✕"; }
.rtd-banner-warn { background: var(--rtd-warn-bg); color: var(--rtd-warn); }
.rtd-banner-warn::before { content: "⚠"; }
.rtd-banner-info { background: var(--rtd-info-bg); color: var(--rtd-text-dim); }
.rtd-banner-info::before { content: "ℹ"; }
.rtd-problem-text { flex: 1 1 auto; min-width: 0; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.rtd-problem-more { flex: none; opacity: 0.8; }

/* Panes */
.rtd-body { flex: 1 1 auto; display: flex; min-height: 0; }
.rtd-split { display: flex; flex: 1 1 auto; width: 100%; height: 100%; min-width: 0; min-height: 0; }
.rtd-split-row { flex-direction: row; }
.rtd-split-column { flex-direction: column; }
.rtd-split-pane { display: flex; flex: 1 1 0; flex-direction: column; min-width: 0; min-height: 0; overflow: hidden; }
.rtd-split-divider { position: relative; z-index: 2; flex: 0 0 1px; background: var(--rtd-border); touch-action: none; }
.rtd-split-divider::before { content: ""; position: absolute; }
.rtd-split-row > .rtd-split-divider { cursor: col-resize; }
.rtd-split-row > .rtd-split-divider::before { top: 0; bottom: 0; left: -3px; right: -3px; }
.rtd-split-column > .rtd-split-divider { cursor: row-resize; }
.rtd-split-column > .rtd-split-divider::before { left: 0; right: 0; top: -3px; bottom: -3px; }
.rtd-split-collapsed > .rtd-split-divider, .rtd-split-collapsed > .rtd-split-pane:last-child { display: none; }
.rtd-pane-header {
  flex: none;
  display: flex;
  align-items: center;
  gap: 6px;
  height: 24px;
  padding: 0 4px 0 8px;
  background: var(--rtd-bg-header);
  border-bottom: 1px solid var(--rtd-divider);
  color: var(--rtd-text-dim);
  font-weight: 600;
  white-space: nowrap;
  overflow: hidden;
}
.rtd-pane-count { color: var(--rtd-text-faint); font-family: var(--rtd-mono); font-size: 11px; font-weight: 400; }
.rtd-empty { padding: 20px 12px; color: var(--rtd-text-faint); text-align: center; }
.rtd-empty-overlay { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; pointer-events: none; }

/* Virtual list */
.rtd-vlist { position: relative; flex: 1 1 auto; min-height: 0; height: 100%; overflow: auto; outline: none; }
.rtd-vlist-track { position: relative; width: 100%; }
.rtd-vlist-window { position: absolute; top: 0; left: 0; right: 0; will-change: transform; }
.rtd-selected, .rtd-selected:hover { background: var(--rtd-bg-selected) !important; }

/* Connections */
.rtd-connections { display: flex; flex-direction: column; height: 100%; background: var(--rtd-bg); }
.rtd-conn-all {
  flex: none;
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 8px;
  height: 26px;
  padding: 0 8px;
  border-bottom: 1px solid var(--rtd-divider);
  cursor: pointer;
  white-space: nowrap;
}
.rtd-conn-all:hover, .rtd-conn-row:hover { background: var(--rtd-bg-hover); }
.rtd-conn-all .rtd-conn-main { font-weight: 600; }
.rtd-conn-row {
  display: flex;
  flex-direction: column;
  justify-content: center;
  gap: 3px;
  height: 40px;
  padding: 0 8px;
  border-bottom: 1px solid var(--rtd-row-line);
  cursor: pointer;
  overflow: hidden;
}
.rtd-conn-line { display: flex; align-items: center; gap: 6px; min-width: 0; white-space: nowrap; overflow: hidden; }
.rtd-conn-main { flex: 0 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.rtd-conn-host { flex: 1 1 0; min-width: 0; overflow: hidden; text-overflow: ellipsis; color: var(--rtd-text-faint); font-size: 11px; }
.rtd-conn-meta { display: flex; align-items: center; gap: 7px; color: var(--rtd-text-dim); font-size: 11px; }
.rtd-conn-close { overflow: hidden; text-overflow: ellipsis; color: var(--rtd-text-faint); }
.rtd-conn-ended .rtd-conn-line { opacity: 0.62; }
.rtd-state-dot { flex: none; width: 8px; height: 8px; border-radius: 50%; background: var(--rtd-closed); }
.rtd-state-dot.rtd-state-open { background: var(--rtd-open); box-shadow: 0 0 0 2px color-mix(in srgb, var(--rtd-open) 25%, transparent); }
.rtd-state-dot.rtd-state-connecting { background: var(--rtd-connecting); }
.rtd-state-dot.rtd-state-closing { background: var(--rtd-closing); }
.rtd-state-badge { font-size: 10.5px; font-weight: 600; }
.rtd-state-badge.rtd-state-open { color: var(--rtd-open); }
.rtd-state-badge.rtd-state-connecting, .rtd-state-badge.rtd-state-closing { color: var(--rtd-connecting); }
.rtd-state-badge.rtd-state-closed { color: var(--rtd-closed); }
.rtd-badge {
  flex: none;
  padding: 0 4px;
  border-radius: 3px;
  background: var(--rtd-divider);
  color: var(--rtd-text-dim);
  font-size: 9.5px;
  font-weight: 700;
  line-height: 14px;
  letter-spacing: 0.3px;
}
.rtd-badge-websocket { background: var(--rtd-ws-bg); color: var(--rtd-ws); }
.rtd-badge-eventsource { background: var(--rtd-sse-bg); color: var(--rtd-sse); }
.rtd-attempt { color: var(--rtd-warn); font-family: var(--rtd-mono); font-weight: 700; }

/* Frames */
.rtd-frames { display: flex; flex-direction: column; height: 100%; min-width: 0; background: var(--rtd-bg); }
.rtd-frames-body { position: relative; display: flex; flex: 1 1 auto; min-height: 0; }
.rtd-row {
  display: flex;
  align-items: center;
  height: 20px;
  overflow: hidden;
  border-bottom: 1px solid var(--rtd-row-line);
  font-family: var(--rtd-mono);
  font-size: 11px;
  white-space: nowrap;
  cursor: default;
}
.rtd-row > span { flex: none; overflow: hidden; padding: 0 6px; text-overflow: ellipsis; }
.rtd-frame-row:hover, .rtd-lifecycle-row:hover, .rtd-navigation-row:hover { background: var(--rtd-bg-hover); }
.rtd-frame-header {
  flex: none;
  height: 22px;
  background: var(--rtd-bg-header);
  border-bottom: 1px solid var(--rtd-border);
  color: var(--rtd-text-dim);
  font-family: var(--rtd-font);
  font-size: 11px;
  font-weight: 600;
  user-select: none;
}
.rtd-frame-header > span + span { border-left: 1px solid var(--rtd-divider); }
.rtd-col-time { width: 96px; color: var(--rtd-text-dim); }
.rtd-col-delta { width: 74px; color: var(--rtd-text-faint); text-align: right; }
.rtd-row > .rtd-col-dir { width: 20px; padding: 0; font-family: var(--rtd-font); font-size: 13px; font-weight: 700; text-align: center; }
.rtd-col-conn { width: 50px; color: var(--rtd-text-dim); }
.rtd-col-kind { width: 84px; }
.rtd-col-size { width: 70px; color: var(--rtd-text-dim); text-align: right; }
.rtd-row > .rtd-col-preview { flex: 1 1 auto; min-width: 0; }
.rtd-frame-header > .rtd-col-dir, .rtd-frame-header > .rtd-col-delta, .rtd-frame-header > .rtd-col-size { text-align: center; }
.rtd-dir-out { background: var(--rtd-bg-out); }
.rtd-kind-binary { color: var(--rtd-json-key); }
.rtd-kind-event { color: var(--rtd-sse); }
.rtd-discarded .rtd-col-preview { color: var(--rtd-text-faint); text-decoration: line-through; }
.rtd-discarded .rtd-col-kind { color: var(--rtd-warn); }
.rtd-lifecycle-row { background: var(--rtd-bg-lifecycle); color: var(--rtd-text-dim); }
.rtd-lifecycle-row .rtd-col-preview { font-family: var(--rtd-font); font-size: 11.5px; }
.rtd-lifecycle-row .rtd-col-kind { font-weight: 600; }
.rtd-phase-icon { font-size: 11px !important; }
.rtd-phase-open .rtd-phase-icon, .rtd-phase-open .rtd-col-kind { color: var(--rtd-open); }
.rtd-phase-connecting .rtd-phase-icon, .rtd-phase-reconnecting .rtd-phase-icon,
.rtd-phase-connecting .rtd-col-kind, .rtd-phase-reconnecting .rtd-col-kind, .rtd-phase-closing .rtd-col-kind { color: var(--rtd-connecting); }
.rtd-phase-closed .rtd-phase-icon, .rtd-phase-closed .rtd-col-kind { color: var(--rtd-closed); }
.rtd-phase-error, .rtd-phase-error .rtd-col-kind, .rtd-phase-error .rtd-phase-icon { color: var(--rtd-error); }
.rtd-navigation-row { background: var(--rtd-info-bg); color: var(--rtd-accent); font-family: var(--rtd-font); font-weight: 600; }
.rtd-navigation-text { flex: 1 1 auto !important; min-width: 0; }

/* Detail */
.rtd-detail { display: flex; flex-direction: column; height: 100%; min-width: 0; background: var(--rtd-bg); }
.rtd-detail-meta {
  flex: none;
  display: flex;
  flex-wrap: wrap;
  gap: 2px 12px;
  padding: 4px 8px;
  border-bottom: 1px solid var(--rtd-divider);
  color: var(--rtd-text-dim);
}
.rtd-detail-url { max-width: 100%; overflow: hidden; color: var(--rtd-text-faint); font-family: var(--rtd-mono); font-size: 11px; white-space: nowrap; text-overflow: ellipsis; }
.rtd-detail-tabs { flex: none; display: flex; align-items: center; height: 26px; padding-right: 6px; border-bottom: 1px solid var(--rtd-divider); background: var(--rtd-bg-header); }
.rtd-detail-tabs .rtd-tab { padding: 0 10px; }
.rtd-notice {
  flex: none;
  display: flex;
  align-items: center;
  flex-wrap: wrap;
  gap: 8px;
  padding: 4px 8px;
  border-bottom: 1px solid var(--rtd-divider);
  background: var(--rtd-info-bg);
  color: var(--rtd-text-dim);
  font-size: 11.5px;
}
.rtd-notice-warn { background: var(--rtd-warn-bg); color: var(--rtd-warn); }
.rtd-detail-content { display: flex; flex: 1 1 auto; flex-direction: column; min-height: 0; overflow: auto; }
.rtd-pre {
  margin: 0;
  padding: 6px 8px;
  color: var(--rtd-text);
  font-family: var(--rtd-mono);
  font-size: 11.5px;
  line-height: 16px;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  user-select: text;
}
.rtd-pre-wrap { word-break: break-all; }
.rtd-hex { font-family: var(--rtd-mono); }
.rtd-hex-line { display: flex; gap: 14px; height: 17px; padding: 0 8px; align-items: center; font-size: 11.5px; white-space: pre; user-select: text; }
.rtd-hex-offset { color: var(--rtd-text-faint); }
.rtd-hex-ascii { color: var(--rtd-text-dim); }
.rtd-json { padding: 4px 0; font-family: var(--rtd-mono); font-size: 11.5px; user-select: text; }
.rtd-json-row { display: flex; align-items: baseline; line-height: 17px; padding-right: 8px; white-space: pre; }
.rtd-json-branch { cursor: pointer; }
.rtd-json-branch:hover { background: var(--rtd-bg-hover); }
.rtd-json-toggle { flex: none; width: 14px; padding-left: 4px; color: var(--rtd-text-faint); font-size: 9px; }
.rtd-json-key { color: var(--rtd-json-key); }
.rtd-json-index { color: var(--rtd-text-faint); }
.rtd-json-punct { color: var(--rtd-text-dim); }
.rtd-json-preview { overflow: hidden; color: var(--rtd-text-dim); font-style: italic; text-overflow: ellipsis; }
.rtd-json-string { color: var(--rtd-json-string); white-space: pre-wrap; overflow-wrap: anywhere; }
.rtd-json-number, .rtd-json-bigint { color: var(--rtd-json-number); }
.rtd-json-boolean { color: var(--rtd-json-boolean); }
.rtd-json-null { color: var(--rtd-json-null); }
.rtd-facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; padding: 8px; }
.rtd-fact { display: contents; }
.rtd-facts dt { color: var(--rtd-text-dim); }
.rtd-facts dd { margin: 0; font-family: var(--rtd-mono); font-size: 11px; overflow-wrap: anywhere; user-select: text; }

/* Timeline */
.rtd-timeline { display: flex; flex-direction: column; height: 100%; min-width: 0; background: var(--rtd-bg); }
.rtd-timeline-toolbar { border-bottom: 1px solid var(--rtd-divider); color: var(--rtd-text-dim); font-size: 11px; }
.rtd-legend { display: inline-flex; align-items: center; gap: 6px; }
.rtd-legend-swatch { display: inline-block; width: 14px; height: 8px; border-radius: 2px; margin-left: 6px; }
.rtd-legend-swatch.rtd-tl-connecting { background: var(--rtd-tl-connecting); }
.rtd-legend-swatch.rtd-tl-open { background: var(--rtd-tl-open); }
.rtd-legend-gap { display: inline-block; width: 16px; height: 0; margin-left: 8px; border-top: 1.5px dashed var(--rtd-tl-gap); }
.rtd-timeline-scroll { flex: 1 1 auto; min-height: 0; overflow: auto; }
.rtd-timeline-svg { display: block; font-family: var(--rtd-font); font-size: 11px; user-select: none; }
.rtd-timeline-svg text { fill: var(--rtd-text); }
.rtd-tl-axis line { stroke: var(--rtd-border); }
.rtd-tl-axis text { fill: var(--rtd-text-faint); font-family: var(--rtd-mono); font-size: 10px; }
.rtd-tl-axis .rtd-tl-grid { stroke: var(--rtd-divider); stroke-dasharray: 2 3; }
.rtd-tl-lane-rule { stroke: var(--rtd-row-line); }
.rtd-tl-pannable { cursor: grab; }
.rtd-tl-label-rule { stroke: var(--rtd-divider); }
.rtd-tl-lane-label { cursor: zoom-in; }
.rtd-tl-lane-label:hover .rtd-tl-hit { fill: var(--rtd-bg-hover); }
.rtd-timeline-svg .rtd-tl-lane-name { fill: var(--rtd-text); font-size: 11.5px; }
.rtd-timeline-svg .rtd-tl-lane-summary { fill: var(--rtd-text-dim); font-family: var(--rtd-mono); font-size: 10px; }
.rtd-timeline-svg .rtd-tl-collapsed { display: none; }
.rtd-tl-attempt { cursor: pointer; }
.rtd-tl-hit { fill: transparent; }
.rtd-tl-attempt .rtd-tl-connecting { fill: var(--rtd-tl-connecting); }
.rtd-tl-attempt .rtd-tl-open { fill: var(--rtd-tl-open); }
.rtd-tl-attempt.rtd-state-closed .rtd-tl-open { fill: var(--rtd-tl-closed-open); }
.rtd-tl-attempt:hover .rtd-tl-open, .rtd-tl-attempt:hover .rtd-tl-connecting { filter: brightness(1.12); }
.rtd-tl-outline { fill: none; stroke: var(--rtd-text); stroke-width: 1.5; }
.rtd-timeline-svg .rtd-tl-end-label { fill: var(--rtd-text-dim); font-family: var(--rtd-mono); font-size: 10px; }
.rtd-timeline-svg .rtd-tl-attempt-label { fill: var(--rtd-text-faint); font-family: var(--rtd-mono); font-size: 9.5px; }
.rtd-tl-gap line { stroke: var(--rtd-tl-gap); stroke-width: 1.3; }
.rtd-tl-gap .rtd-tl-gap-line { stroke-dasharray: 3 2; }
.rtd-timeline-svg .rtd-tl-gap text { fill: var(--rtd-tl-gap); font-family: var(--rtd-mono); font-size: 10px; font-weight: 700; }
.rtd-timeline-svg .rtd-tl-empty { fill: var(--rtd-text-faint); }

/* Status bar and popover */
.rtd-statusbar {
  flex: none;
  display: flex;
  align-items: center;
  gap: 16px;
  height: 22px;
  padding: 0 8px;
  border-top: 1px solid var(--rtd-border);
  background: var(--rtd-bg-toolbar);
  color: var(--rtd-text-dim);
  font-size: 11px;
  white-space: nowrap;
}
.rtd-status-page { min-width: 0; max-width: 50%; margin-left: auto; overflow: hidden; text-overflow: ellipsis; color: var(--rtd-text-faint); }
.rtd-popover {
  position: absolute;
  top: 30px;
  right: 8px;
  z-index: 10;
  display: flex;
  flex-direction: column;
  width: min(600px, calc(100% - 16px));
  max-height: 65%;
  border: 1px solid var(--rtd-border);
  border-radius: 4px;
  background: var(--rtd-bg);
  box-shadow: 0 6px 20px var(--rtd-shadow);
}
.rtd-popover-body { flex: 1 1 auto; overflow: auto; }
.rtd-error-entry { padding: 6px 8px; border-bottom: 1px solid var(--rtd-divider); }
.rtd-error-title { display: flex; align-items: baseline; gap: 8px; overflow-wrap: anywhere; }
.rtd-error-title > .rtd-mono, .rtd-error-title > .rtd-badge { flex: none; }
.rtd-error-stack { max-height: 160px; overflow: auto; padding: 4px 0 0; color: var(--rtd-text-dim); font-size: 10.5px; }
`;

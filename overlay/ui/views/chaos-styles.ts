/**
 * Styles of the simulated-network views (Network tab, chaos banner, kill dialog, dropped and simulated rows),
 * rendered by `App` beside the main stylesheet. Under `.rtd-root` like it, so that nothing leaks into a page.
 */
export const CHAOS_CSS = `
.rtd-root {
  --rtd-chaos: #b0006d;
  --rtd-chaos-bg: #fde7f3;
}
.rtd-root[data-theme="dark"] {
  --rtd-chaos: #ff8ac8;
  --rtd-chaos-bg: #3a1a2c;
}
@media (prefers-color-scheme: dark) {
  .rtd-root[data-theme="auto"] {
    --rtd-chaos: #ff8ac8;
    --rtd-chaos-bg: #3a1a2c;
  }
}
.rtd-root .rtd-banner-chaos { background: var(--rtd-chaos-bg); color: var(--rtd-chaos); font-weight: 600; }
.rtd-root .rtd-banner-chaos::before { content: "⚡"; }
.rtd-root .rtd-banner-chaos .rtd-link-button { color: var(--rtd-chaos); font-weight: 400; }
.rtd-root .rtd-chaos-dot {
  display: inline-block;
  width: 7px;
  height: 7px;
  margin-left: 5px;
  border-radius: 50%;
  background: var(--rtd-chaos);
  vertical-align: middle;
}
.rtd-root .rtd-chaos-tag {
  display: inline-block;
  margin-right: 6px;
  padding: 0 5px;
  border-radius: 3px;
  background: var(--rtd-chaos-bg);
  color: var(--rtd-chaos);
  font-family: var(--rtd-font);
  font-size: 10.5px;
  font-weight: 600;
  text-decoration: none;
}
.rtd-root .rtd-chaos-dropped .rtd-preview-text,
.rtd-root .rtd-chaos-dropped .rtd-col-size { color: var(--rtd-text-faint); text-decoration: line-through; }
.rtd-root .rtd-network { display: flex; flex-direction: column; height: 100%; min-height: 0; }
.rtd-root .rtd-network-body {
  flex: 1 1 auto;
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(380px, 1fr));
  align-content: start;
  gap: 0 28px;
  overflow: auto;
  padding: 4px 12px 12px;
}
.rtd-root .rtd-chaos-active-text { color: var(--rtd-chaos); font-weight: 600; }
.rtd-root .rtd-chaos-group {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 6px 14px;
  padding: 8px 0;
  border-bottom: 1px solid var(--rtd-divider);
}
.rtd-root .rtd-chaos-heading { flex: 0 0 100%; color: var(--rtd-text-dim); font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.03em; }
.rtd-root .rtd-chaos-line { display: flex; flex: 0 0 100%; flex-wrap: wrap; align-items: center; gap: 6px 14px; }
.rtd-root .rtd-chaos-field { display: inline-flex; align-items: center; gap: 5px; }
.rtd-root .rtd-chaos-field-label { color: var(--rtd-text-dim); }
.rtd-root .rtd-chaos-number,
.rtd-root .rtd-chaos-text {
  height: 22px;
  padding: 0 5px;
  border: 1px solid var(--rtd-border);
  border-radius: 3px;
  background: var(--rtd-bg);
  color: var(--rtd-text);
  font: inherit;
}
.rtd-root .rtd-chaos-number { width: 72px; font-family: var(--rtd-mono); }
.rtd-root .rtd-chaos-text { width: 200px; }
.rtd-root .rtd-chaos-invalid { border-color: var(--rtd-error); outline-color: var(--rtd-error); }
.rtd-root .rtd-chaos-unit { color: var(--rtd-text-faint); }
.rtd-root .rtd-kill-button {
  flex: none;
  margin-left: auto;
  padding: 0 5px;
  border: 1px solid transparent;
  border-radius: 3px;
  background: none;
  color: var(--rtd-chaos);
  font-size: 10.5px;
  cursor: pointer;
  opacity: 0.65;
}
.rtd-root .rtd-conn-row:hover .rtd-kill-button,
.rtd-root .rtd-kill-button:focus-visible { opacity: 1; border-color: var(--rtd-chaos); }
.rtd-root .rtd-kill-dialog {
  flex: none;
  display: flex;
  flex-direction: column;
  gap: 6px;
  padding: 8px 10px;
  border-top: 2px solid var(--rtd-chaos);
  background: var(--rtd-bg-toolbar);
}
.rtd-root .rtd-kill-dialog .rtd-chaos-text { width: auto; }
.rtd-root .rtd-kill-title { font-weight: 600; }
.rtd-root .rtd-kill-actions { display: flex; gap: 6px; }
.rtd-root .rtd-tl-chaos line { stroke: var(--rtd-chaos); stroke-width: 1.5; stroke-dasharray: 3 2; }
.rtd-root .rtd-tl-chaos text { fill: var(--rtd-chaos); font-size: 10px; font-weight: 600; }
.rtd-root .rtd-tl-chaos-band { fill: var(--rtd-chaos); opacity: 0.08; pointer-events: none; }
`;

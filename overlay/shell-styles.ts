/**
 * Styles of the overlay's host, launcher and panel frame, inside its shadow root.
 *
 * `:host` declarations are `!important` on purpose: for important declarations the shadow tree's context wins over
 * the page's (CSS Cascade 5, "Context"), so a page rule such as `* { color: red !important; font-size: 40px }` or
 * `realtime-devtools-overlay { display: none !important }` can neither restyle nor hide the tool. `all: initial`
 * cuts inheritance from the page; the host is fixed and zero-sized, so it takes no room in the page's layout.
 */
export const SHELL_CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: fixed !important;
  top: 0 !important;
  left: 0 !important;
  width: 0 !important;
  height: 0 !important;
  margin: 0 !important;
  padding: 0 !important;
  border: 0 !important;
  overflow: visible !important;
  z-index: 2147483647 !important;
  pointer-events: none !important;
  visibility: visible !important;
  opacity: 1 !important;
  transform: none !important;
  contain: style !important;
}
.launcher, .panel { pointer-events: auto; box-sizing: border-box; }
.launcher {
  position: fixed;
  display: inline-flex;
  align-items: center;
  gap: 6px;
  height: 30px;
  padding: 0 11px 0 9px;
  border: 1px solid rgba(0, 0, 0, 0.18);
  border-radius: 15px;
  background: #ffffff;
  color: #1f1f1f;
  box-shadow: 0 2px 10px rgba(0, 0, 0, 0.22);
  font: 600 12px/1 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, "Noto Sans", "DejaVu Sans", sans-serif;
  cursor: pointer;
  user-select: none;
  touch-action: none;
}
.launcher[hidden] { display: none; }
.launcher:hover { box-shadow: 0 3px 14px rgba(0, 0, 0, 0.3); }
.launcher:focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
.launcher.dragging { cursor: grabbing; }
.launcher-mark {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  width: 18px;
  height: 18px;
  border-radius: 50%;
  background: #80868b;
  color: #ffffff;
  font-size: 11px;
}
.launcher.live .launcher-mark { background: #1e8e3e; }
.launcher-count { min-width: 8px; font-variant-numeric: tabular-nums; }
.panel {
  position: fixed;
  left: 0;
  right: 0;
  bottom: 0;
  display: flex;
  flex-direction: column;
  min-height: 120px;
  border-top: 1px solid rgba(0, 0, 0, 0.25);
  background: #ffffff;
  box-shadow: 0 -4px 16px rgba(0, 0, 0, 0.18);
}
.panel[hidden] { display: none; }
.resize-handle { position: absolute; top: -4px; left: 0; right: 0; height: 7px; z-index: 1; cursor: ns-resize; touch-action: none; }
.ui-root { flex: 1 1 auto; min-height: 0; }
.load-error { padding: 12px; color: #c5221f; font: 12px/1.4 system-ui, sans-serif; }
@media (prefers-color-scheme: dark) {
  .launcher { background: #292a2d; color: #e3e3e3; border-color: rgba(255, 255, 255, 0.16); }
  .launcher.live .launcher-mark { background: #34a853; }
  .panel { background: #1f1f1f; border-top-color: rgba(255, 255, 255, 0.2); }
  .load-error { color: #f28b82; }
}
`;

/** Export dialog, import banner and import errors (scoped under `.rtd-root` like the rest of the UI). */
export const TRACE_CSS = `
.rtd-root .rtd-import-body { display: contents; }
.rtd-root .rtd-import-banner {
  flex: none;
  display: flex;
  align-items: center;
  gap: 8px;
  padding: 4px 8px;
  background: var(--rtd-info-bg);
  border-bottom: 1px solid var(--rtd-border);
  flex-wrap: wrap;
}
.rtd-root .rtd-import-badge {
  padding: 0 6px;
  border-radius: 3px;
  background: var(--rtd-accent);
  color: var(--rtd-on-accent);
  font-size: 10.5px;
  font-weight: 600;
  text-transform: uppercase;
}
.rtd-root .rtd-import-headline { font-weight: 600; }
.rtd-root .rtd-import-error {
  flex: none;
  padding: 6px 10px;
  background: var(--rtd-error-bg);
  color: var(--rtd-error);
  border-bottom: 1px solid var(--rtd-border);
  max-height: 40%;
  overflow: auto;
}
.rtd-root .rtd-import-error ul { margin: 4px 0 0; padding-left: 18px; font-size: 11.5px; }
.rtd-root .rtd-import-opening { flex: none; padding: 4px 8px; }
.rtd-root .rtd-file-button { position: relative; display: inline-flex; align-items: center; }
.rtd-root .rtd-file-button input { position: absolute; width: 1px; height: 1px; opacity: 0; pointer-events: none; }
.rtd-root .rtd-file-button:focus-within { outline: 2px solid var(--rtd-accent); }
.rtd-root .rtd-export-dialog {
  position: absolute;
  top: 60px;
  right: 12px;
  z-index: 20;
  width: min(560px, calc(100% - 24px));
  max-height: calc(100% - 72px);
  overflow: auto;
  display: flex;
  flex-direction: column;
  gap: 8px;
  padding: 10px 12px;
  background: var(--rtd-bg);
  border: 1px solid var(--rtd-border);
  border-radius: 6px;
  box-shadow: 0 6px 24px rgba(0, 0, 0, 0.25);
}
.rtd-root .rtd-export-title { display: flex; align-items: center; font-weight: 600; font-size: 13px; }
.rtd-root .rtd-export-heading { font-weight: 600; margin-bottom: 4px; }
.rtd-root .rtd-export-line { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.rtd-root .rtd-export-label { width: 48px; color: var(--rtd-text-dim); }
.rtd-root .rtd-export-number { width: 64px; }
.rtd-root .rtd-export-input { flex: 1; min-width: 160px; font-family: var(--rtd-mono); }
.rtd-root .rtd-export-invalid { outline: 1px solid var(--rtd-error); }
.rtd-root .rtd-export-report {
  padding: 6px 8px;
  border: 1px solid var(--rtd-divider);
  border-radius: 4px;
  background: var(--rtd-bg-header);
}
.rtd-root .rtd-export-report ul,
.rtd-root .rtd-export-rule-list { margin: 4px 0; padding-left: 18px; }
.rtd-root .rtd-export-samples li { overflow-wrap: anywhere; }
.rtd-root .rtd-export-error { color: var(--rtd-error); }
.rtd-root .rtd-export-danger { padding: 4px 8px; border-radius: 4px; background: var(--rtd-warn-bg); color: var(--rtd-warn); font-weight: 600; }
.rtd-root .rtd-export-off { align-self: flex-start; }
`;

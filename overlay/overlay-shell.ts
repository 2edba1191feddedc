import type { RealtimeDevtoolsApi } from '../instrumentation/api';
import { chaosBadgeText, chaosSummary } from './ui/store/chaos-summary';
import { createLauncher, type Launcher } from './launcher';
import { loadDevtoolsUi } from './lazy-ui';
import { createOverlayWall } from './overlay-wall';
import { isBoolean, isFiniteNumber, readSetting, writeSetting } from './persisted';
import { SHELL_CSS } from './shell-styles';

const HOST_TAG = 'realtime-devtools-overlay';
const OPEN_SETTING = 'open';
const HEIGHT_SETTING = 'panel-height';
const MIN_PANEL_PX = 120;
/** Room left above the panel, so that its resize handle can always be reached. */
const TOP_MARGIN_PX = 40;
const COUNT_REFRESH_MS = 1000;
/** Marks a window whose overlay is already running: the script may be included twice. */
const STARTED = Symbol.for('realtime-devtools:overlay');

/** Alt+Shift+R, matched on the physical key: on macOS Alt changes `key` (to "‰"). */
function isToggleShortcut(event: KeyboardEvent): boolean {
  return event.code === 'KeyR' && event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey;
}

function clampHeight(height: number, viewportHeight: number): number {
  return Math.round(Math.min(Math.max(MIN_PANEL_PX, height), Math.max(MIN_PANEL_PX, viewportHeight - TOP_MARGIN_PX)));
}

class OverlayShell {
  private readonly host: HTMLElement;
  private readonly panel: HTMLDivElement;
  private readonly uiRoot: HTMLDivElement;
  private readonly launcher: Launcher;
  private open = false;
  private unmountUi: (() => void) | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly doc: Document,
    private readonly api: RealtimeDevtoolsApi,
  ) {
    this.host = doc.createElement(HOST_TAG);
    const shadow = this.host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = SHELL_CSS;
    this.launcher = createLauncher(doc, () => this.toggle());
    this.panel = doc.createElement('div');
    this.panel.className = 'panel';
    this.panel.hidden = true;
    this.panel.setAttribute('data-testid', 'rtd-overlay-panel');
    const handle = doc.createElement('div');
    handle.className = 'resize-handle';
    handle.setAttribute('role', 'separator');
    handle.setAttribute('aria-orientation', 'horizontal');
    handle.setAttribute('aria-label', 'Resize Realtime DevTools');
    this.uiRoot = doc.createElement('div');
    this.uiRoot.className = 'ui-root';
    this.panel.append(handle, this.uiRoot);
    shadow.append(style, this.launcher.element, this.panel);
    this.makeResizable(handle);
    this.keepKeysFromPage();
  }

  /** Appended after <body>, as a child of <html>, so that no `body > …` rule of the page matches it. */
  attach(): void {
    this.doc.documentElement.append(this.host);
    this.applyHeight(readSetting(HEIGHT_SETTING, isFiniteNumber) ?? Math.round((this.doc.defaultView?.innerHeight ?? 600) * 0.42));
    this.refreshCount();
    setInterval(() => this.refreshCount(), COUNT_REFRESH_MS);
    if (readSetting(OPEN_SETTING, isBoolean)) this.show();
  }

  toggle(): void {
    if (this.open) this.hide();
    else this.show();
  }

  private show(): void {
    this.open = true;
    writeSetting(OPEN_SETTING, true);
    this.panel.hidden = false;
    this.launcher.setHidden(true);
    this.loading ??= this.mountUi();
  }

  private hide(): void {
    this.open = false;
    writeSetting(OPEN_SETTING, false);
    this.panel.hidden = true;
    this.launcher.setHidden(false);
    this.refreshCount();
    // The UI detaches on unmount: a closed overlay makes the page stream nothing.
    this.unmountUi?.();
    this.unmountUi = undefined;
    this.loading = undefined;
  }

  private async mountUi(): Promise<void> {
    try {
      const { mountDevtoolsUi } = await loadDevtoolsUi();
      if (!this.open || this.unmountUi) return;
      this.uiRoot.replaceChildren();
      this.unmountUi = mountDevtoolsUi(this.uiRoot, createOverlayWall(this.api), { shell: 'overlay', theme: 'auto', onClose: () => this.hide() });
    } catch (error) {
      const message = this.doc.createElement('div');
      message.className = 'load-error';
      message.textContent = `Realtime DevTools could not load its UI: ${error instanceof Error ? error.message : String(error)}`;
      this.uiRoot.replaceChildren(message);
      this.loading = undefined;
    }
  }

  private refreshCount(): void {
    if (this.open || this.doc.visibilityState === 'hidden') return;
    const connections = this.api.connections();
    this.launcher.setOpenCount(connections.filter((info) => info.state === 'open').length, connections.length);
    const chaos = this.api.chaos.get();
    const summary = chaosSummary(chaos);
    this.launcher.setChaos(summary === null ? null : { badge: chaosBadgeText(chaos), summary });
  }

  private applyHeight(height: number): number {
    const clamped = clampHeight(height, this.doc.defaultView?.innerHeight ?? height + TOP_MARGIN_PX);
    this.panel.style.height = `${clamped}px`;
    return clamped;
  }

  private makeResizable(handle: HTMLElement): void {
    let drag: { y: number; height: number } | undefined;
    handle.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      handle.setPointerCapture(event.pointerId);
      drag = { y: event.clientY, height: this.panel.getBoundingClientRect().height };
      event.preventDefault();
    });
    handle.addEventListener('pointermove', (event) => {
      if (drag) this.applyHeight(drag.height + (drag.y - event.clientY));
    });
    const end = (): void => {
      if (!drag) return;
      drag = undefined;
      writeSetting(HEIGHT_SETTING, this.panel.getBoundingClientRect().height);
    };
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
  }

  /**
   * Key events are composed: typed into the overlay's search box they would reach the page's own shortcuts
   * (a `/` that focuses the page's search, `j`/`k` navigation). They stop at the host; the toggle shortcut is seen
   * earlier, by the window's capture listener.
   */
  private keepKeysFromPage(): void {
    const stop = (event: Event): void => event.stopPropagation();
    for (const type of ['keydown', 'keyup', 'keypress'] as const) this.host.addEventListener(type, stop);
  }
}

/**
 * Shows the launcher as soon as there is a <body> (the script may run in <head>, before it exists) and listens for
 * Alt+Shift+R from then on. Running twice in one window does nothing the second time.
 */
export function startOverlay(api: RealtimeDevtoolsApi, doc: Document = document): void {
  const win = doc.defaultView as (Window & { [STARTED]?: true }) | null;
  if (!win || win[STARTED]) return;
  win[STARTED] = true;
  const shell = new OverlayShell(doc, api);
  const attach = (): void => shell.attach();
  if (doc.body) attach();
  else doc.addEventListener('DOMContentLoaded', attach, { once: true });
  // Capture phase on window: a page handler that stops the event cannot swallow the shortcut.
  win.addEventListener('keydown', (event) => {
    if (!isToggleShortcut(event)) return;
    event.preventDefault();
    shell.toggle();
  }, true);
}

import { isFiniteNumber, readSetting, writeSetting } from './persisted';

/** Distances from the viewport's right and bottom edges, so that the button stays in its corner on resize. */
interface LauncherPosition {
  right: number;
  bottom: number;
}

const POSITION_SETTING = 'launcher-position';
const DEFAULT_POSITION: LauncherPosition = { right: 16, bottom: 16 };
/** Pointer travel that turns a press into a drag rather than a click. */
const DRAG_THRESHOLD_PX = 4;
const EDGE_MARGIN_PX = 4;

const isPosition = (value: unknown): value is LauncherPosition =>
  typeof value === 'object' && value !== null && isFiniteNumber((value as LauncherPosition).right) && isFiniteNumber((value as LauncherPosition).bottom);

export interface Launcher {
  element: HTMLButtonElement;
  setOpenCount(open: number, total: number): void;
  /** Simulated network conditions in force: a short badge (`OFF`, `SLOW`) and the sentence for the title; null when none. */
  setChaos(chaos: { badge: string; summary: string } | null): void;
  setHidden(hidden: boolean): void;
}

/**
 * The small floating button that opens the overlay: plain DOM, so that the page pays for no framework until the
 * user opens the UI. It can be dragged anywhere; a press that does not move is a click.
 */
export function createLauncher(doc: Document, onActivate: () => void): Launcher {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'launcher';
  button.setAttribute('data-testid', 'rtd-launcher');
  button.setAttribute('aria-label', 'Open Realtime DevTools (Alt+Shift+R)');
  const mark = doc.createElement('span');
  mark.className = 'launcher-mark';
  mark.textContent = '⇅';
  const count = doc.createElement('span');
  count.className = 'launcher-count';
  count.setAttribute('data-testid', 'rtd-launcher-count');
  count.textContent = '0';
  // Styled inline: the shell's stylesheet belongs to the overlay's frame, and this badge is the launcher's alone.
  const chaosBadge = doc.createElement('span');
  chaosBadge.setAttribute('data-testid', 'rtd-launcher-chaos');
  chaosBadge.hidden = true;
  Object.assign(chaosBadge.style, {
    padding: '2px 5px',
    borderRadius: '8px',
    background: '#b0006d',
    color: '#ffffff',
    fontSize: '10px',
    letterSpacing: '0.04em',
  });
  button.append(mark, count, chaosBadge);
  let countTitle = '';
  let chaosTitle = '';
  const updateTitle = (): void => {
    button.title = [countTitle, chaosTitle].filter(Boolean).join('\n');
  };

  let position = readSetting(POSITION_SETTING, isPosition) ?? DEFAULT_POSITION;
  const place = (): void => {
    const view = doc.defaultView;
    const maxRight = Math.max(EDGE_MARGIN_PX, (view?.innerWidth ?? 0) - button.offsetWidth - EDGE_MARGIN_PX);
    const maxBottom = Math.max(EDGE_MARGIN_PX, (view?.innerHeight ?? 0) - button.offsetHeight - EDGE_MARGIN_PX);
    button.style.right = `${Math.min(Math.max(EDGE_MARGIN_PX, position.right), maxRight)}px`;
    button.style.bottom = `${Math.min(Math.max(EDGE_MARGIN_PX, position.bottom), maxBottom)}px`;
  };
  place();
  doc.defaultView?.addEventListener('resize', place);

  let press: { x: number; y: number; start: LauncherPosition; dragging: boolean } | undefined;
  button.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    press = { x: event.clientX, y: event.clientY, start: position, dragging: false };
    button.setPointerCapture(event.pointerId);
  });
  button.addEventListener('pointermove', (event) => {
    if (!press) return;
    const dx = event.clientX - press.x;
    const dy = event.clientY - press.y;
    if (!press.dragging && Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) return;
    press.dragging = true;
    button.classList.add('dragging');
    position = { right: press.start.right - dx, bottom: press.start.bottom - dy };
    place();
  });
  button.addEventListener('pointerup', () => {
    if (press?.dragging) {
      writeSetting(POSITION_SETTING, position);
      button.classList.remove('dragging');
    }
  });
  button.addEventListener('pointercancel', () => {
    press = undefined;
    button.classList.remove('dragging');
  });
  // Keyboard activation and a press that did not move both arrive as a click; a drag's trailing click is dropped.
  button.addEventListener('click', () => {
    const wasDrag = press?.dragging ?? false;
    press = undefined;
    if (!wasDrag) onActivate();
  });

  return {
    element: button,
    setOpenCount(open, total) {
      count.textContent = String(open);
      button.classList.toggle('live', open > 0);
      countTitle = `Realtime DevTools: ${open} open connection${open === 1 ? '' : 's'}, ${total} seen (Alt+Shift+R)`;
      updateTitle();
    },
    setChaos(chaos) {
      chaosBadge.hidden = chaos === null;
      chaosBadge.textContent = chaos?.badge ?? '';
      chaosTitle = chaos?.summary ?? '';
      updateTitle();
    },
    setHidden(hidden) {
      button.hidden = hidden;
      if (!hidden) place();
    },
  };
}

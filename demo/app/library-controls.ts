import type { LibraryName, LibraryStatus } from '../shared/libraries-protocol.js';
import { byId } from './dom.js';

const LIBRARIES: LibraryName[] = ['socketio', 'pusher', 'ably'];
/** Another tab may crash a server too; a light poll keeps every tab's buttons right. */
const REFRESH_EVERY_MS = 2000;

function render(status: Record<LibraryName, LibraryStatus>): void {
  for (const library of LIBRARIES) {
    const { up, clients } = status[library];
    const state = byId(`${library}-server-state`);
    state.dataset.tone = up ? 'ok' : 'down';
    state.textContent = up ? `up · ${clients} connection${clients === 1 ? '' : 's'}` : 'down';
    byId<HTMLButtonElement>(`${library}-kill`).disabled = !up;
    byId<HTMLButtonElement>(`${library}-restart`).disabled = up;
  }
}

async function call(method: 'GET' | 'POST', path: string): Promise<void> {
  const response = await fetch(path, { method });
  if (response.ok) render((await response.json()) as Record<LibraryName, LibraryStatus>);
}

/** Kill / Restart for each library's server, to watch backoff, resume and the offline queue. */
export function setUpLibraryControls(): void {
  for (const library of LIBRARIES) {
    for (const action of ['kill', 'restart'] as const) {
      byId(`${library}-${action}`).addEventListener('click', () => void call('POST', `/libraries/${library}/${action}`).catch(() => undefined));
    }
  }
  const refresh = (): void => void call('GET', '/libraries/status').catch(() => undefined);
  refresh();
  setInterval(refresh, REFRESH_EVERY_MS);
}

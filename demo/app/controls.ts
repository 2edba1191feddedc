import type { DemoStatus, ServiceName } from '../shared/control-protocol.js';
import { byId } from './dom.js';

const SERVICES: ServiceName[] = ['ws', 'sse'];
/** Another tab may crash a server too; a light poll keeps every tab's buttons right. */
const REFRESH_EVERY_MS = 2000;

function render(status: DemoStatus): void {
  for (const service of SERVICES) {
    const { up, clients } = status[service];
    const state = byId(`${service}-server-state`);
    state.dataset.tone = up ? 'ok' : 'down';
    state.textContent = up ? `up · ${clients} client${clients === 1 ? '' : 's'}` : 'down';
    byId<HTMLButtonElement>(`${service}-kill`).disabled = !up;
    byId<HTMLButtonElement>(`${service}-restart`).disabled = up;
  }
}

async function call(method: 'GET' | 'POST', path: string): Promise<void> {
  const response = await fetch(path, { method });
  if (response.ok) render((await response.json()) as DemoStatus);
}

/** The demo's own "server controls": crash a server and bring it back, to watch the app reconnect. */
export function setUpServerControls(): void {
  for (const service of SERVICES) {
    for (const action of ['kill', 'restart'] as const) {
      byId(`${service}-${action}`).addEventListener('click', () => void call('POST', `/control/${service}/${action}`).catch(() => undefined));
    }
  }
  const refresh = (): void => void call('GET', '/control/status').catch(() => undefined);
  refresh();
  setInterval(refresh, REFRESH_EVERY_MS);
}

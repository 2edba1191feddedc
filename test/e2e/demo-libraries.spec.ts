/**
 * The demo's Libraries page (`npm start` → /libraries.html), as a newcomer uses it: the real socket.io-client,
 * pusher-js, ably and @tanstack/query-core against the local fixture servers, watched by the overlay it includes.
 */
import { expect, test, type Page } from '@playwright/test';
import type { RealtimeDevtoolsApi } from '../../instrumentation/api';
import type { ClientEvent, ClientInfo, PresenceSet } from '../../instrumentation/protocol';
import { startDemo, type RunningDemo } from '../../demo/serve';

let demo: RunningDemo;

test.beforeAll(async () => {
  demo = await startDemo({ port: 0 });
});

test.afterAll(async () => {
  await demo.close();
});

interface Observed {
  clients: ClientInfo[];
  presence: PresenceSet[];
  clientEvents: ClientEvent[];
}

function observed(page: Page): Promise<Observed> {
  return page.evaluate(() => {
    const api = (window as unknown as Record<string, RealtimeDevtoolsApi | undefined>)['__REALTIME_DEVTOOLS__'];
    if (!api) throw new Error('the overlay did not install window.__REALTIME_DEVTOOLS__');
    const clientEvents = api.events().filter((event): event is ClientEvent => event.type === 'client');
    return { clients: api.clients(), presence: api.presence(), clientEvents };
  });
}

async function openLibrariesPage(page: Page): Promise<void> {
  await page.goto(`${demo.url}libraries.html?user=tester`);
  for (const library of ['Socket.IO', 'Pusher', 'Ably']) {
    await expect(page.locator('.statuses .status', { hasText: library })).toHaveText(new RegExp(`^${library}: connected`), { timeout: 20_000 });
  }
}

test('the three libraries are found without app changes, and a second user shows in every presence set', async ({ page }) => {
  await openLibrariesPage(page);
  await expect.poll(async () => (await observed(page)).clients.map((client) => `${client.library}:${client.state}`).sort()).toEqual([
    'ably:connected',
    'pusher:connected',
    'socket.io:connected',
  ]);

  await page.getByRole('button', { name: 'Join as a second user' }).click();
  // Each of the first user's clients sees both members (the second user's clients are observed too).
  for (const library of ['socket.io', 'pusher', 'ably'] as const) {
    await expect
      .poll(async () => (await observed(page)).presence.some((set) => set.library === library && ['tester', 'tester-2'].every((id) => set.members.some((member) => member.id === id))), { timeout: 20_000, message: library })
      .toBe(true);
  }
  await expect(page.locator('#pusher-members')).toContainText('tester-2');
});

test('a new todo reaches the list through todo:created → invalidate → refetch', async ({ page }) => {
  await openLibrariesPage(page);
  await expect(page.locator('#todos li').first()).toBeVisible();
  // The list renders the query's data only, so the todo shows as sent only once the event made the query refetch.
  await page.getByLabel('New todo').fill('Water the plants');
  await page.getByLabel('New todo').press('Enter');
  await expect(page.locator('#todos li:not([data-pending])', { hasText: 'Water the plants' })).toBeVisible();
});

test('killing the Socket.IO server shows the library backoff, and it reconnects after a restart', async ({ page }) => {
  await openLibrariesPage(page);
  await page.locator('#socketio-kill').click();
  await expect(page.locator('#socketio-status')).toHaveText(/Socket.IO: (transport close|reconnecting)/, { timeout: 10_000 });
  await expect
    .poll(async () => (await observed(page)).clientEvents.filter((event) => event.library === 'socket.io' && event.kind === 'reconnect-scheduled').length, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(2);
  const delays = (await observed(page)).clientEvents
    .filter((event) => event.library === 'socket.io' && event.kind === 'reconnect-scheduled')
    .map((event) => event.delayMs ?? -1);
  // The page asked for reconnectionDelay 500 / max 5000 with socket.io's default ±50 % jitter.
  for (const delay of delays) {
    expect(delay).toBeGreaterThanOrEqual(250);
    expect(delay).toBeLessThanOrEqual(5000);
  }

  await page.locator('#socketio-restart').click();
  await expect(page.locator('#socketio-status')).toHaveText(/^Socket.IO: connected/, { timeout: 20_000 });
});

test('Ably resumes its connection after its server comes back', async ({ page }) => {
  await openLibrariesPage(page);
  await page.locator('#ably-kill').click();
  await expect(page.locator('#ably-status')).toHaveText(/^Ably: (disconnected|connecting)/, { timeout: 15_000 });
  await page.locator('#ably-restart').click();
  await expect(page.locator('#ably-status')).toHaveText('Ably: connected (resumed)', { timeout: 30_000 });
  await expect.poll(async () => (await observed(page)).clientEvents.some((event) => event.library === 'ably' && event.kind === 'resumed'), { timeout: 10_000 }).toBe(true);
});

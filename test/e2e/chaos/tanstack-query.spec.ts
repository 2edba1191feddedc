/**
 * TanStack Query's offline queue under the chaos toggle: its `onlineManager` follows the window's `offline` and
 * `online` events, so a mutation made while the tool says offline must pause, reach nothing, and replay by itself
 * once the tool says online. The real `@tanstack/query-core` ES module build runs in the page.
 */
import { expect, test } from '../../../instrumentation/playwright-fixture';
import { startChaosServer, type ChaosServer } from './chaos-server';

let server: ChaosServer;

test.beforeAll(async () => {
  server = await startChaosServer();
});

test.afterAll(async () => {
  await server?.close();
});

interface QueryPage {
  ready: boolean;
  mutate(title: string): void;
  mutations(): { status: string; isPaused: boolean; variables: unknown }[];
}

// The unbundled build reads process.env.NODE_ENV, which an app's bundler replaces; the page defines it instead.
const APP = `<!doctype html><meta charset="utf-8"><script>window.process = { env: { NODE_ENV: 'production' } };</script>
<script type="module">
  import { MutationObserver, QueryClient } from '/lib/query-core/index.js';
  const client = new QueryClient();
  // Mounting subscribes the client to onlineManager, which resumes paused mutations when the window is online.
  client.mount();
  const postTodo = (todo) => fetch('/api/todos', { method: 'POST', body: JSON.stringify(todo) }).then((response) => response.json());
  window.mutate = (title) => { new MutationObserver(client, { mutationFn: postTodo }).mutate({ title }).catch(() => {}); };
  window.mutations = () => client.getMutationCache().getAll().map((mutation) => ({
    status: mutation.state.status, isPaused: mutation.state.isPaused, variables: mutation.state.variables,
  }));
  window.ready = true;
</script>`;

test('a mutation made while offline pauses, sends nothing, and replays when online', async ({ page, realtime }) => {
  await page.goto(server.page('/tanstack.html', APP));
  await expect.poll(() => page.evaluate(() => (window as unknown as QueryPage).ready === true)).toBe(true);

  await realtime.goOffline();
  await page.evaluate(() => (window as unknown as QueryPage).mutate('written offline'));
  await expect.poll(() => page.evaluate(() => (window as unknown as QueryPage).mutations())).toEqual([
    { status: 'pending', isPaused: true, variables: { title: 'written offline' } },
  ]);
  await page.waitForTimeout(300);
  expect(server.todos()).toEqual([]);

  await realtime.goOnline();
  await expect.poll(() => page.evaluate(() => (window as unknown as QueryPage).mutations())).toEqual([
    { status: 'success', isPaused: false, variables: { title: 'written offline' } },
  ]);
  expect(server.todos()).toEqual([{ title: 'written offline' }]);
});

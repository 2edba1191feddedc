import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { RealtimeDevtoolsApi } from '../../instrumentation/api';
import type { ConnectionInfo, FrameEvent } from '../../instrumentation/protocol';
import { OVERLAY_DIST, startDemo, type RunningDemo } from '../../demo/serve';

let demo: RunningDemo;

test.beforeAll(async () => {
  demo = await startDemo({ port: 0 });
});

test.afterAll(async () => {
  await demo.close();
});

const chatStatus = (page: Page) => page.locator('#chat-status');
const feedStatus = (page: Page) => page.locator('#feed-status');

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

async function lastFeedEventId(page: Page): Promise<number> {
  const text = (await page.locator('#feed-last-id').textContent()) ?? '';
  return Number(/#(\d+)/.exec(text)?.[1] ?? Number.NaN);
}

function devtoolsState(page: Page): Promise<{ connections: ConnectionInfo[]; frames: FrameEvent[] }> {
  return page.evaluate(() => {
    const api = (window as unknown as Record<string, RealtimeDevtoolsApi | undefined>)['__REALTIME_DEVTOOLS__'];
    if (!api) throw new Error('the overlay did not install window.__REALTIME_DEVTOOLS__');
    return { connections: api.connections(), frames: api.frames() };
  });
}

test('the demo chat echoes messages, queues them while the server is down, and reconnects with backoff', async ({ page }) => {
  await page.goto(`${demo.url}?user=Tester`);
  await expect(chatStatus(page)).toHaveText(/^Chat: connected/);

  await send(page, 'hello from the test');
  await expect(page.locator('.message[data-state="delivered"]', { hasText: 'hello from the test' })).toBeVisible();
  await expect(page.locator('#members')).toContainText('Tester');

  await page.getByRole('button', { name: 'Kill chat server' }).click();
  await expect(chatStatus(page)).toHaveText(/^Chat: offline \(closed 1006\) — attempt 1 in/);

  await send(page, 'sent while offline');
  await expect(page.locator('.message[data-state="pending"]', { hasText: 'sent while offline' })).toBeVisible();
  await expect(page.locator('#outbox')).toHaveText(/1 message queued/);

  await page.getByRole('button', { name: 'Restart chat server' }).click();
  await expect(chatStatus(page)).toHaveText(/^Chat: connected/, { timeout: 20_000 });
  await expect(page.locator('.message[data-state="delivered"]', { hasText: 'sent while offline' })).toBeVisible();
  await expect(page.locator('#outbox')).toBeHidden();
  // Delivered once: the resent message is acknowledged, not posted twice.
  await expect(page.locator('.message', { hasText: 'sent while offline' })).toHaveCount(1);
});

test('the demo feed streams named events and resumes from Last-Event-ID after its server is killed and restarted', async ({ page }) => {
  await page.goto(`${demo.url}?user=Reader`);
  await expect(feedStatus(page)).toHaveText('Feed: live');
  await expect(page.locator('#prices tr')).toHaveCount(5);
  const firstId = await lastFeedEventId(page);
  await expect.poll(() => lastFeedEventId(page)).toBeGreaterThan(firstId);

  await page.getByRole('button', { name: 'Kill feed server' }).click();
  await expect(feedStatus(page)).toHaveText('Feed: reconnecting…');
  const idWhenKilled = await lastFeedEventId(page);
  // Events keep happening on the server while the stream is down.
  await page.waitForTimeout(2500);
  await page.getByRole('button', { name: 'Restart feed server' }).click();
  await expect(feedStatus(page)).toHaveText('Feed: live', { timeout: 15_000 });
  await expect.poll(() => lastFeedEventId(page)).toBeGreaterThan(idWhenKilled + 2);
});

test('the overlay in the demo page sees the chat socket reconnect and every feed event across the resume', async ({ page }) => {
  test.skip(!existsSync(resolve(OVERLAY_DIST, 'realtime-devtools-overlay.js')), 'needs `npm run build` (npm test builds first)');
  await page.goto(`${demo.url}?user=Watcher`);
  await expect(chatStatus(page)).toHaveText(/^Chat: connected/);
  await expect(feedStatus(page)).toHaveText('Feed: live');

  await page.getByRole('button', { name: 'Kill chat server' }).click();
  await page.getByRole('button', { name: 'Kill feed server' }).click();
  await expect(chatStatus(page)).toHaveText(/^Chat: offline/);
  await expect(feedStatus(page)).toHaveText('Feed: reconnecting…');
  await page.getByRole('button', { name: 'Restart chat server' }).click();
  await page.getByRole('button', { name: 'Restart feed server' }).click();
  await expect(chatStatus(page)).toHaveText(/^Chat: connected/, { timeout: 20_000 });
  await expect(feedStatus(page)).toHaveText('Feed: live', { timeout: 15_000 });
  const resumedAt = await lastFeedEventId(page);
  await expect.poll(() => lastFeedEventId(page)).toBeGreaterThan(resumedAt);

  const { connections, frames } = await devtoolsState(page);
  const chatSockets = connections.filter((info) => info.transport === 'websocket' && info.url.includes('/chat?'));
  expect(chatSockets.length).toBeGreaterThanOrEqual(2);
  expect(new Set(chatSockets.map((info) => info.lineage)).size).toBe(1);
  expect(Math.max(...chatSockets.map((info) => info.attempt))).toBeGreaterThanOrEqual(1);
  expect(chatSockets[0]?.closeCode).toBe(1006);
  const chatIds = new Set(chatSockets.map((info) => info.id));
  expect(frames.some((frame) => chatIds.has(frame.connectionId) && frame.kind === 'binary')).toBe(true);

  const feedIds = new Set(connections.filter((info) => info.transport === 'eventsource').map((info) => info.id));
  const eventIds = frames
    .filter((frame) => feedIds.has(frame.connectionId) && frame.event !== 'snapshot' && frame.lastEventId)
    .map((frame) => Number(frame.lastEventId));
  // Resumed with Last-Event-ID: the ids continue without a gap across the outage.
  expect(eventIds.length).toBeGreaterThan(3);
  eventIds.forEach((id, index) => {
    if (index > 0) expect(id).toBe((eventIds[index - 1] ?? 0) + 1);
  });
});

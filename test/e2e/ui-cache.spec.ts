/**
 * The Cache tab of the shared UI and the causality links on frames, mounted by the harness
 * (test/fixtures/ui-harness.html) and fed synthetic query-cache messages: the query and mutation lists, a query's
 * detail with its last cause and history, the classic-mistake warnings, the badge on a frame row, the actions sent
 * to the page, and the notice shown when the page has no QueryClient.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  PROTOCOL_VERSION,
  type CaptureEvent,
  type ConnectionInfo,
  type FrameCause,
  type FrameEvent,
  type MutationInfo,
  type QueryCacheMessage,
  type QueryEvent,
  type QueryInfo,
} from '../../instrumentation/protocol';
import { startUiHarnessServer, type UiHarnessServer } from '../fixtures/ui-harness-server';

let harness: UiHarnessServer;

test.beforeAll(async () => {
  harness = await startUiHarnessServer();
});

test.afterAll(async () => {
  await harness?.close();
});

const deliver = (page: Page, message: unknown) => page.evaluate((value) => window.__rtdHarness.deliver(value), message);

const start = Date.now() - 20_000;
let seq = 0;

const socket: ConnectionInfo = {
  id: 'c2', transport: 'websocket', url: 'ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket', requestedProtocols: [], protocol: '',
  extensions: '', state: 'open', openedAt: start + 20, closedAt: null, closeCode: null, closeReason: null, wasClean: null, framesIn: 0,
  framesOut: 0, bytesIn: 0, bytesOut: 0, errors: 0, attempt: 0, adoptedLate: false, library: 'socket.io', lineage: 'c2', createdAt: start,
};

function frame(at: number, label: string, data: string): FrameEvent {
  return {
    type: 'frame', seq: ++seq, at: start + at, connectionId: 'c2', direction: 'in', size: data.length, kind: 'text', data, encoding: 'text',
    truncated: false, decoded: { protocol: 'socket.io', label, channel: '/', summary: `${label} (1 arg)` },
  };
}

const cause = (source: FrameEvent, delayMs: number, inference: FrameCause['inference'] = 'same-task'): FrameCause => ({
  frameSeq: source.seq, connectionId: source.connectionId, label: source.decoded?.label ?? 'message', inference, delayMs,
});

function query(at: number, kind: QueryEvent['kind'], key: string, extra: Partial<QueryEvent> = {}): QueryEvent {
  return { type: 'query', seq: ++seq, at: start + at, kind, queryHash: key, queryKey: key, ...extra };
}

const created = frame(1000, 'todo:created', '42["todo:created",{"id":3,"title":"<img src=x onerror=alert(1)>"}]');
const updated = [frame(5000, 'todo:updated', '42["todo:updated",{"id":1}]'), frame(5100, 'todo:updated', '42["todo:updated",{"id":2}]'), frame(5200, 'todo:updated', '42["todo:updated",{"id":1}]')];
const draftsFrame = frame(7000, 'draft:saved', '42["draft:saved",{"id":9}]');

const events: CaptureEvent[] = [
  created,
  query(1000.4, 'invalidated', '["todos"]', { cause: cause(created, 0.4), observers: 2 }),
  query(1001, 'fetch-start', '["todos"]', { cause: cause(created, 1) }),
  query(1039, 'fetch-end', '["todos"]', { cause: cause(created, 1), durationMs: 38, outcome: 'success', dataChanged: true }),
  ...updated.flatMap((source, index) => [
    source,
    query(5000 + index * 100 + 2, 'invalidated', '["todos"]', { cause: cause(source, 2), observers: 2 }),
    query(5000 + index * 100 + 3, 'fetch-start', '["todos"]', { cause: cause(source, 3) }),
    // The page reports a storm as the fetch that makes it starts: the third fetch of ["todos"] within a second.
    ...(index === 2 ? [query(5203, 'storm', '["todos"]', { count: 3, causes: updated.map((earlier) => cause(earlier, 3)) })] : []),
    query(5000 + index * 100 + 40, 'fetch-end', '["todos"]', { cause: cause(source, 3), durationMs: 37, outcome: 'success', dataChanged: false }),
  ]),
  draftsFrame,
  query(7030, 'invalidated', '["drafts"]', { cause: cause(draftsFrame, 30, 'async-continuation'), observers: 0 }),
];

const todos: QueryInfo = {
  queryHash: '["todos"]', queryKey: '["todos"]', status: 'success', fetchStatus: 'idle', isStale: true, isInvalidated: false, observers: 2,
  dataUpdatedAt: start + 1039, errorUpdatedAt: 0, error: null,
  data: JSON.stringify([{ id: 1, title: 'Buy milk', done: false }, { id: 2, title: 'Walk dog', done: true }, { id: 3, title: '<img src=x onerror=alert(1)>', done: false }]),
  dataTruncated: false, lastCause: { kind: 'refetch', at: start + 5203, cause: cause(updated[2] as FrameEvent, 3) },
};

const cacheMessage: QueryCacheMessage = {
  kind: 'query-cache',
  clientFound: true,
  queries: [
    todos,
    {
      queryHash: '["drafts"]', queryKey: '["drafts"]', status: 'success', fetchStatus: 'idle', isStale: true, isInvalidated: true, observers: 0,
      dataUpdatedAt: start + 200, errorUpdatedAt: 0, error: null, data: '[]', dataTruncated: false,
      lastCause: { kind: 'invalidated', at: start + 7030, cause: cause(draftsFrame, 30, 'async-continuation') },
    },
    {
      queryHash: '["user",1]', queryKey: '["user",1]', status: 'error', fetchStatus: 'fetching', isStale: true, isInvalidated: false, observers: 1,
      dataUpdatedAt: 0, errorUpdatedAt: start + 9000, error: 'Error: HTTP 500 <script>', data: '', dataTruncated: false, lastCause: null,
    },
  ],
  mutations: [
    { id: 'm1', mutationKey: '["addTodo"]', status: 'pending', isPaused: true, variables: '{"title":"Offline <b>todo</b>"}', error: null, submittedAt: start + 8000 },
    { id: 'm2', mutationKey: '', status: 'success', isPaused: false, variables: '{"id":1}', error: null, submittedAt: start + 3000 },
  ] satisfies MutationInfo[],
};

async function openCachePage(page: Page, theme = 'light'): Promise<void> {
  await page.goto(`${harness.url}?frames=0&theme=${theme}`);
  await expect(page.getByTestId('rtd-app')).toBeVisible();
  await deliver(page, {
    kind: 'hello', protocolVersion: PROTOCOL_VERSION, toolVersion: '0.1.0', sessionId: 'cache',
    page: { url: 'https://app.example.test/todos', title: 'Todos', userAgent: '', timeOrigin: start },
    limits: { maxEvents: 100_000, maxBytes: 67_108_864, maxPayloadBytes: 262_144, previewBytes: 2048 },
  });
  await deliver(page, { kind: 'snapshot', connections: [socket], events, dropped: 0 });
  await deliver(page, cacheMessage);
}

test('without a QueryClient the Cache tab says so and how to expose one', async ({ page }) => {
  await page.goto(`${harness.url}?frames=0`);
  await page.getByTestId('rtd-tab-cache').click();
  const notice = page.getByTestId('rtd-no-query-client');
  await expect(notice).toContainText('No TanStack QueryClient found');
  await expect(notice).toContainText('window.__TANSTACK_QUERY_CLIENT__ = queryClient');
  await expect(notice).toContainText('__REALTIME_DEVTOOLS__?.attach(queryClient)');
  await deliver(page, {
    kind: 'hello', protocolVersion: PROTOCOL_VERSION, toolVersion: '0.1.0', sessionId: 'none',
    page: { url: 'https://app.example.test/', title: '', userAgent: '', timeOrigin: start },
    limits: { maxEvents: 100_000, maxBytes: 67_108_864, maxPayloadBytes: 262_144, previewBytes: 2048 },
  });
  await deliver(page, { kind: 'query-cache', clientFound: false, queries: [], mutations: [] });
  await expect(notice).toContainText('The page has not exposed a QueryClient');
});

test('the Cache tab lists queries and mutations, with warnings, all page data as text', async ({ page }) => {
  await openCachePage(page);
  await page.setViewportSize({ width: 1400, height: 820 });
  await page.getByTestId('rtd-tab-cache').click();
  const rows = page.getByTestId('rtd-query-row');
  await expect(rows).toHaveCount(3);
  const todosRow = page.locator('[data-testid=rtd-query-row][data-query-hash=\'["todos"]\']');
  await expect(todosRow).toHaveAttribute('data-freshness', 'stale');
  await expect(todosRow.locator('td').last()).toHaveText(/^\d+ s ago$/);
  await expect(page.locator('[data-testid=rtd-query-row][data-query-hash=\'["drafts"]\']')).toHaveAttribute('data-freshness', 'invalidated');
  await expect(page.locator('[data-testid=rtd-mutation-row][data-mutation-id=m1]')).toHaveAttribute('data-paused', 'true');
  await expect(page.getByTestId('rtd-mutation-table')).toContainText('{"title":"Offline <b>todo</b>"}');

  await expect(page.getByTestId('rtd-warning-unobserved')).toContainText('nobody observes ["drafts"]: invalidated once, 1 by a frame; last by draft:saved on socket c2');
  await expect(page.getByTestId('rtd-warning-storms')).toContainText('["todos"] fetched 3 times within a second');
  await expect(page.getByTestId('rtd-warning-storms')).toContainText('todo:updated ×3 on socket c2');
  await expect(page.getByTestId('rtd-warning-wasted')).toHaveAttribute('data-count', '3');
  await expect(page.getByTestId('rtd-cache-warnings-summary')).toHaveText('⚠ 1 invalidation nobody observes · 1 refetch storm · 3 wasted refetches');

  await todosRow.click();
  const detail = page.getByTestId('rtd-query-detail');
  await expect(detail.getByTestId('rtd-query-cause')).toContainText(/Last refetched by todo:updated on socket c2, \d+ s ago \(same task\)/);
  await expect(detail.getByTestId('rtd-query-data')).toContainText('Buy milk');
  await expect(detail.getByTestId('rtd-query-history-item')).toHaveCount(13);
  await expect(detail.getByTestId('rtd-query-history')).toContainText('fetched in 37 ms: data unchanged (a wasted round trip)');
  expect(await page.locator('[data-testid=rtd-app] img, [data-testid=rtd-app] b, [data-testid=rtd-app] script').count()).toBe(0);
  await page.screenshot({ path: test.info().outputPath('cache-view.png') });

  await detail.getByTestId('rtd-query-action-invalidate').click();
  await detail.getByTestId('rtd-query-action-refetch').click();
  const sent = await page.evaluate(() => window.__rtdHarness.sent.filter((message) => message.kind === 'query-action'));
  expect(sent).toEqual([
    { kind: 'query-action', action: 'invalidate', queryHash: '["todos"]' },
    { kind: 'query-action', action: 'refetch', queryHash: '["todos"]' },
  ]);

  await page.locator('[data-testid=rtd-query-row][data-query-hash=\'["user",1]\']').click();
  await expect(detail.getByTestId('rtd-query-error')).toContainText('Error: HTTP 500 <script>');
  await expect(detail.getByTestId('rtd-query-cause')).toContainText('No realtime frame is known');
});

test('a frame row shows what it caused; the badge opens the query, the detail says how the link was inferred', async ({ page }) => {
  await openCachePage(page);
  await page.setViewportSize({ width: 1400, height: 700 });
  const createdRow = page.locator(`[data-testid=rtd-frame-row][data-seq="${created.seq}"]`);
  await expect(createdRow.getByTestId('rtd-cause-badge')).toHaveText('→ invalidate ["todos"] → refetch 38 ms');
  await expect(page.locator(`[data-testid=rtd-frame-row][data-seq="${updated[0]?.seq}"]`).getByTestId('rtd-cause-badge')).toHaveText(
    '→ invalidate ["todos"] → refetch 37 ms, unchanged',
  );
  await expect(page.getByTestId('rtd-cause-badge')).toHaveCount(5);

  // On its time: the middle of the row holds the badge, which opens the Cache tab instead.
  await page.locator(`[data-testid=rtd-frame-row][data-seq="${draftsFrame.seq}"] .rtd-col-time`).click();
  const caused = page.getByTestId('rtd-caused');
  await expect(caused).toContainText('invalidate ["drafts"] · nobody observes it');
  await expect(caused.getByTestId('rtd-caused-inference')).toHaveText(
    'async continuation: 30 ms after the frame, within the 100 ms window and with no other frame handled in between',
  );
  await page.screenshot({ path: test.info().outputPath('cache-frames.png') });

  await createdRow.getByTestId('rtd-cause-badge').click();
  await expect(page.getByTestId('rtd-tab-cache')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('rtd-query-detail')).toHaveAttribute('data-query-hash', '["todos"]');

  // And back: the cause's frame link selects that frame in the Frames tab.
  await page.getByTestId('rtd-query-detail').getByTestId('rtd-query-cause').getByTestId('rtd-cause-frame').click();
  await expect(page.getByTestId('rtd-tab-frames')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator(`[data-testid=rtd-frame-row][data-seq="${updated[2]?.seq}"]`)).toHaveAttribute('aria-selected', 'true');
});

test('the Cache tab follows the dark theme, and fits the overlay’s narrower panel', async ({ page }) => {
  await openCachePage(page, 'dark');
  await page.setViewportSize({ width: 900, height: 600 });
  await page.getByTestId('rtd-tab-cache').click();
  await page.locator('[data-testid=rtd-query-row][data-query-hash=\'["todos"]\']').click();
  await expect(page.getByTestId('rtd-query-detail')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('cache-view-dark.png') });
});

test('the timeline marks the cache actions frames caused on their connection’s lane', async ({ page }) => {
  await openCachePage(page);
  await page.setViewportSize({ width: 1400, height: 500 });
  await page.getByTestId('rtd-tab-timeline').click();
  const marks = page.getByTestId('rtd-timeline-cache-marker');
  await expect(marks).toHaveCount(5);
  await expect(marks.last().locator('title')).toHaveText('invalidate ["drafts"] ← draft:saved on c2 (async continuation, +30 ms)');
  await page.screenshot({ path: test.info().outputPath('cache-timeline.png') });
});

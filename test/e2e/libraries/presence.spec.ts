/**
 * Two real clients on one presence channel, in the extension's detached panel: the Presence view shows both
 * members as each client sees them, then the one that leaves is gone, and the Timeline marks each join and leave.
 * Pusher presence channels are authorized by the fixture server's HMAC auth endpoint; Ably members enter and leave.
 */
import type { Locator, Page } from '@playwright/test';
import type { ClientInfo } from '../../../instrumentation/protocol';
import { openAblyClient, openPusherClient, readClientEvents, type LibraryTestWindow } from '../helpers/library-page';
import { expect, openLibraryTab, test } from './fixtures';

function pageClients(page: Page): Promise<ClientInfo[]> {
  return page.evaluate(() => (window as unknown as LibraryTestWindow).__REALTIME_DEVTOOLS__.clients());
}

/** The id the page API gives the client that `open` adds to the page. */
async function clientIdOfNew(page: Page, open: () => Promise<unknown>): Promise<string> {
  const before = new Set((await pageClients(page)).map((client) => client.id));
  await open();
  let added: string | undefined;
  await expect.poll(async () => {
    added = (await pageClients(page)).map((client) => client.id).find((id) => !before.has(id));
    return added !== undefined;
  }, { message: 'the page API to find the new client' }).toBe(true);
  return added as string;
}

function presenceSet(panel: Page, clientId: string, source: string): Locator {
  return panel.locator(`[data-testid="rtd-presence-set"][data-client-id="${clientId}"][data-source="${source}"]`);
}

async function memberIds(set: Locator): Promise<string[]> {
  return (await set.getByTestId('rtd-presence-member').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-member-id') ?? ''))).sort();
}

/**
 * Each join and leave the page recorded is a marker on the Timeline, labelled with its member; returns how many
 * leaves of `member` there are.
 */
async function expectJoinsAndLeavesOnTimeline(panel: Page, page: Page, member: string): Promise<number> {
  const events = [...(await page.evaluate(readClientEvents, 'presence-join')), ...(await page.evaluate(readClientEvents, 'presence-leave'))];
  const count = (kind: string, label: string): number => events.filter((event) => event.kind === kind && `${kind === 'presence-join' ? 'joined' : 'left'} ${event.memberId}` === label).length;
  await panel.getByTestId('rtd-tab-timeline').click();
  await expect(panel.getByTestId('rtd-timeline')).toBeVisible();
  const markers = (kind: string, label: string) => panel.locator(`[data-testid="rtd-timeline-client-marker"][data-kind="${kind}"][data-label="${label}"]`);
  for (const [kind, label] of [['presence-join', `joined ${member}`], ['presence-leave', `left ${member}`]] as const) {
    expect(count(kind, label), `${label} in the page's events`).toBeGreaterThan(0);
    await expect(markers(kind, label)).toHaveCount(count(kind, label));
  }
  await panel.screenshot({ path: test.info().outputPath('presence-timeline.png') });
  return count('presence-leave', `left ${member}`);
}

test('pusher-js: both members of a presence channel show for each client, then the one who left is gone, joins and leaves on the timeline', async ({ extension, servers, pages }) => {
  const { pusher } = servers;
  const page = await openLibraryTab(extension, pages, ['pusher']);
  const open = (userId: string, name: string) => page.evaluate(openPusherClient, {
    name: userId, key: pusher.appKey, options: pusher.clientOptions({ userId, userInfo: { name } }), channel: 'presence-room',
  });
  const alice = await clientIdOfNew(page, () => open('alice', 'Alice'));
  const bob = await clientIdOfNew(page, () => open('bob', 'Bob'));
  await expect.poll(() => pusher.presenceMembers('presence-room').map((member) => member.user_id).sort()).toEqual(['alice', 'bob']);

  const panel = await extension.openPanelFor(page);
  await panel.getByTestId('rtd-tab-presence').click();
  const seenByAlice = presenceSet(panel, alice, 'presence-room');
  const seenByBob = presenceSet(panel, bob, 'presence-room');
  await expect.poll(() => memberIds(seenByAlice)).toEqual(['alice', 'bob']);
  await expect.poll(() => memberIds(seenByBob)).toEqual(['alice', 'bob']);
  await expect(seenByAlice.getByTestId('rtd-presence-count')).toHaveText('2 members');
  // user_info as the auth endpoint signed it, shown as text.
  await expect(seenByAlice.locator('[data-testid="rtd-presence-member"][data-member-id="bob"]')).toContainText('{"name":"Bob"}');
  await panel.screenshot({ path: test.info().outputPath('pusher-presence-both.png') });

  await page.evaluate(() => ((window as unknown as LibraryTestWindow).libraryClients?.bob as { unsubscribe(channel: string): void }).unsubscribe('presence-room'));
  await expect.poll(() => pusher.presenceMembers('presence-room').map((member) => member.user_id)).toEqual(['alice']);
  await expect.poll(() => memberIds(seenByAlice)).toEqual(['alice']);
  await expect(seenByAlice.getByTestId('rtd-presence-count')).toHaveText('1 member');
  // Bob's client unsubscribed: it knows nobody there any more.
  await expect.poll(() => memberIds(seenByBob)).toEqual([]);
  await seenByAlice.locator('summary').click();
  await expect(seenByAlice.locator('[data-testid="rtd-presence-change"][data-kind="leave"]')).toContainText('bob');
  await panel.screenshot({ path: test.info().outputPath('pusher-presence-one.png') });

  expect(await expectJoinsAndLeavesOnTimeline(panel, page, 'bob')).toBeGreaterThanOrEqual(1);
});

test('ably: both entered members show for each client, then the one who left is gone, joins and leaves on the timeline', async ({ extension, servers, pages }) => {
  const { ably } = servers;
  const page = await openLibraryTab(extension, pages, ['ably']);
  const open = (clientId: string, name: string) => page.evaluate(openAblyClient, {
    name: clientId, options: ably.clientOptions({ clientId }), enter: { channel: 'room', data: { name } },
  });
  const alice = await clientIdOfNew(page, () => open('alice', 'Alice'));
  const bob = await clientIdOfNew(page, () => open('bob', 'Bob'));
  await expect.poll(() => ably.presenceMembers('room').map((member) => member.clientId).sort()).toEqual(['alice', 'bob']);

  const panel = await extension.openPanelFor(page);
  await panel.getByTestId('rtd-tab-presence').click();
  const seenByAlice = presenceSet(panel, alice, 'room');
  const seenByBob = presenceSet(panel, bob, 'room');
  await expect.poll(() => memberIds(seenByAlice)).toEqual(['alice', 'bob']);
  await expect.poll(() => memberIds(seenByBob)).toEqual(['alice', 'bob']);
  await expect(seenByBob.locator('[data-testid="rtd-presence-member"][data-member-id="alice"]')).toContainText('{"name":"Alice"}');
  await panel.screenshot({ path: test.info().outputPath('ably-presence-both.png') });

  await page.evaluate(async () => {
    const client = (window as unknown as LibraryTestWindow).libraryClients?.bob as { channels: { get(name: string): { presence: { leave(): Promise<void> } } } };
    await client.channels.get('room').presence.leave();
  });
  await expect.poll(() => ably.presenceMembers('room').map((member) => member.clientId)).toEqual(['alice']);
  await expect.poll(() => memberIds(seenByAlice)).toEqual(['alice']);
  await expect(seenByAlice.getByTestId('rtd-presence-count')).toHaveText('1 member');
  // Bob is still attached to the channel, and sees his own leave too.
  await expect.poll(() => memberIds(seenByBob)).toEqual(['alice']);

  expect(await expectJoinsAndLeavesOnTimeline(panel, page, 'bob')).toBe(2);
});

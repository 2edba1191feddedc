import { describe, expect, it } from 'vitest';
import type { FrameCause, QueryEvent } from '../../instrumentation/protocol';
import { buildQueryLinks, queryLinks } from '../../overlay/ui/store/query-links';
import { causedBadgeText, chainDetailText, inferenceText } from '../../overlay/ui/store/query-display';
import type { QueryEventRecord } from '../../overlay/ui/store/store';

const TODOS = { queryHash: '["todos"]', queryKey: '["todos"]' };
const USER = { queryHash: '["user",1]', queryKey: '["user",1]' };

function cause(frameSeq: number, overrides: Partial<FrameCause> = {}): FrameCause {
  return { frameSeq, connectionId: 'c2', label: 'todo:created', inference: 'same-task', delayMs: 0.4, ...overrides };
}

let seq = 100;
function query(kind: QueryEvent['kind'], target: { queryHash: string; queryKey: string }, extra: Partial<QueryEvent> = {}): QueryEvent {
  seq++;
  return { type: 'query', seq, at: 10_000 + seq, kind, ...target, ...extra };
}

const records = (events: QueryEvent[], session = 0): QueryEventRecord[] => events.map((event) => ({ session, event }));

describe('query links: frame → cache action → refetch', () => {
  it('links an invalidation and the refetch it triggered into one chain under the frame that caused them', () => {
    const links = buildQueryLinks(records([
      query('invalidated', TODOS, { cause: cause(7), observers: 1 }),
      query('fetch-start', TODOS, { cause: cause(7, { delayMs: 1 }) }),
      query('fetch-end', TODOS, { cause: cause(7), durationMs: 38, outcome: 'success', dataChanged: true }),
    ]));
    const actions = links.causedBy(0, 7);
    expect(actions).toHaveLength(1);
    expect(actions[0]?.event.kind).toBe('invalidated');
    expect(actions[0]?.fetch?.end?.durationMs).toBe(38);
    expect(causedBadgeText(actions)).toBe('→ invalidate ["todos"] → refetch 38 ms');
    expect(chainDetailText(actions[0]!)).toBe('invalidate ["todos"] → refetch 38 ms · 1 observer · data changed');
  });

  it('pairs a fetch-end with its fetch-start even when the page leaves the cause off the end', () => {
    const links = buildQueryLinks(records([
      query('invalidated', TODOS, { cause: cause(7) }),
      query('fetch-start', TODOS, { cause: cause(7) }),
      query('fetch-end', TODOS, { durationMs: 12, outcome: 'success', dataChanged: false }),
    ]));
    expect(causedBadgeText(links.causedBy(0, 7))).toBe('→ invalidate ["todos"] → refetch 12 ms, unchanged');
  });

  it('shows a refetch still running, and counts the other actions of the same frame', () => {
    const links = buildQueryLinks(records([
      query('invalidated', TODOS, { cause: cause(7) }),
      query('fetch-start', TODOS, { cause: cause(7) }),
      query('set-data', USER, { cause: cause(7) }),
    ]));
    expect(causedBadgeText(links.causedBy(0, 7))).toBe('→ invalidate ["todos"] → refetching… +1');
  });

  it('makes no link for cache actions without a cause, nor for frames that caused nothing', () => {
    const links = buildQueryLinks(records([
      query('invalidated', TODOS, { cause: null }),
      query('fetch-start', TODOS, { cause: null }),
      query('fetch-end', TODOS, { durationMs: 5, outcome: 'success', dataChanged: true }),
      query('set-data', USER),
    ]));
    expect(links.causedBy(0, 7)).toHaveLength(0);
    expect(causedBadgeText(links.causedBy(0, 7))).toBe('');
  });

  it('does not attach the refetch of one frame to the invalidation another frame caused', () => {
    const links = buildQueryLinks(records([
      query('invalidated', TODOS, { cause: cause(7) }),
      query('fetch-start', TODOS, { cause: cause(9, { label: 'todo:updated' }) }),
      query('fetch-end', TODOS, { durationMs: 20, outcome: 'success', dataChanged: true }),
    ]));
    expect(causedBadgeText(links.causedBy(0, 7))).toBe('→ invalidate ["todos"]');
    expect(causedBadgeText(links.causedBy(0, 9))).toBe('→ refetch ["todos"] 20 ms');
  });

  it('keeps page sessions apart: the same frame seq of another session caused nothing here', () => {
    const links = buildQueryLinks([
      ...records([query('invalidated', TODOS, { cause: cause(7) })], 0),
      ...records([query('invalidated', USER, { cause: cause(7) })], 1),
    ]);
    expect(links.causedBy(0, 7).map((action) => action.event.queryHash)).toEqual([TODOS.queryHash]);
    expect(links.causedBy(1, 7).map((action) => action.event.queryHash)).toEqual([USER.queryHash]);
  });

  it('does not list a storm as one frame’s doing', () => {
    const links = buildQueryLinks(records([query('storm', TODOS, { count: 3, causes: [cause(7), cause(8)] })]));
    expect(links.causedBy(0, 7)).toHaveLength(0);
  });

  it('says a failed refetch failed', () => {
    const links = buildQueryLinks(records([
      query('fetch-start', TODOS, { cause: cause(7) }),
      query('fetch-end', TODOS, { durationMs: 1200, outcome: 'error', error: 'HTTP 500' }),
    ]));
    expect(causedBadgeText(links.causedBy(0, 7))).toBe('→ refetch ["todos"] failed after 1.20 s');
  });

  it('builds the index once per version of the store’s event array', () => {
    const list = records([query('invalidated', TODOS, { cause: cause(7) })]);
    expect(queryLinks(list)).toBe(queryLinks(list));
  });

  it('extends the index of an older array with only the records that follow, giving changed frames new arrays', () => {
    const first = records([query('invalidated', TODOS, { cause: cause(7) }), query('set-data', USER, { cause: cause(8) })]);
    const before = queryLinks(first).causedBy(0, 7);
    const unrelated = queryLinks(first).causedBy(0, 8);
    const second = [...first, ...records([query('fetch-start', TODOS, { cause: cause(7) })])];
    const third = [...second, ...records([query('fetch-end', TODOS, { durationMs: 9, outcome: 'success', dataChanged: true })])];
    const links = queryLinks(third);
    expect(causedBadgeText(links.causedBy(0, 7))).toBe('→ invalidate ["todos"] → refetch 9.0 ms');
    expect(links.causedBy(0, 7)).not.toBe(before);
    expect(causedBadgeText(before)).toBe('→ invalidate ["todos"]');
    expect(links.causedBy(0, 8)).toBe(unrelated);
    expect(causedBadgeText(links.causedBy(0, 7))).toBe(causedBadgeText(buildQueryLinks(third).causedBy(0, 7)));
  });

  it('rebuilds when the page resent its events (a snapshot), not counting the replaced ones twice', () => {
    const sent = [query('invalidated', TODOS, { cause: cause(7) })];
    queryLinks(records(sent));
    const resent = records(sent.map((event) => ({ ...event })));
    expect(queryLinks(resent).causedBy(0, 7)).toHaveLength(1);
  });
});

describe('how a link was inferred', () => {
  it('names the same task, or the async continuation with its delay and the window', () => {
    expect(inferenceText(cause(1))).toBe('same task: while the page handled this frame (+0.4 ms)');
    expect(inferenceText(cause(1, { inference: 'async-continuation', delayMs: 38 }))).toBe(
      'async continuation: 38 ms after the frame, within the 100 ms window and with no other frame handled in between',
    );
  });
});

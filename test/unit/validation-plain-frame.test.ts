/**
 * The UI's fast path for the events of a busy socket: `isPlainFrame` must accept the ordinary frames the recorder
 * sends, and never accept anything the protocol table refuses, including after someone adds a field to the table.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/stats';
import { checkFields } from '../../instrumentation/validation/checks';
import { eventFieldsByType, isPlainFrame } from '../../instrumentation/validation/protocol-fields';
import { validateToUiMessage } from '../../overlay/ui/store/validate';

const frameFields = eventFieldsByType.frame;

const textFrame = (): Record<string, unknown> => ({
  type: 'frame',
  seq: 41,
  at: 1234.5,
  connectionId: 'c1',
  direction: 'in',
  size: 64,
  kind: 'text',
  data: '{"n":41}',
  encoding: 'text',
  truncated: false,
});

const binaryFrame = (): Record<string, unknown> => ({ ...textFrame(), direction: 'out', kind: 'binary', data: 'AAEC', encoding: 'base64', truncated: true });

/** Values no check of the frame table accepts, or that only some accept: every field gets each in turn. */
const SPOILERS: unknown[] = [Symbol('spoiled'), {}, [], null, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, '', 'other', true, 1];

describe('the plain-frame fast path', () => {
  it('accepts the text and binary frames a recorder streams, as the table does', () => {
    for (const frame of [textFrame(), binaryFrame()]) {
      expect(checkFields(frame, frameFields)).toBeNull();
      expect(isPlainFrame(frame)).toBe(true);
    }
  });

  it('never accepts a frame whose field the table refuses, for every field of the table', () => {
    for (const name of Object.keys(frameFields)) {
      for (const spoiler of SPOILERS) {
        for (const frame of [textFrame(), binaryFrame()]) {
          frame[name] = spoiler;
          if (checkFields(frame, frameFields) !== null) expect(isPlainFrame(frame), `${name} = ${String(spoiler)}`).toBe(false);
        }
      }
    }
  });

  it('leaves frames with the optional fields (SSE events, discarded, dropped) to the table', () => {
    const withOptional: Record<string, unknown>[] = [
      { ...textFrame(), kind: 'event', event: 'tick', lastEventId: '7' },
      { ...textFrame(), discarded: true },
      { ...textFrame(), dropped: true },
    ];
    for (const frame of withOptional) {
      expect(checkFields(frame, frameFields)).toBeNull();
      expect(isPlainFrame(frame)).toBe(false);
    }
  });

  it('agrees with the table on random frames: whatever it accepts, the table accepts', () => {
    const random = seededRandom(20_261_122);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const values: unknown[] = [...SPOILERS, undefined, 'in', 'out', 'text', 'binary', 'event', 'base64', false, 0, 3, 2.5, -0];
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const frame = random() < 0.5 ? textFrame() : binaryFrame();
      const spoiled = Math.floor(random() * 3);
      for (let j = 0; j < spoiled; j++) frame[pick(Object.keys(frameFields))] = pick(values);
      if (!isPlainFrame(frame)) continue;
      accepted++;
      expect(checkFields(frame, frameFields), JSON.stringify(frame)).toBeNull();
    }
    expect(accepted).toBeGreaterThan(1_000);
  });

  it('a batch of malformed frames is still reported field by field, as without the fast path', () => {
    const { message, problems } = validateToUiMessage({
      kind: 'batch',
      connections: [],
      dropped: 0,
      events: [textFrame(), { ...textFrame(), seq: -1 }, { ...textFrame(), direction: 'sideways' }, { ...textFrame(), seq: 42 }],
    });
    expect(message?.kind === 'batch' && message.events.map((event) => event.seq)).toEqual([41, 42]);
    expect(problems).toEqual([
      'batch.events[1].seq: expected a whole number ≥ 0',
      'batch.events[2].direction: expected one of "in", "out"',
    ]);
  });
});

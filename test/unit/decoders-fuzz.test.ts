/**
 * Fuzzing every decoder with random and mutated frames: each must return a well-formed result for anything, never
 * throw, never write to Object.prototype, and stay fast. Mutations start from the recorded real frames.
 * Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> npx vitest run test/unit/decoders-fuzz.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode as decodeMsgpack, encode as encodeMsgpack } from '@msgpack/msgpack';
import { decodeSocketIoFrame } from '../../instrumentation/decoders/socketio';
import { SocketIoSession } from '../../instrumentation/decoders/socketio-session';
import { decodePusherFrame, pusherCloseCodeMeaning } from '../../instrumentation/decoders/pusher';
import { decodeAblyFrame } from '../../instrumentation/decoders/ably';
import { AblyTracker } from '../../instrumentation/decoders/ably-session';
import { SseParser, summarizeSseItem } from '../../instrumentation/decoders/sse';
import { detectLibrary } from '../../instrumentation/decoders/detect';
import { SUMMARY_MAX_CHARS, type DecodedProtocol, type MessageSummary } from '../../instrumentation/decoders/types';
import { seededRandom } from '../../bench/stats';
import { ablyFrames, ablyUrls, pusherFrames, pusherUrls, socketIoFrames, socketIoUrls, sseRecording } from './fixtures/frames/frames';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_251_122);
const FRAMES_PER_DECODER = 10_000;
/** Whole batch and single frame limits: generous for a busy 2-core machine, far below what a blow-up costs. */
const BATCH_BUDGET_MS = 8_000;
const FRAME_BUDGET_MS = 400;

// ── seeded randomness (the benchmark's generator, so that a failing seed reproduces) ─────────────────────────────

class Chaos {
  private readonly random: () => number;
  constructor(seed: number) {
    this.random = seededRandom(seed);
  }
  int(max: number): number {
    return Math.floor(this.random() * max);
  }
  chance(probability: number): boolean {
    return this.random() < probability;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

const ALPHABET = '0123456789[]{}",:/-_\\b\x1e\0\r\n abcdefghijklmnopqrstuvwxyzé😀\ud800';
const TOKENS = [
  '__proto__',
  '"__proto__":{"polluted":"yes"}',
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '"_placeholder":true,"num":0',
  '{"_placeholder":true,"num":99999999}',
  '9'.repeat(400),
  '1e999',
  '-0',
  '9007199254740993',
  '4',
  '45',
  '451-',
  '4999999999999999999-',
  '/admin,',
  '\x1e',
  'b',
  '"event":"pusher:error"',
  '"data":"{\\"code\\":4201}"',
  '"action":4',
  '"encoding":"json/utf-8/base64"',
  '"encoding":"cipher+aes-128-cbc/base64"',
  '\ud83d',
  '\\u0000',
  'null',
  '[]',
  '{}',
];

function deepNesting(depth: number, open: string, close: string, core = '0'): string {
  return open.repeat(depth) + core + close.repeat(depth);
}

/** Values that have broken decoders before: deep nesting, pollution keys, huge numbers and strings. */
function weirdJson(chaos: Chaos): string {
  /** Mostly small, sometimes huge: huge values are what find blow-ups, small ones what find logic slips. */
  const size = (huge: number) => 1 + chaos.int(chaos.chance(0.1) ? huge : 50);
  switch (chaos.int(10)) {
    case 0:
      return deepNesting(size(60_000), '[', ']');
    case 1:
      return deepNesting(size(20_000), '{"a":', '}');
    case 2:
      return '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}';
    case 3:
      return chaos.pick(['1e308', '-1e308', '9'.repeat(330), '0.0000001', '-0', '18446744073709551616', '3.5']);
    case 4:
      return JSON.stringify('x'.repeat(size(200_000)));
    case 5:
      return JSON.stringify({ _placeholder: true, num: chaos.pick([0, 1, -1, 1e9, 0.5, '0']) });
    case 6:
      return JSON.stringify(Array.from({ length: size(5_000) }, (_, i) => ({ i })));
    case 7:
      return chaos.pick(['null', 'true', '""', '[]', '{}', '"\\ud800"']);
    case 8:
      return JSON.stringify({ data: JSON.stringify({ presence: { ids: [1, null], hash: null, count: 'x' } }) });
    default:
      return JSON.stringify({ encoding: chaos.pick(['json', 'base64', 'utf-8/base64', 'json/'.repeat(50)]), data: chaos.pick(['e30=', '{}', '%%']) });
  }
}

function randomText(chaos: Chaos, maxLength: number): string {
  let text = '';
  const length = chaos.int(maxLength);
  for (let i = 0; i < length; i++) text += chaos.chance(0.1) ? chaos.pick(TOKENS) : ALPHABET.charAt(chaos.int(ALPHABET.length));
  return text;
}

function mutateText(chaos: Chaos, text: string, others: readonly string[]): string {
  let result = text;
  const rounds = 1 + chaos.int(3);
  for (let round = 0; round < rounds; round++) {
    const at = chaos.int(result.length + 1);
    switch (chaos.int(8)) {
      case 0:
        result = result.slice(0, at) + ALPHABET.charAt(chaos.int(ALPHABET.length)) + result.slice(at + 1);
        break;
      case 1:
        result = result.slice(0, at);
        break;
      case 2:
        result = result.slice(0, at) + chaos.pick(TOKENS) + result.slice(at);
        break;
      case 3:
        result = result.slice(0, at) + result.slice(at + chaos.int(20));
        break;
      case 4:
        result = result.slice(0, at) + result.slice(Math.max(0, at - 10), at) + result.slice(at);
        break;
      case 5: {
        const other = chaos.pick(others);
        result = result.slice(0, at) + other.slice(chaos.int(other.length + 1));
        break;
      }
      case 6: {
        // Swap one JSON value for a weird one: find a value start after a ':' , '[' or ','.
        const starts = [...result.matchAll(/[:[,]/g)].map((match) => (match.index ?? 0) + 1);
        if (starts.length === 0) break;
        const start = chaos.pick(starts);
        const end = start + chaos.int(Math.max(1, result.length - start));
        result = result.slice(0, start) + weirdJson(chaos) + result.slice(end);
        break;
      }
      default:
        result = result.slice(0, at) + weirdJson(chaos) + result.slice(at);
    }
  }
  return result;
}

const FIELD_NAMES = ['__proto__', 'constructor', 'data', 'event', 'channel', 'user_id', 'presence', 'code', 'action', 'messages', 'encoding', 'msgSerial', 'count', 'connectionDetails', 'num', '_placeholder'];

/**
 * Keeps the frame valid JSON but swaps one value deep inside for a weird one (recursing into JSON held in strings,
 * as Pusher's `data` is), so that the fuzzer reaches past the parser into each decoder's own logic.
 */
function mutateJsonStructure(chaos: Chaos, text: string, others: readonly string[]): string {
  const start = text.search(/[[{]/);
  if (start === -1) return mutateText(chaos, text, others);
  try {
    const root: unknown = JSON.parse(text.slice(start));
    const containers: Array<Record<string, unknown> | unknown[]> = [];
    const queue: unknown[] = [root];
    while (queue.length && containers.length < 200) {
      const value = queue.shift();
      if (typeof value === 'object' && value !== null) {
        containers.push(value as Record<string, unknown>);
        queue.push(...Object.values(value));
      }
    }
    const target = containers.length ? chaos.pick(containers) : undefined;
    if (!target) return mutateText(chaos, text, others);
    const keys = Object.keys(target);
    const key = chaos.chance(0.3) || keys.length === 0 ? chaos.pick(FIELD_NAMES) : chaos.pick(keys);
    const current = (target as Record<string, unknown>)[key];
    let replacement: unknown = JSON.parse(weirdJson(chaos));
    if (typeof current === 'string' && current.startsWith('{') && chaos.chance(0.5)) replacement = mutateJsonStructure(chaos, current, others);
    Object.defineProperty(target, key, { value: replacement, enumerable: true, writable: true, configurable: true });
    return text.slice(0, start) + JSON.stringify(root);
  } catch {
    return mutateText(chaos, text, others);
  }
}

function randomBytes(chaos: Chaos, maxLength: number): Uint8Array {
  const bytes = new Uint8Array(chaos.int(maxLength));
  for (let i = 0; i < bytes.length; i++) bytes[i] = chaos.int(256);
  return bytes;
}

function mutateBytes(chaos: Chaos, bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  switch (chaos.int(5)) {
    case 0:
      for (let i = 0; i < 1 + chaos.int(4); i++) {
        const at = chaos.int(copy.length);
        copy[at] = (copy[at] ?? 0) ^ (1 << chaos.int(8));
      }
      return copy;
    case 1:
      return copy.subarray(0, chaos.int(copy.length + 1));
    case 2: {
      const at = chaos.int(copy.length + 1);
      return new Uint8Array([...copy.subarray(0, at), ...randomBytes(chaos, 12), ...copy.subarray(at)]);
    }
    case 3:
      // Length headers that promise far more than the frame holds: str32, bin32, array32, map32.
      return new Uint8Array([chaos.pick([0xdb, 0xc6, 0xdd, 0xdf]), 0xff, 0xff, 0xff, 0xff, ...copy.subarray(0, 8)]);
    default:
      // Nested one-element arrays: rarely huge, since a 50 kB nest costs the msgpack library ~20 ms (linear, but slow).
      return new Uint8Array([...new Array<number>(1 + chaos.int(chaos.chance(0.05) ? 50_000 : 64)).fill(0x91), 0xc0]);
  }
}

/** Re-encodes a recorded msgpack ProtocolMessage with one value replaced by something odd. */
function mutateMsgpackStructure(chaos: Chaos, bytes: Uint8Array): Uint8Array {
  const value = decodeMsgpack(bytes) as Record<string, unknown>;
  const keys = Object.keys(value);
  const odd = chaos.pick<unknown>([
    -1,
    1.5,
    2 ** 60,
    'x'.repeat(chaos.int(50_000)),
    new Uint8Array(chaos.int(1_000)),
    [[[[[[[[[[]]]]]]]]]],
    { code: 'not a number', message: 7 },
    [{ action: 99, data: new Uint8Array(3), encoding: 'json/base64' }, 'not a message', null],
    { connectionKey: 5, clientId: ['x'] },
    null,
    true,
  ]);
  value[chaos.pick([...keys, 'messages', 'presence', 'error', 'connectionDetails', 'flags', 'count', 'action'])] = odd;
  return encodeMsgpack(value);
}

// ── invariants ────────────────────────────────────────────────────────────────────────────────────────────────
// Plain checks rather than `expect` in the hot loop: 10k frames × a dozen matchers would dominate the run.

class FuzzFailure extends Error {}

function describeFrame(frame: unknown): string {
  if (frame instanceof Uint8Array) return `<${frame.length} bytes> ${Buffer.from(frame.subarray(0, 60)).toString('hex')}`;
  return JSON.stringify(String(frame).slice(0, 200));
}

function check(condition: boolean, what: string, caseIndex: number, frame: unknown): void {
  if (!condition) throw new FuzzFailure(`${what} — case #${caseIndex}, seed ${SEED}, frame ${describeFrame(frame)}`);
}

function checkSummary(message: MessageSummary, protocol: DecodedProtocol, caseIndex: number, frame: unknown): void {
  check(message.protocol === protocol, `protocol ${String(message.protocol)}`, caseIndex, frame);
  check(typeof message.label === 'string' && !/[\r\n]/.test(message.label), 'label is one line of text', caseIndex, frame);
  check(typeof message.summary === 'string' && !/[\r\n]/.test(message.summary), 'summary is one line of text', caseIndex, frame);
  check(message.summary.length <= SUMMARY_MAX_CHARS, `summary of ${message.summary.length} chars`, caseIndex, frame);
  check(message.channel === undefined || typeof message.channel === 'string', 'channel is text', caseIndex, frame);
  check(message.heartbeat === undefined || typeof message.heartbeat === 'boolean', 'heartbeat is a boolean', caseIndex, frame);
}

function checkDecoding(result: unknown, protocol: DecodedProtocol, caseIndex: number, frame: unknown): void {
  check(typeof result === 'object' && result !== null, 'result is an object', caseIndex, frame);
  const decoding = result as { ok: unknown; error?: unknown; protocol?: unknown };
  if (decoding.ok === false) {
    check(decoding.protocol === protocol, 'undecodable names its protocol', caseIndex, frame);
    check(typeof decoding.error === 'string' && decoding.error.length > 0, 'undecodable says why', caseIndex, frame);
    return;
  }
  check(decoding.ok === true, 'ok is true or false', caseIndex, frame);
  checkSummary(result as MessageSummary, protocol, caseIndex, frame);
}

/** Times the decoder calls only (not the generation of frames nor the checks). */
class Stopwatch {
  totalMs = 0;
  slowestMs = 0;
  slowestCase = -1;
  private slowestRun: () => unknown = () => undefined;
  time<T>(caseIndex: number, run: () => T): T {
    const started = performance.now();
    const result = run();
    const elapsed = performance.now() - started;
    this.totalMs += elapsed;
    if (elapsed > this.slowestMs) {
      this.slowestMs = elapsed;
      this.slowestCase = caseIndex;
      this.slowestRun = run;
    }
    return result;
  }
  expectFast(label: string): void {
    // A garbage-collection pause or a busy machine can stretch one call; a real blow-up repeats, so the slowest
    // case over budget is timed again and judged by its best run.
    let slowestMs = this.slowestMs;
    for (let retry = 0; retry < 3 && slowestMs >= FRAME_BUDGET_MS; retry++) {
      const started = performance.now();
      this.slowestRun();
      slowestMs = Math.min(slowestMs, performance.now() - started);
    }
    console.info(`${label}: ${FRAMES_PER_DECODER} cases decoded in ${this.totalMs.toFixed(0)} ms, slowest ${slowestMs.toFixed(1)} ms (#${this.slowestCase})`);
    expect(this.totalMs, `${label} total, seed ${SEED}`).toBeLessThan(BATCH_BUDGET_MS);
    expect(slowestMs, `${label} case #${this.slowestCase}, seed ${SEED}`).toBeLessThan(FRAME_BUDGET_MS);
  }
}

const prototypeKeys = () => [Object.getOwnPropertyNames(Object.prototype).sort(), Object.getOwnPropertyNames(Array.prototype).sort()];
let keysBefore: string[][];
beforeAll(() => {
  keysBefore = prototypeKeys();
});
afterAll(() => {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(prototypeKeys()).toEqual(keysBefore);
});

// ── the fuzzers ───────────────────────────────────────────────────────────────────────────────────────────────

describe(`decoder fuzzing (seed ${SEED})`, { timeout: 120_000 }, () => {
  it('socket.io: frames and polling bodies, through the stateless decoder and a session', () => {
    const chaos = new Chaos(SEED);
    const texts = socketIoFrames.map((frame) => frame.payload).filter((payload): payload is string => typeof payload === 'string');
    const binaries = socketIoFrames.map((frame) => frame.payload).filter((payload): payload is Uint8Array => typeof payload !== 'string');
    const noteKinds = ['awaiting-attachments', 'attachment', 'binary-complete', 'attachments-missing', 'orphan-attachment', 'ack', 'unmatched-ack'];
    const stopwatch = new Stopwatch();
    let session = new SocketIoSession();
    for (let index = 0; index < FRAMES_PER_DECODER; index++) {
      if (index % 500 === 0) session = new SocketIoSession();
      let frame: string | Uint8Array;
      const roll = chaos.int(10);
      if (roll < 4) frame = mutateText(chaos, chaos.pick(texts), texts);
      else if (roll < 6) frame = mutateJsonStructure(chaos, chaos.pick(texts), texts);
      else if (roll < 7) frame = randomText(chaos, 120);
      else if (roll < 8) frame = mutateBytes(chaos, chaos.pick(binaries));
      else if (roll < 9) frame = chaos.pick(texts);
      else frame = chaos.pick(binaries);
      const transport = chaos.chance(0.3) ? 'polling' : 'websocket';
      const direction = chaos.chance(0.5) ? 'in' : 'out';
      const { decoding, notes } = stopwatch.time(index, () => session.receive(direction, frame, index, transport));
      checkDecoding(decoding, 'socket.io', index, frame);
      if (decoding.ok) {
        check(decoding.packets.length > 0, 'a frame has packets', index, frame);
        for (const packet of decoding.packets) checkSummary(packet, 'socket.io', index, frame);
      }
      for (const note of notes) {
        check(noteKinds.includes(note.kind), `note kind ${note.kind}`, index, frame);
        if (note.kind === 'ack') check(Number.isFinite(note.roundTripMs), 'round trip is a number', index, frame);
      }
    }
    stopwatch.expectFast('socket.io');
  });

  it('pusher: frames and close codes', () => {
    const chaos = new Chaos(SEED + 1);
    const texts = pusherFrames.map((frame) => frame.text);
    const actions = ['reconnect-after-1s', 'switch-to-tls', 'give-up', 'back-off', 'reconnect-now'];
    const stopwatch = new Stopwatch();
    for (let index = 0; index < FRAMES_PER_DECODER; index++) {
      const roll = chaos.int(10);
      let frame: string | Uint8Array;
      if (roll < 4) frame = mutateText(chaos, chaos.pick(texts), texts);
      else if (roll < 7) frame = mutateJsonStructure(chaos, chaos.pick(texts), texts);
      else if (roll < 8) frame = randomText(chaos, 120);
      else if (roll < 9) frame = randomBytes(chaos, 64);
      else frame = chaos.pick(texts);
      checkDecoding(
        stopwatch.time(index, () => decodePusherFrame(frame)),
        'pusher',
        index,
        frame,
      );
      const code = chaos.pick([chaos.int(6_000), -chaos.int(10), Number.NaN, Infinity, chaos.int(10) + 0.5]);
      const meaning = pusherCloseCodeMeaning(code);
      check(actions.includes(meaning.action) && typeof meaning.text === 'string', `close code ${code}`, index, code);
    }
    stopwatch.expectFast('pusher');
  });

  it('ably: JSON and msgpack frames, through the stateless decoder and a tracked connection', () => {
    const chaos = new Chaos(SEED + 2);
    const texts = ablyFrames.map((frame) => frame.payload).filter((payload): payload is string => typeof payload === 'string');
    const binaries = ablyFrames.map((frame) => frame.payload).filter((payload): payload is Uint8Array => typeof payload !== 'string');
    const outcomes = ['new', 'resumed', 'resume-failed', 'resume-unverifiable'];
    const tracker = new AblyTracker();
    const stopwatch = new Stopwatch();
    let connection = tracker.connection(ablyUrls[1]?.url ?? '');
    for (let index = 0; index < FRAMES_PER_DECODER; index++) {
      if (index % 300 === 0) connection = tracker.connection(chaos.pick(ablyUrls).url);
      let frame: string | Uint8Array;
      const roll = chaos.int(10);
      if (roll < 2) frame = mutateText(chaos, chaos.pick(texts), texts);
      else if (roll < 4) frame = mutateJsonStructure(chaos, chaos.pick(texts), texts);
      else if (roll < 6) frame = mutateBytes(chaos, chaos.pick(binaries));
      else if (roll < 8) frame = mutateMsgpackStructure(chaos, chaos.pick(binaries));
      else if (roll < 9) frame = chaos.chance(0.5) ? randomText(chaos, 120) : randomBytes(chaos, 120);
      else frame = chaos.chance(0.5) ? chaos.pick(texts) : chaos.pick(binaries);
      const direction = chaos.chance(0.5) ? 'in' : 'out';
      const { decoding, notes } = stopwatch.time(index, () => connection.receive(direction, frame, index));
      checkDecoding(decoding, 'ably', index, frame);
      if (decoding.ok) check(typeof decoding.actionName === 'string' && Array.isArray(decoding.flagNames), 'action and flags named', index, frame);
      for (const note of notes) {
        if (note.kind === 'connection') check(outcomes.includes(note.outcome), `outcome ${note.outcome}`, index, frame);
        else for (const publish of note.publishes) check(Number.isFinite(publish.latencyMs), 'latency is a number', index, frame);
      }
    }
    stopwatch.expectFast('ably');
  });

  it('sse: random streams parse the same whatever the chunking, as text or bytes', () => {
    const chaos = new Chaos(SEED + 3);
    const pieces = ['data', 'data:', 'data: ', 'event:', 'id:', 'id: 7', 'retry:', 'retry: 10', ':', ': ping', 'x', 'é😀', '\0', '\uFEFF', '\r', '\n', '\r\n', '\n\n', ' '];
    const recorded = new TextDecoder().decode(Buffer.concat(sseRecording.chunks.map((chunk) => Buffer.from(chunk))));
    const stopwatch = new Stopwatch();
    for (let index = 0; index < FRAMES_PER_DECODER; index++) {
      let stream = '';
      if (chaos.chance(0.2)) stream = mutateText(chaos, recorded, [recorded]);
      else for (let i = chaos.int(60); i > 0; i--) stream += chaos.pick(pieces);
      const bytes = new TextEncoder().encode(stream);
      // Bytes and text differ only where a lone surrogate cannot survive UTF-8: compare like with like.
      const asBytes = chaos.chance(0.5);
      const length = asBytes ? bytes.length : stream.length;
      const chunks: Array<string | Uint8Array> = [];
      for (let at = 0; at < length; ) {
        const next = Math.min(length, at + 1 + chaos.int(12));
        chunks.push(asBytes ? bytes.subarray(at, next) : stream.slice(at, next));
        at = next;
      }
      const whole = new SseParser();
      const chunked = new SseParser();
      const [expected, actual] = stopwatch.time(index, () => [whole.push(asBytes ? bytes : stream), chunks.flatMap((chunk) => chunked.push(chunk))]);
      check(JSON.stringify(actual) === JSON.stringify(expected), 'chunking changed the items', index, stream);
      check(chunked.lastEventId === whole.lastEventId && chunked.reconnectionTime === whole.reconnectionTime, 'chunking changed the state', index, stream);
      for (const item of actual) checkSummary(summarizeSseItem(item), 'sse', index, stream);
      chunked.end();
    }
    stopwatch.expectFast('sse');
  });

  it('detect: any URL and any first frames give a library or nothing', () => {
    const chaos = new Chaos(SEED + 4);
    const urls = [...socketIoUrls, ...pusherUrls, ...ablyUrls.map((entry) => entry.url)].map((path) => 'wss://127.0.0.1:1' + path);
    const frames = [...socketIoFrames.map((frame) => frame.payload), ...pusherFrames.map((frame) => frame.text), ...ablyFrames.map((frame) => frame.payload)];
    const texts = frames.filter((frame): frame is string => typeof frame === 'string');
    const libraries = [undefined, 'socket.io', 'pusher', 'ably'];
    const stopwatch = new Stopwatch();
    for (let index = 0; index < FRAMES_PER_DECODER; index++) {
      const url = chaos.chance(0.8) ? mutateText(chaos, chaos.pick(urls), urls) : randomText(chaos, 80);
      const first = Array.from({ length: chaos.int(5) }, () => {
        const frame = chaos.pick(frames);
        if (typeof frame !== 'string') return chaos.chance(0.5) ? mutateBytes(chaos, frame) : frame;
        return chaos.chance(0.7) ? mutateText(chaos, frame, texts) : frame;
      });
      const library = stopwatch.time(index, () => detectLibrary(url, first));
      check(libraries.includes(library), `library ${String(library)}`, index, url);
    }
    stopwatch.expectFast('detect');
  });

  it('huge and deeply nested frames stay within the per-frame budget', () => {
    const megabyte = 'x'.repeat(1 << 20);
    const nested = deepNesting(200_000, '[', ']');
    const cases: Array<() => unknown> = [
      () => decodeSocketIoFrame(`42["big","${megabyte}"]`),
      () => decodeSocketIoFrame(`42["deep",${nested}]`),
      () => decodeSocketIoFrame('4' + '9'.repeat(1 << 20)),
      () => decodeSocketIoFrame(Array(50_000).fill('2').join('\x1e'), 'polling'),
      () => new SocketIoSession().receive('in', `451-["deep",${deepNesting(100_000, '{"a":', '}', '{"_placeholder":true,"num":0}')}]`, 0),
      () => decodePusherFrame(`{"event":"e","data":${JSON.stringify(nested)}}`),
      () => decodePusherFrame(`{"event":"e","data":"${megabyte}"}`),
      () => decodeAblyFrame(`{"action":15,"messages":[${Array(20_000).fill('{"data":"e30=","encoding":"json/utf-8/base64"}').join(',')}]}`),
      () => decodeAblyFrame(encodeMsgpack({ action: 15, messages: [{ data: new Uint8Array(1 << 20) }] })),
      () => decodeAblyFrame(new Uint8Array([...new Array<number>(200_000).fill(0x91), 0xc0])),
      () => new SseParser().push(`data: ${megabyte}\n\n`),
      () => new SseParser().push('\n'.repeat(1 << 20)),
      () => detectLibrary(`wss://x/?${'a=1&'.repeat(100_000)}`, [`0${nested}`]),
    ];
    for (const [index, run] of cases.entries()) {
      const started = performance.now();
      run();
      expect(performance.now() - started, `case ${index}`).toBeLessThan(FRAME_BUDGET_MS * 2);
    }
  });
});

import { clip } from './preview';
import type { SseItem, SseMessage } from './types';

/** Taken at load, before page code runs, so that a page replacing `TextDecoder` cannot change what we parse. */
const NativeTextDecoder = TextDecoder;

/**
 * An incremental `text/event-stream` parser for streams read through `fetch` (which never reach `EventSource`).
 * Feed it the chunks as they come, cut anywhere — inside a line, between \r and \n, inside a UTF-8 sequence — and
 * it yields what `EventSource` would dispatch, plus `retry` changes and comments. Work is linear in the input.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export class SseParser {
  /** The last event ID string: what an event carries and what a reconnection sends as `Last-Event-ID`. */
  lastEventId: string;
  /** The reconnection time set by the last valid `retry:` line, if any. */
  reconnectionTime: number | undefined;

  private decoder: TextDecoder | undefined;
  private started = false;
  private partialLine = '';
  /** The previous chunk ended in \r: a \n opening the next chunk belongs to the same line ending. */
  private skipNextLineFeed = false;
  private data = '';
  private eventType = '';
  private lastEventIdBuffer: string;

  /**
   * `lastEventId` continues a previous connection's, as browsers do on reconnection (Chromium seeds its
   * `EventSourceParser` with it).
   */
  constructor(lastEventId = '') {
    this.lastEventId = lastEventId;
    this.lastEventIdBuffer = lastEventId;
  }

  /** Bytes are decoded as UTF-8 (the only encoding event streams have), text is taken as decoded. */
  push(chunk: string | Uint8Array): SseItem[] {
    let text: string;
    if (typeof chunk === 'string') {
      text = chunk;
    } else {
      // One leading BOM is stripped by the UTF-8 decode the spec names, which `TextDecoder` implements.
      this.decoder ??= new NativeTextDecoder('utf-8');
      text = this.decoder.decode(chunk, { stream: true });
    }
    if (!this.started && text.length > 0) {
      this.started = true;
      if (typeof chunk === 'string' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return this.scan(text);
  }

  /**
   * The stream ended. "If the file ends in the middle of an event, before the final empty line, the incomplete
   * event is not dispatched": an unterminated line and an undispatched event are dropped.
   */
  end(): void {
    this.decoder = undefined;
    this.started = false;
    this.partialLine = '';
    this.skipNextLineFeed = false;
    this.data = '';
    this.eventType = '';
  }

  private scan(text: string): SseItem[] {
    const items: SseItem[] = [];
    let start = 0;
    if (this.skipNextLineFeed && text.length > 0) {
      this.skipNextLineFeed = false;
      if (text.charCodeAt(0) === 0x0a) start = 1;
    }
    for (let i = start; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== 0x0a && code !== 0x0d) continue;
      const line = this.partialLine + text.slice(start, i);
      this.partialLine = '';
      this.processLine(line, items);
      if (code === 0x0d) {
        if (i + 1 === text.length) this.skipNextLineFeed = true;
        else if (text.charCodeAt(i + 1) === 0x0a) i++;
      }
      start = i + 1;
    }
    if (start < text.length) this.partialLine += text.slice(start);
    return items;
  }

  private processLine(line: string, items: SseItem[]): void {
    if (line === '') {
      this.dispatch(items);
      return;
    }
    const colon = line.indexOf(':');
    if (colon === 0) {
      items.push({ kind: 'comment', text: line.slice(1) });
      return;
    }
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data += value + '\n';
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventIdBuffer = value;
        break;
      case 'retry':
        if (isAsciiDigits(value)) {
          const milliseconds = Number(value);
          // Chromium ignores a value that does not fit its integer, rather than keep a rounded one.
          if (Number.isSafeInteger(milliseconds)) {
            this.reconnectionTime = milliseconds;
            items.push({ kind: 'retry', milliseconds });
          }
        }
        break;
    }
  }

  private dispatch(items: SseItem[]): void {
    this.lastEventId = this.lastEventIdBuffer;
    if (this.data === '') {
      this.eventType = '';
      return;
    }
    const data = this.data.endsWith('\n') ? this.data.slice(0, -1) : this.data;
    items.push({ kind: 'event', type: this.eventType || 'message', data, lastEventId: this.lastEventId });
    this.data = '';
    this.eventType = '';
  }
}

function isAsciiDigits(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/** The frame-list line of an SSE item (an `EventSource` event, or one the parser yields). */
export function summarizeSseItem(item: SseItem): SseMessage {
  switch (item.kind) {
    case 'event': {
      const id = item.lastEventId ? ` #${item.lastEventId}` : '';
      return { ok: true, protocol: 'sse', label: clip(item.type), summary: clip(`${item.type}${id} ${item.data}`) };
    }
    case 'retry':
      return { ok: true, protocol: 'sse', label: 'retry', summary: `retry ${item.milliseconds} ms` };
    case 'comment':
      return { ok: true, protocol: 'sse', label: 'comment', summary: clip(`:${item.text}`), heartbeat: true };
  }
}

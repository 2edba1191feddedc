/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) as far as this tool writes and reads it, with the
 * fields Chrome DevTools adds for realtime traffic: `_resourceType`, `_webSocketMessages` (Chromium
 * front_end/models/har/Log.ts: `{type: 'send'|'receive', time, opcode, data}` with `time` in epoch seconds and binary
 * data as base64 under opcode 2) and `_eventSourceMessages` (`{time, eventName, eventId, data}`).
 */
export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarWebSocketMessage {
  type: 'send' | 'receive';
  /** Epoch seconds. */
  time: number;
  /** RFC 6455 §5.2: 1 text, 2 binary. */
  opcode: 1 | 2;
  data: string;
}

export interface HarEventSourceMessage {
  /** Epoch seconds. */
  time: number;
  eventName: string;
  eventId: string;
  data: string;
}

export interface HarTimings {
  blocked: number;
  dns: number;
  connect: number;
  send: number;
  wait: number;
  receive: number;
  ssl: number;
}

export interface HarEntry {
  pageref: string;
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HarNameValue[];
    queryString: HarNameValue[];
    cookies: HarNameValue[];
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarNameValue[];
    cookies: HarNameValue[];
    content: { size: number; mimeType: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: HarTimings;
  _resourceType: 'websocket' | 'eventsource' | 'fetch';
  _webSocketMessages?: HarWebSocketMessage[];
  _eventSourceMessages?: HarEventSourceMessage[];
}

export interface HarLog {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    browser?: { name: string; version: string; comment?: string };
    pages: { startedDateTime: string; id: string; title: string; pageTimings: { onContentLoad: number; onLoad: number } }[];
    entries: HarEntry[];
    comment?: string;
  };
}

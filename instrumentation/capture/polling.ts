import { splitPollingPayload } from '../decoders/engineio';
import { isRecord, parseJson, stringField } from '../decoders/json';
import type { ConnectionInfo } from '../protocol';
import type { Recorder } from '../recorder';

/**
 * Engine.io (Socket.IO) HTTP long-polling, as the page's XHR or fetch requests show it: one connection per
 * engine.io session. The handshake GET (no `sid`) answers `0{"sid":…}` and opens the connection; later requests
 * carry `sid=…`. A POST body is what the client sends, a GET answer what it receives; both are cut into their
 * packets (joined by U+001E), one frame each. A close packet, a failed request or the upgrade to WebSocket
 * (the client's `5` on the socket with the same sid) closes it.
 * @see https://github.com/socketio/engine.io-protocol#http-long-polling-1
 */

/** Sessions remembered after they ended, so that a late answer still finds its connection; the oldest go first. */
const MAX_SESSIONS = 200;

/** Whether a request URL is an engine.io v4 long-polling request. */
export function isEnginePollingUrl(url: string): boolean {
  return url.includes('EIO=4') && url.includes('transport=polling');
}

/** The `sid` query parameter of a URL, if any. */
export function sidOf(url: string): string | undefined {
  const match = /[?&]sid=([^&#]*)/.exec(url);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1] ?? '');
  } catch {
    return match[1];
  }
}

/** The sid an engine.io open packet (the first packet of a handshake answer) gives, if the body starts with one. */
export function handshakeSid(body: string): string | undefined {
  if (!body.startsWith('0{')) return undefined;
  const first = splitPollingPayload(body)[0] ?? '';
  const parsed = parseJson(first.slice(1));
  return parsed.ok && isRecord(parsed.value) ? stringField(parsed.value, 'sid') : undefined;
}

export interface PollingHooks {
  /** A session's connection was opened: bind its Socket.IO decoding to the sid. */
  opened(info: ConnectionInfo, sid: string): void;
}

export class PollingSessions {
  private readonly sessions = new Map<string, ConnectionInfo>();

  constructor(
    private readonly recorder: Recorder,
    private readonly hooks: PollingHooks,
  ) {}

  /** The long-polling connection of an engine.io session, if it was seen. */
  find(sid: string): ConnectionInfo | undefined {
    return this.sessions.get(sid);
  }

  /** The page sent a request (its body, for a POST). */
  request(url: string, method: string, body: string | undefined): void {
    const sid = sidOf(url);
    if (sid === undefined || method.toUpperCase() !== 'POST' || body === undefined) return;
    const info = this.sessionFor(sid, url, true);
    if (info.state === 'closed') return;
    for (const packet of splitPollingPayload(body)) this.recorder.frame(info, 'out', packet);
  }

  /** A request of the page was answered (status 0: a network error). */
  response(url: string, method: string, status: number, body: string): void {
    const sid = sidOf(url);
    if (sid === undefined) {
      const opened = handshakeSid(body);
      if (status === 200 && opened !== undefined) this.receive(this.open(opened, url, false), body);
      return;
    }
    const info = status === 200 ? this.sessionFor(sid, url, true) : this.sessions.get(sid);
    if (!info || info.state === 'closed') return;
    if (status !== 200) {
      this.recorder.lifecycle(info, 'error');
      this.recorder.lifecycle(info, 'closed', { closeReason: status === 0 ? 'network error' : `HTTP ${status}`, wasClean: false, initiator: 'remote' });
      return;
    }
    // A POST is answered `ok`: nothing of the session travels in it.
    if (method.toUpperCase() === 'GET') this.receive(info, body);
  }

  /** The client finished the upgrade to WebSocket: this session's polling is over. */
  upgraded(info: ConnectionInfo): void {
    if (info.state !== 'closed') this.recorder.lifecycle(info, 'closed', { closeReason: 'upgraded to websocket', wasClean: true, initiator: 'page' });
  }

  private receive(info: ConnectionInfo, body: string): void {
    for (const packet of splitPollingPayload(body)) {
      this.recorder.frame(info, 'in', packet);
      if (packet === '1') this.recorder.lifecycle(info, 'closed', { closeReason: 'engine.io close packet', wasClean: true, initiator: 'remote' });
    }
  }

  private sessionFor(sid: string, url: string, adoptedLate: boolean): ConnectionInfo {
    return this.sessions.get(sid) ?? this.open(sid, url, adoptedLate);
  }

  private open(sid: string, url: string, adoptedLate: boolean): ConnectionInfo {
    const info = this.recorder.openConnection({ transport: 'polling', url, adoptedLate });
    this.hooks.opened(info, sid);
    this.recorder.lifecycle(info, 'open');
    this.sessions.set(sid, info);
    if (this.sessions.size > MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    return info;
  }
}

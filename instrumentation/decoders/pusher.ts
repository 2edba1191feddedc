import { utf8Decode } from './bytes';
import { isRecord, numberField, own, parseJson, stringField } from './json';
import { clip, previewValue } from './preview';
import type { FramePayload, PusherCloseMeaning, PusherDecoding, PusherMessage, PusherPresence } from './types';

/**
 * Pusher Channels protocol 7 frames: JSON `{event, channel?, data, user_id?}`, `data` usually a JSON string from
 * the server and an object from the client.
 * @see https://pusher.com/docs/channels/library_auth_reference/pusher-websockets-protocol/
 */
export function decodePusherFrame(frame: FramePayload): PusherDecoding {
  const text = typeof frame === 'string' ? frame : utf8Decode(frame);
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, protocol: 'pusher', error: parsed.error };
  const envelope = parsed.value;
  if (!isRecord(envelope)) return { ok: false, protocol: 'pusher', error: 'a Pusher frame is a JSON object' };
  const event = stringField(envelope, 'event');
  if (event === undefined) return { ok: false, protocol: 'pusher', error: 'no "event" name' };

  const base = {
    ok: true as const,
    protocol: 'pusher' as const,
    event,
    label: clip(event),
    data: parseDataString(own(envelope, 'data')),
  };
  const channel = stringField(envelope, 'channel');
  const userId = stringField(envelope, 'user_id');
  const message = interpret(base, channel);
  if (channel !== undefined && message.channel === undefined) message.channel = channel;
  if (userId !== undefined && message.userId === undefined) message.userId = userId;
  return message;
}

type Base = Pick<PusherMessage, 'ok' | 'protocol' | 'event' | 'label' | 'data'>;

function interpret(base: Base, channel: string | undefined): PusherMessage {
  const { event, data } = base;
  const fields = isRecord(data) ? data : {};
  const on = channel === undefined ? '' : ` on ${channel}`;
  switch (event) {
    case 'pusher:connection_established': {
      const socketId = stringField(fields, 'socket_id');
      const activityTimeoutSeconds = numberField(fields, 'activity_timeout');
      const message: PusherMessage = {
        ...base,
        kind: 'connection-established',
        socketId: socketId ?? '',
        summary: clip(
          `connected socket_id=${socketId ?? '(missing)'} activity_timeout=` +
            (activityTimeoutSeconds === undefined ? '(missing: pusher-js refuses the handshake)' : `${activityTimeoutSeconds}s`),
        ),
      };
      if (activityTimeoutSeconds !== undefined) message.activityTimeoutSeconds = activityTimeoutSeconds;
      return message;
    }
    case 'pusher:subscribe': {
      const target = stringField(fields, 'channel');
      const auth = stringField(fields, 'auth');
      const hasAuth = auth !== undefined && auth.length > 0;
      const rawChannelData = own(fields, 'channel_data');
      const channelData = parseDataString(rawChannelData);
      const userId = isRecord(channelData) ? stringField(channelData, 'user_id') : undefined;
      const message: PusherMessage = {
        ...base,
        kind: 'subscribe',
        hasAuth,
        summary: clip(`subscribe ${target ?? '(no channel)'}${hasAuth ? ' with auth' : ''}${userId === undefined ? '' : ` as ${userId}`}`),
      };
      if (target !== undefined) message.channel = target;
      if (rawChannelData !== undefined) message.channelData = channelData;
      if (userId !== undefined) message.userId = userId;
      return message;
    }
    case 'pusher:unsubscribe': {
      const target = stringField(fields, 'channel');
      const message: PusherMessage = { ...base, kind: 'unsubscribe', summary: clip(`unsubscribe ${target ?? '(no channel)'}`) };
      if (target !== undefined) message.channel = target;
      return message;
    }
    case 'pusher_internal:subscription_succeeded': {
      const presence = readPresence(own(fields, 'presence'));
      const message: PusherMessage = {
        ...base,
        kind: 'subscription-succeeded',
        summary: clip(
          presence ? `subscribed${on}, ${presence.count} member${presence.count === 1 ? '' : 's'}: ${presence.ids.join(', ')}` : `subscribed${on}`,
        ),
      };
      if (presence) message.presence = presence;
      return message;
    }
    case 'pusher:subscription_error': {
      const errorType = stringField(fields, 'type');
      const error = stringField(fields, 'error');
      const status = numberField(fields, 'status');
      const message: PusherMessage = {
        ...base,
        kind: 'subscription-error',
        summary: clip(`subscription error${on}: ${[status, errorType, error].filter((part) => part !== undefined).join(' ') || previewValue(data)}`),
      };
      if (errorType !== undefined) message.errorType = errorType;
      if (error !== undefined) message.error = error;
      if (status !== undefined) message.status = status;
      return message;
    }
    case 'pusher_internal:subscription_count': {
      const count = numberField(fields, 'subscription_count');
      const message: PusherMessage = { ...base, kind: 'subscription-count', summary: clip(`${count ?? '?'} subscribers${on}`) };
      if (count !== undefined) message.count = count;
      return message;
    }
    case 'pusher_internal:member_added': {
      const userId = stringField(fields, 'user_id');
      const userInfo = own(fields, 'user_info');
      const message: PusherMessage = {
        ...base,
        kind: 'member-added',
        userInfo,
        summary: clip(`member added${on}: ${userId ?? '(no user_id)'}${userInfo === undefined ? '' : ' ' + previewValue(userInfo)}`),
      };
      if (userId !== undefined) message.userId = userId;
      return message;
    }
    case 'pusher_internal:member_removed': {
      const userId = stringField(fields, 'user_id');
      const message: PusherMessage = { ...base, kind: 'member-removed', summary: clip(`member removed${on}: ${userId ?? '(no user_id)'}`) };
      if (userId !== undefined) message.userId = userId;
      return message;
    }
    case 'pusher:error': {
      const code = numberField(fields, 'code') ?? null;
      const text = stringField(fields, 'message') ?? '';
      const closeMeaning = code !== null && code >= 4000 && code < 5000 ? pusherCloseCodeMeaning(code) : undefined;
      const message: PusherMessage = {
        ...base,
        kind: 'error',
        code,
        message: text,
        summary: clip(`error ${code ?? '(no code)'} ${text}${closeMeaning ? ` → ${closeMeaning.action}` : ''}`),
      };
      if (closeMeaning) message.closeMeaning = closeMeaning;
      return message;
    }
    case 'pusher:ping':
      return { ...base, kind: 'ping', heartbeat: true, summary: 'ping' };
    case 'pusher:pong':
      return { ...base, kind: 'pong', heartbeat: true, summary: 'pong' };
  }
  const summary = clip(`${event}${on} ${previewValue(data)}`);
  if (event.startsWith('client-')) return { ...base, kind: 'client-event', summary };
  if (event.startsWith('pusher:') || event.startsWith('pusher_internal:')) return { ...base, kind: 'protocol-event', summary };
  return { ...base, kind: 'event', summary };
}

/** pusher-js `Protocol.decodeMessage`: a string `data` is parsed as JSON when it is JSON, else kept. */
function parseDataString(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  const parsed = parseJson(data);
  return parsed.ok ? parsed.value : data;
}

function readPresence(value: unknown): PusherPresence | undefined {
  if (!isRecord(value)) return undefined;
  const ids = own(value, 'ids');
  const hash = own(value, 'hash');
  const idList = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  return {
    ids: idList,
    hash: isRecord(hash) ? hash : {},
    count: numberField(value, 'count') ?? idList.length,
  };
}

const CLOSE_CODE_TEXTS: Record<number, string> = {
  4000: 'the app only accepts TLS connections',
  4001: 'the app does not exist',
  4003: 'the app is disabled',
  4004: 'the app is over its connection quota',
  4005: 'path not found',
  4006: 'invalid version string format',
  4007: 'unsupported protocol version',
  4008: 'no protocol version supplied',
  4009: 'the connection is unauthorized',
  4100: 'over capacity',
  4200: 'generic reconnect immediately',
  4201: 'pong reply not received',
  4202: 'closed after inactivity',
  4301: 'client event rejected due to rate limit',
};

/**
 * What pusher-js does after the connection closes with `code`, as its `Protocol.getCloseAction` and
 * ConnectionManager decide: below 4000 it retries after 1 s (1002–1004 through its `backoff` path, also 1 s);
 * 4000 switches to TLS; 4001–4099 and 4300+ give up; 4100–4199 back off 1 s; 4200–4299 reconnect at once.
 * @see https://pusher.com/docs/channels/library_auth_reference/pusher-websockets-protocol/#error-codes
 */
export function pusherCloseCodeMeaning(code: number): PusherCloseMeaning {
  const known = CLOSE_CODE_TEXTS[code];
  const why = known ? `${code} ${known}` : `${code}`;
  if (code < 4000) {
    if (code >= 1002 && code <= 1004) return { action: 'back-off', text: `${why}: WebSocket protocol-level error; pusher-js retries after 1 s` };
    return { action: 'reconnect-after-1s', text: `${why}: not a Pusher code; pusher-js reconnects after 1 s` };
  }
  if (code === 4000) return { action: 'switch-to-tls', text: `${why}: pusher-js reconnects at once over TLS` };
  if (code < 4100) return { action: 'give-up', text: `${why}: reconnecting with the same parameters cannot succeed; pusher-js stops` };
  if (code < 4200) return { action: 'back-off', text: `${why}: pusher-js reconnects after 1 s` };
  if (code < 4300) return { action: 'reconnect-now', text: `${why}: pusher-js reconnects at once` };
  return { action: 'give-up', text: `${why}: pusher-js treats the connection as refused and stops` };
}

import { decode as decodeMsgpack } from '@msgpack/msgpack';
import { base64ToBytes, utf8Decode } from './bytes';
import { isRecord, numberField, own, parseJson, stringField } from './json';
import { clip, previewValue } from './preview';
import type {
  AblyActionName,
  AblyConnectionDetails,
  AblyDecodedData,
  AblyDecoding,
  AblyErrorInfo,
  AblyMessage,
  AblyPresenceMessage,
  AblyProtocolMessage,
  FramePayload,
} from './types';

/**
 * Ably realtime ProtocolMessages (wire protocol v6): JSON text frames (`format=json`) and msgpack binary frames
 * (`format=msgpack`, the default of ably-js in Node and with `useBinaryProtocol`). Names and numbers are ably-js
 * 2.28's (`protocolmessagecommon.ts`, `presencemessage.ts`, `message.ts`).
 * @see https://ably.com/docs/client-lib-development-guide/features (TR, TM, TP)
 */

const ACTION_NAMES: readonly AblyActionName[] = [
  'HEARTBEAT',
  'ACK',
  'NACK',
  'CONNECT',
  'CONNECTED',
  'DISCONNECT',
  'DISCONNECTED',
  'CLOSE',
  'CLOSED',
  'ERROR',
  'ATTACH',
  'ATTACHED',
  'DETACH',
  'DETACHED',
  'PRESENCE',
  'MESSAGE',
  'SYNC',
  'AUTH',
  'ACTIVATE',
  'OBJECT',
  'OBJECT_SYNC',
  'ANNOTATION',
];

/** Channel state flags then channel mode flags (ably-js `flags`). */
const FLAGS: ReadonlyArray<readonly [string, number]> = [
  ['HAS_PRESENCE', 1 << 0],
  ['HAS_BACKLOG', 1 << 1],
  ['RESUMED', 1 << 2],
  ['TRANSIENT', 1 << 4],
  ['ATTACH_RESUME', 1 << 5],
  ['HAS_OBJECTS', 1 << 7],
  ['PRESENCE', 1 << 16],
  ['PUBLISH', 1 << 17],
  ['SUBSCRIBE', 1 << 18],
  ['PRESENCE_SUBSCRIBE', 1 << 19],
  ['ANNOTATION_PUBLISH', 1 << 21],
  ['ANNOTATION_SUBSCRIBE', 1 << 22],
  ['OBJECT_SUBSCRIBE', 1 << 24],
  ['OBJECT_PUBLISH', 1 << 25],
];

const PRESENCE_ACTIONS = ['absent', 'present', 'enter', 'leave', 'update'] as const;
const MESSAGE_ACTIONS = ['message.create', 'message.update', 'message.delete', 'meta', 'message.summary', 'message.append'];

/** Real chains have at most four steps (`json/utf-8/cipher+aes-128-cbc/base64`); longer ones are not decoded. */
const MAX_ENCODING_STEPS = 8;

export function ablyActionName(action: number): AblyProtocolMessage['actionName'] {
  return ACTION_NAMES[action] ?? `UNKNOWN(${action})`;
}

export function decodeAblyFrame(frame: FramePayload): AblyDecoding {
  const format = typeof frame === 'string' ? 'json' : 'msgpack';
  let value: unknown;
  if (typeof frame === 'string') {
    const parsed = parseJson(frame);
    if (!parsed.ok) return { ok: false, protocol: 'ably', error: parsed.error };
    value = parsed.value;
  } else {
    try {
      const limit = frame.length;
      value = decodeMsgpack(frame, { maxStrLength: limit, maxBinLength: limit, maxArrayLength: limit, maxMapLength: limit, maxExtLength: limit });
    } catch (error) {
      return { ok: false, protocol: 'ably', error: `msgpack: ${error instanceof Error ? error.message : 'cannot decode'}` };
    }
  }
  if (!isRecord(value)) return { ok: false, protocol: 'ably', error: 'a ProtocolMessage is a map' };
  const action = numberField(value, 'action');
  if (action === undefined || !Number.isInteger(action) || action < 0) return { ok: false, protocol: 'ably', error: 'no integer "action"' };
  return protocolMessage(value, action, format);
}

function protocolMessage(raw: Record<string, unknown>, action: number, format: 'json' | 'msgpack'): AblyProtocolMessage {
  const actionName = ablyActionName(action);
  const message: AblyProtocolMessage = { ok: true, protocol: 'ably', format, action, actionName, label: actionName, summary: '', flagNames: [], raw };
  const channel = stringField(raw, 'channel');
  if (channel !== undefined) message.channel = channel;
  for (const key of ['channelSerial', 'id', 'connectionId'] as const) {
    const text = stringField(raw, key);
    if (text !== undefined) message[key] = text;
  }
  for (const key of ['msgSerial', 'count', 'timestamp', 'flags'] as const) {
    const number = numberField(raw, key);
    if (number !== undefined) message[key] = number;
  }
  if (message.flags !== undefined) message.flagNames = flagNames(message.flags);
  const error = readError(own(raw, 'error'));
  if (error) message.error = error;
  const details = readConnectionDetails(own(raw, 'connectionDetails'));
  if (details) message.connectionDetails = details;
  const messages = own(raw, 'messages');
  if (Array.isArray(messages)) message.messages = messages.filter(isRecord).map(readMessage);
  const presence = own(raw, 'presence');
  if (Array.isArray(presence)) message.presence = presence.filter(isRecord).map(readPresence);
  if (action === 0) message.heartbeat = true;
  message.summary = clip(summarize(message));
  return message;
}

function summarize(message: AblyProtocolMessage): string {
  const error = message.error ? ` error ${message.error.code ?? ''} ${message.error.message ?? ''}`.trimEnd() : '';
  const flags = message.flagNames.length ? ` [${message.flagNames.join(' ')}]` : '';
  const channel = message.channel ?? '';
  switch (message.actionName) {
    case 'HEARTBEAT':
      return message.id === undefined ? 'heartbeat' : `heartbeat id=${message.id}`;
    case 'ACK':
    case 'NACK':
      return `${message.actionName} ${serialRange(message.msgSerial, message.count)}${error}`;
    case 'CONNECTED': {
      const details = message.connectionDetails;
      const client = details?.clientId === undefined ? '' : ` clientId=${details.clientId}`;
      return `connected ${message.connectionId ?? '(no connectionId)'}${client}${error}`;
    }
    case 'ATTACH':
    case 'ATTACHED':
    case 'DETACH':
    case 'DETACHED':
      return `${message.actionName.toLowerCase()} ${channel}${flags}${error}`;
    case 'MESSAGE': {
      const messages = message.messages ?? [];
      const serial = message.msgSerial === undefined ? '' : ` #${message.msgSerial}`;
      const only = messages.length === 1 ? messages[0] : undefined;
      if (only) return `${channel}${serial}: ${only.name ?? '(unnamed)'}${only.data === undefined ? '' : ' ' + previewValue(only.data)}`;
      return `${channel}${serial}: ${messages.length} messages: ${messages.slice(0, 8).map((item) => item.name ?? '(unnamed)').join(', ')}`;
    }
    case 'PRESENCE':
    case 'SYNC': {
      const presence = message.presence ?? [];
      const serial = message.msgSerial === undefined ? '' : ` #${message.msgSerial}`;
      const prefix = message.actionName === 'SYNC' ? `sync ${channel} (${message.channelSerial ?? 'no cursor'})` : `${channel}${serial}:`;
      const members = presence
        .slice(0, 8)
        .map((item) => `${item.action}${item.clientId === undefined ? '' : ' ' + item.clientId}${item.data === undefined ? '' : ' ' + previewValue(item.data, 40)}`);
      return `${prefix} ${members.join(', ') || 'no members'}`;
    }
    default:
      return `${message.actionName.toLowerCase()}${channel ? ' ' + channel : ''}${flags}${error}`;
  }
}

function serialRange(msgSerial: number | undefined, count: number | undefined): string {
  if (msgSerial === undefined) return 'msgSerial ?';
  if (count === undefined || count <= 1) return `msgSerial ${msgSerial}`;
  return `msgSerials ${msgSerial}–${msgSerial + count - 1}`;
}

function flagNames(flags: number): string[] {
  const names: string[] = [];
  for (const [name, bit] of FLAGS) if ((flags & bit) !== 0) names.push(name);
  return names;
}

function readError(value: unknown): AblyErrorInfo | undefined {
  if (!isRecord(value)) return undefined;
  const error: AblyErrorInfo = {};
  const code = numberField(value, 'code');
  const statusCode = numberField(value, 'statusCode');
  const message = stringField(value, 'message');
  const href = stringField(value, 'href');
  if (code !== undefined) error.code = code;
  if (statusCode !== undefined) error.statusCode = statusCode;
  if (message !== undefined) error.message = message;
  if (href !== undefined) error.href = href;
  return error;
}

function readConnectionDetails(value: unknown): AblyConnectionDetails | undefined {
  if (!isRecord(value)) return undefined;
  const details: AblyConnectionDetails = {};
  for (const key of ['connectionKey', 'clientId', 'serverId'] as const) {
    const text = stringField(value, key);
    if (text !== undefined) details[key] = text;
  }
  for (const key of ['maxIdleInterval', 'connectionStateTtl', 'maxMessageSize'] as const) {
    const number = numberField(value, key);
    if (number !== undefined) details[key] = number;
  }
  return details;
}

function readMessage(raw: Record<string, unknown>): AblyMessage {
  const message: AblyMessage = decodeAblyData(own(raw, 'data'), own(raw, 'encoding'));
  for (const key of ['id', 'name', 'clientId', 'connectionId', 'serial'] as const) {
    const text = stringField(raw, key);
    if (text !== undefined) message[key] = text;
  }
  const timestamp = numberField(raw, 'timestamp');
  if (timestamp !== undefined) message.timestamp = timestamp;
  const action = numberField(raw, 'action');
  if (action !== undefined) message.action = MESSAGE_ACTIONS[action] ?? `unknown(${action})`;
  const extras = own(raw, 'extras');
  if (extras !== undefined) message.extras = extras;
  return message;
}

function readPresence(raw: Record<string, unknown>): AblyPresenceMessage {
  const action = numberField(raw, 'action') ?? -1;
  const presence: AblyPresenceMessage = { ...decodeAblyData(own(raw, 'data'), own(raw, 'encoding')), action: PRESENCE_ACTIONS[action] ?? `unknown(${action})` };
  for (const key of ['clientId', 'connectionId', 'id'] as const) {
    const text = stringField(raw, key);
    if (text !== undefined) presence[key] = text;
  }
  const timestamp = numberField(raw, 'timestamp');
  if (timestamp !== undefined) presence.timestamp = timestamp;
  return presence;
}

/**
 * Undoes a message's `encoding`, a `/`-separated chain applied left to right when sending and so undone from the
 * right: `base64` → bytes, `utf-8` → text, `json` → value. Stops at a step it cannot undo (`cipher+…` needs the
 * channel key, `vcdiff` the previous message) and keeps what is left, as ably-js `decodeData` does.
 */
export function decodeAblyData(data: unknown, encoding: unknown): AblyDecodedData {
  if (typeof encoding !== 'string' || encoding === '') return { data };
  const steps = encoding.split('/', MAX_ENCODING_STEPS + 1);
  if (steps.length > MAX_ENCODING_STEPS) return { data, encoding, dataError: 'encoding chain too long to decode' };
  let value = data;
  let remaining = steps.length;
  const stop = (dataError: string): AblyDecodedData => ({ data: value, encoding: steps.slice(0, remaining).join('/'), dataError });
  while (remaining > 0) {
    const step = steps[remaining - 1] as string;
    if (step === 'base64') {
      if (typeof value !== 'string') return stop('base64 step on data that is not text');
      const bytes = base64ToBytes(value);
      if (!bytes) return stop('invalid base64');
      value = bytes;
    } else if (step === 'utf-8') {
      if (value instanceof Uint8Array) value = utf8Decode(value);
      else if (typeof value !== 'string') return stop('utf-8 step on data that is not bytes');
    } else if (step === 'json') {
      const text = value instanceof Uint8Array ? utf8Decode(value) : value;
      if (typeof text !== 'string') return stop('json step on data that is not text');
      const parsed = parseJson(text);
      if (!parsed.ok) return stop(`invalid JSON: ${parsed.error}`);
      value = parsed.value;
    } else if (step.startsWith('cipher+')) {
      return stop(`encrypted (${step}): the channel key is not available here`);
    } else if (step === 'vcdiff') {
      return stop('delta (vcdiff): decoding needs the previous message');
    } else {
      return stop(`unknown encoding step ${JSON.stringify(step)}`);
    }
    remaining--;
  }
  return { data: value };
}

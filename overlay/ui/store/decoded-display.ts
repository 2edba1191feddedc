import type { FrameDecoded } from '../../../instrumentation/protocol';

/** The Kind column of a decoded frame: its event name or action, and the channel when it names one. */
export function decodedKindText(decoded: FrameDecoded): string {
  // Socket.IO's default namespace `/` says nothing a user would look for.
  return decoded.channel && decoded.channel !== '/' ? `${decoded.label} · ${decoded.channel}` : decoded.label;
}

/** The Data column of a decoded frame: its summary, with what an ACK settles and how a resume went. */
export function decodedSummaryText(decoded: FrameDecoded): string {
  if (decoded.error !== undefined) return `undecodable as ${decoded.protocol}: ${decoded.error}`;
  const extras: string[] = [];
  if (decoded.ackRoundTripMs !== undefined) extras.push(`ack of ${decoded.ackOf ?? 'an emit'} after ${Math.round(decoded.ackRoundTripMs)} ms`);
  if (decoded.ackLatencyMs !== undefined) {
    const settled = decoded.ackCount === undefined ? 'publishes' : `${decoded.ackCount} publish${decoded.ackCount === 1 ? '' : 'es'}`;
    extras.push(`settles ${settled}, longest wait ${Math.round(decoded.ackLatencyMs)} ms`);
  }
  if (decoded.resume !== undefined) extras.push(`resume: ${decoded.resume}`);
  return extras.length === 0 ? decoded.summary : `${decoded.summary} (${extras.join('; ')})`;
}

/** Name and value of every field the decoder set, in reading order, for the detail pane. */
export function decodedFacts(decoded: FrameDecoded): [string, string][] {
  const facts: [string, string][] = [['Protocol', decoded.protocol], ['Label', decoded.label]];
  if (decoded.channel !== undefined) facts.push([decoded.protocol === 'socket.io' ? 'Namespace' : 'Channel', decoded.channel]);
  facts.push(['Summary', decoded.summary]);
  if (decoded.heartbeat) facts.push(['Heartbeat', 'yes (keep-alive traffic)']);
  if (decoded.error !== undefined) facts.push(['Undecodable', decoded.error]);
  if (decoded.ackOf !== undefined) facts.push(['Ack of', decoded.ackOf]);
  if (decoded.ackRoundTripMs !== undefined) facts.push(['Ack round trip', `${Math.round(decoded.ackRoundTripMs)} ms`]);
  if (decoded.ackCount !== undefined) facts.push(['Publishes settled', String(decoded.ackCount)]);
  if (decoded.ackLatencyMs !== undefined) facts.push(['Longest wait', `${Math.round(decoded.ackLatencyMs)} ms`]);
  if (decoded.resume !== undefined) facts.push(['Resume', decoded.resume]);
  return facts;
}

/**
 * The JSON a decoded frame carries. Socket.IO puts a packet type, namespace and ack id before it (`42/chat,7["msg",…]`,
 * https://socket.io/docs/v4/socket-io-protocol/#format), so its JSON starts at the first bracket or brace.
 */
export function decodedPayloadText(decoded: FrameDecoded, text: string): string {
  if (decoded.protocol !== 'socket.io') return text;
  const start = text.search(/[[{]/);
  return start < 0 ? '' : text.slice(start);
}

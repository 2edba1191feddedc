/** The benchmark's traffic: small JSON text messages, the shape of a busy ticker or presence stream. */
export const MESSAGE_BYTES = 64;

/** One message: JSON of exactly `MESSAGE_BYTES` bytes, each with its own sequence number. */
export function benchMessage(seq: number): string {
  const head = `{"type":"tick","seq":${seq},"price":${(100 + (seq % 997) / 100).toFixed(2)},"pad":"`;
  const tail = '"}';
  const padLength = MESSAGE_BYTES - head.length - tail.length;
  if (padLength < 0) throw new RangeError(`sequence number ${seq} does not fit a ${MESSAGE_BYTES}-byte message`);
  return head + 'x'.repeat(padLength) + tail;
}

/**
 * `count` messages as unmasked server-to-client text frames laid end to end (RFC 6455 §5.2: FIN + opcode 1, then a
 * 7-bit length, since 64 < 126), ready to be written to the socket in one go. Framing every message up front keeps
 * the server's own work out of the measurement: on a 2-core machine a server that frames as it sends competes with
 * the browser for CPU.
 */
export function framedMessages(count: number): Buffer {
  const frameBytes = 2 + MESSAGE_BYTES;
  const frames = Buffer.alloc(frameBytes * count);
  for (let seq = 0; seq < count; seq++) {
    const at = seq * frameBytes;
    frames[at] = 0x81;
    frames[at + 1] = MESSAGE_BYTES;
    frames.write(benchMessage(seq), at + 2, 'utf8');
  }
  return frames;
}

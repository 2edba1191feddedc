import { PROTOCOL_VERSION, type HelloMessage } from '../../../instrumentation/protocol';

/** The `hello` a page of session `sessionId` sends a UI, with the default limits. */
export function hello(sessionId: string): HelloMessage {
  return {
    kind: 'hello',
    protocolVersion: PROTOCOL_VERSION,
    toolVersion: '0.1.0',
    sessionId,
    page: { url: `https://app.test/${sessionId}`, title: 't', userAgent: 'ua', timeOrigin: 1000 },
    limits: { maxEvents: 100_000, maxBytes: 1 << 26, maxPayloadBytes: 1 << 18, previewBytes: 2048 },
  };
}

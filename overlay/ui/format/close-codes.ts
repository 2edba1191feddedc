/**
 * Names of WebSocket close codes.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1 (1000–1011)
 * @see https://www.iana.org/assignments/websocket/websocket.xhtml#close-code-number (1012–1015)
 */
const CLOSE_CODE_NAMES: Readonly<Record<number, string>> = {
  1000: 'Normal Closure',
  1001: 'Going Away',
  1002: 'Protocol Error',
  1003: 'Unsupported Data',
  1005: 'No Status Received',
  1006: 'Abnormal Closure',
  1007: 'Invalid Payload Data',
  1008: 'Policy Violation',
  1009: 'Message Too Big',
  1010: 'Mandatory Extension',
  1011: 'Internal Error',
  1012: 'Service Restart',
  1013: 'Try Again Later',
  1014: 'Bad Gateway',
  1015: 'TLS Handshake',
};

export function closeCodeName(code: number): string {
  const known = CLOSE_CODE_NAMES[code];
  if (known) return known;
  if (code >= 4000 && code <= 4999) return 'Application';
  if (code >= 3000 && code <= 3999) return 'Library';
  return 'Unknown';
}

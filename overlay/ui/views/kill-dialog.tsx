import { useState } from 'preact/hooks';
import type { ConnectionInfo } from '../../../instrumentation/protocol';

/**
 * Close codes a server or network really ends connections with, each testing a different reconnect path:
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1 (1001, 1006) and the IANA registry (1012);
 * Pusher's ranges @see https://pusher.com/docs/channels/library_auth_reference/pusher-websockets-protocol/#error-codes
 */
const KILL_CODES: { code: number; label: string }[] = [
  { code: 1006, label: '1006 abnormal (no close frame)' },
  { code: 1001, label: '1001 going away' },
  { code: 1012, label: '1012 service restart' },
  { code: 4001, label: '4001 Pusher: error, do not reconnect' },
  { code: 4100, label: '4100 Pusher: reconnect after backoff' },
  { code: 4200, label: '4200 Pusher: reconnect now' },
];

/** A close reason travels in a control frame of at most 125 bytes, 2 of them the code (RFC 6455 §5.5). */
const MAX_REASON_BYTES = 123;

interface KillDialogProps {
  connection: ConnectionInfo;
  onKill: (code: number, reason: string) => void;
  onCancel: () => void;
}

/** Ends one connection as the server or the network would, with the close the user picks. */
export function KillDialog({ connection, onKill, onCancel }: KillDialogProps) {
  const [code, setCode] = useState(1006);
  const [reason, setReason] = useState('');
  const isSse = connection.transport !== 'websocket';
  // An abnormal closure has no close frame, so it carries no reason.
  const reasonAllowed = !isSse && code !== 1006;
  const tooLong = new TextEncoder().encode(reason).length > MAX_REASON_BYTES;
  return (
    <div class="rtd-kill-dialog" data-testid="rtd-kill-dialog" role="dialog" aria-label={`Kill connection ${connection.id}`}>
      <div class="rtd-kill-title">
        Kill <span class="rtd-mono">{connection.id}</span>
      </div>
      {isSse ? (
        <div class="rtd-dim">The stream drops; the EventSource reconnects as after a network error.</div>
      ) : (
        <>
          <select class="rtd-select" data-testid="rtd-kill-code" aria-label="Close code" value={String(code)} onChange={(event) => setCode(Number(event.currentTarget.value))}>
            {KILL_CODES.map((entry) => (
              <option key={entry.code} value={String(entry.code)}>
                {entry.label}
              </option>
            ))}
          </select>
          <input
            type="text"
            class={`rtd-chaos-text${tooLong ? ' rtd-chaos-invalid' : ''}`}
            data-testid="rtd-kill-reason"
            aria-label="Close reason"
            placeholder={reasonAllowed ? 'reason (optional)' : 'no reason without a close frame'}
            disabled={!reasonAllowed}
            value={reason}
            onInput={(event) => setReason(event.currentTarget.value)}
          />
        </>
      )}
      <div class="rtd-kill-actions">
        <button type="button" class="rtd-button rtd-button-primary" data-testid="rtd-kill-confirm" disabled={reasonAllowed && tooLong} onClick={() => onKill(code, reasonAllowed ? reason : '')}>
          Kill
        </button>
        <button type="button" class="rtd-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

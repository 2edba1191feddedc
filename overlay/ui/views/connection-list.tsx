import type { TargetedKeyboardEvent } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { VirtualList } from '../components/virtual-list';
import { rowAfterKey } from '../components/virtual-window';
import { formatBytes, formatCount, formatDuration } from '../format/units';
import { connectionKey, type ConnectionEntry } from '../store/connection-table';
import { useDevtoolsStore, useStoreValue } from '../store/use-store';
import { TRANSPORT_LABEL, describeClose } from './describe';
import { useTraceMode } from '../store/trace-mode';
import { KillDialog } from './kill-dialog';
import { useNow } from './use-now';

const ROW_HEIGHT = 40;

function splitUrl(url: string): { main: string; host: string } {
  try {
    const parsed = new URL(url);
    return { main: `${parsed.pathname}${parsed.search}`, host: parsed.host };
  } catch {
    return { main: url, host: '' };
  }
}

/** The transports the page's chaos engine can cut. */
const KILLABLE = new Set<ConnectionEntry['info']['transport']>(['websocket', 'eventsource']);

function isLive(entry: ConnectionEntry, currentSession: number): boolean {
  return entry.session === currentSession && (entry.info.state === 'open' || entry.info.state === 'connecting' || entry.info.state === 'closing');
}

/** How long the connection lasted; null for one whose page went away before it closed (its end is unknown). */
function duration(entry: ConnectionEntry, currentSession: number, now: number): number | null {
  const { info } = entry;
  if (info.closedAt !== null) return info.closedAt - info.createdAt;
  return isLive(entry, currentSession) ? now - info.createdAt : null;
}

interface RowProps {
  entry: ConnectionEntry;
  selected: boolean;
  archived: boolean;
  attempts: number;
  now: number;
  currentSession: number;
  /** The connection that took over from this one (a Socket.IO WebSocket upgrading this polling session). */
  upgradedTo: string | undefined;
  onSelect: (key: string) => void;
  /** Offered for open connections of the live page; undefined where a kill cannot apply. */
  onKill: ((key: string) => void) | undefined;
}

/** A link to another connection of the same page load: picking it filters the frames to that one. */
function ConnectionLink({ text, session, id, onSelect }: { text: string; session: number; id: string; onSelect: (key: string) => void }) {
  return (
    <button
      type="button"
      class="rtd-link-button rtd-conn-link"
      data-testid="rtd-connection-link"
      onClick={(event) => {
        event.stopPropagation();
        onSelect(connectionKey(session, id));
      }}
    >
      {text} {id}
    </button>
  );
}

function ConnectionRow({ entry, selected, archived, attempts, now, currentSession, upgradedTo, onSelect, onKill }: RowProps) {
  const { info } = entry;
  const { main, host } = splitUrl(info.url);
  const close = info.state === 'closed' ? describeClose(info.closeCode, info.closeReason) : '';
  const lasted = duration(entry, currentSession, now);
  // A connection still open when its page unloaded ended with it; its last known state would mislead.
  const shownState = archived && info.state !== 'closed' ? 'unloaded' : info.state;
  const classes = ['rtd-conn-row', selected && 'rtd-selected', (info.state === 'closed' || archived) && 'rtd-conn-ended'].filter(Boolean).join(' ');
  const title = [
    info.url,
    `${info.transport} ${info.id} · lineage ${info.lineage} attempt ${info.attempt + 1}`,
    info.protocol && `subprotocol ${info.protocol}`,
    info.library && `${info.library} client`,
    info.upgradedFrom && `upgraded from the long-polling session ${info.upgradedFrom}`,
    upgradedTo && `upgraded to ${upgradedTo}`,
    info.adoptedLate && 'adopted after it was created: its first frames were not seen',
    archived && 'from a previous page load',
  ].filter(Boolean).join('\n');
  return (
    <div
      class={classes}
      role="option"
      aria-selected={selected}
      title={title}
      data-testid="rtd-connection-row"
      data-connection-id={info.id}
      data-state={info.state}
      data-transport={info.transport}
      data-attempt={String(info.attempt)}
      data-library={info.library}
      onClick={() => onSelect(entry.key)}
    >
      <div class="rtd-conn-line">
        <span class={`rtd-state-dot rtd-state-${archived ? 'closed' : info.state}`} />
        <span class="rtd-conn-main">{main}</span>
        {/* On the first line, which has room to spare: the link is what ties the two connections of one client. */}
        {info.upgradedFrom && <ConnectionLink text="upgraded from" session={entry.session} id={info.upgradedFrom} onSelect={onSelect} />}
        {upgradedTo && <ConnectionLink text="upgraded to" session={entry.session} id={upgradedTo} onSelect={onSelect} />}
        <span class="rtd-conn-host">{host}</span>
        {onKill && (
          <button
            type="button"
            class="rtd-kill-button"
            data-testid="rtd-kill-button"
            title="Kill this connection as the server or network would"
            aria-label={`Kill connection ${info.id}`}
            onClick={(event) => {
              event.stopPropagation();
              onKill(entry.key);
            }}
          >
            ✕ kill
          </button>
        )}
      </div>
      <div class="rtd-conn-line rtd-conn-meta">
        <span class={`rtd-badge rtd-badge-${info.transport}`} data-testid="rtd-transport-badge">
          {TRANSPORT_LABEL[info.transport]}
        </span>
        {info.library && (
          <span class={`rtd-library-badge rtd-library-${info.library.replace('.', '')}`} data-testid="rtd-library-badge">
            {info.library}
          </span>
        )}
        <span class={`rtd-state-badge rtd-state-${archived ? 'closed' : info.state}`}>{shownState}</span>
        <span class="rtd-mono">{info.id}</span>
        {attempts > 1 && <span class="rtd-attempt">#{info.attempt + 1}</span>}
        <span class="rtd-mono rtd-out">↑{formatCount(info.framesOut)}</span>
        <span class="rtd-mono rtd-in">↓{formatCount(info.framesIn)}</span>
        <span class="rtd-mono">{formatBytes(info.bytesIn + info.bytesOut)}</span>
        {lasted !== null && <span class="rtd-mono">{formatDuration(lasted)}</span>}
        {close && <span class="rtd-conn-close">{close}</span>}
      </div>
    </div>
  );
}

/** Every connection seen, newest last; picking one filters the frames to it. */
export function ConnectionList() {
  const store = useDevtoolsStore();
  const table = useStoreValue((state) => state.connections);
  const dataVersion = useStoreValue((state) => state.dataVersion);
  const selected = useStoreValue((state) => state.selectedConnection);
  const currentSession = useStoreValue((state) => state.session?.ordinal ?? -1);
  const { readOnly } = useTraceMode();
  const pageLive = useStoreValue((state) => !readOnly && state.disconnected === null && state.versionMismatch === null);
  const [killKey, setKillKey] = useState<string | null>(null);
  const entries = table.entries;
  const canKill = (entry: ConnectionEntry): boolean =>
    pageLive && entry.session === currentSession && entry.info.state === 'open' && KILLABLE.has(entry.info.transport);
  const killTarget = killKey === null ? undefined : table.get(killKey);
  const kill = (code: number, reason: string): void => {
    if (!killTarget) return;
    store.getState().send({ kind: 'kill', connectionId: killTarget.info.id, code, reason });
    setKillKey(null);
  };

  const summary = useMemo(() => {
    const attempts = new Map<string, number>();
    const upgradedTo = new Map<string, string>();
    let framesIn = 0;
    let framesOut = 0;
    let bytes = 0;
    let live = false;
    for (const entry of entries) {
      const lineage = `${entry.session}:${entry.info.lineage}`;
      attempts.set(lineage, (attempts.get(lineage) ?? 0) + 1);
      if (entry.info.upgradedFrom) upgradedTo.set(connectionKey(entry.session, entry.info.upgradedFrom), entry.info.id);
      framesIn += entry.info.framesIn;
      framesOut += entry.info.framesOut;
      bytes += entry.info.bytesIn + entry.info.bytesOut;
      live ||= isLive(entry, currentSession);
    }
    return { attempts, upgradedTo, framesIn, framesOut, bytes, live };
  }, [entries, dataVersion, currentSession]);
  const now = useNow(summary.live);

  const select = (key: string | null): void => store.getState().selectConnection(key);
  const selectedIndex = selected === null ? -1 : entries.findIndex((entry) => entry.key === selected);

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>, pageRows: number): void => {
    const next = rowAfterKey(event.key, selectedIndex, entries.length, pageRows);
    if (next === null) return;
    event.preventDefault();
    select(entries[next]?.key ?? null);
  };

  return (
    <div class="rtd-connections" data-testid="rtd-connections">
      <div class="rtd-pane-header">
        <span>Connections</span>
        <span class="rtd-pane-count">{formatCount(entries.length)}</span>
      </div>
      <div
        class={`rtd-conn-all ${selected === null ? 'rtd-selected' : ''}`}
        role="option"
        aria-selected={selected === null}
        data-testid="rtd-connection-all"
        onClick={() => select(null)}
      >
        <span class="rtd-conn-main">All connections</span>
        <span class="rtd-conn-meta">
          <span class="rtd-mono rtd-out">↑{formatCount(summary.framesOut)}</span>
          <span class="rtd-mono rtd-in">↓{formatCount(summary.framesIn)}</span>
          <span class="rtd-mono">{formatBytes(summary.bytes)}</span>
        </span>
      </div>
      {entries.length === 0 ? (
        <div class="rtd-empty">No WebSocket or EventSource connection yet.</div>
      ) : (
        <VirtualList
          count={entries.length}
          rowHeight={ROW_HEIGHT}
          label="Connections"
          revealIndex={selectedIndex}
          onKeyDown={onKeyDown}
          renderRow={(index) => {
            const entry = entries[index] as ConnectionEntry;
            return (
              <ConnectionRow
                key={entry.key}
                entry={entry}
                selected={entry.key === selected}
                archived={entry.session !== currentSession}
                attempts={summary.attempts.get(`${entry.session}:${entry.info.lineage}`) ?? 1}
                now={now}
                currentSession={currentSession}
                upgradedTo={summary.upgradedTo.get(entry.key)}
                onSelect={select}
                onKill={canKill(entry) ? setKillKey : undefined}
              />
            );
          }}
        />
      )}
      {killTarget && canKill(killTarget) && (
        <KillDialog key={killTarget.key} connection={killTarget.info} onKill={kill} onCancel={() => setKillKey(null)} />
      )}
    </div>
  );
}

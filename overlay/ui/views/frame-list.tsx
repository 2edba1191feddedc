import type { TargetedKeyboardEvent } from 'preact';
import { useMemo } from 'preact/hooks';
import type { FrameEvent, LifecycleEvent } from '../../../instrumentation/protocol';
import { VirtualList } from '../components/virtual-list';
import { rowAfterKey } from '../components/virtual-window';
import { framePreview } from '../format/payload';
import { formatBytes, formatClock, formatDelta } from '../format/units';
import { connectionKey } from '../store/connection-table';
import { decodedKindText, decodedSummaryText } from '../store/decoded-display';
import type { LogRow, NavigationRow } from '../store/event-log';
import { lowerBound } from '../store/frame-filter';
import { queryLinks, type CausedAction } from '../store/query-links';
import type { RowRef } from '../store/store';
import { useDevtoolsStore, useStoreValue } from '../store/use-store';
import { CauseBadge } from './cause-badge';
import { describeLifecycle } from './describe';
import { useFilteredRows } from './use-filtered-rows';

const FRAME_ROW_HEIGHT = 20;

const PHASE_ICON: Record<LifecycleEvent['phase'], string> = {
  connecting: '◌',
  open: '●',
  closing: '◐',
  closed: '○',
  error: '✕',
  reconnecting: '↻',
};

interface RowContext {
  selected: boolean;
  delta: number;
  onSelect: () => void;
}

function TimeCells({ at, delta }: { at: number; delta: number }) {
  return (
    <>
      <span class="rtd-col-time">{formatClock(at)}</span>
      <span class="rtd-col-delta">{Number.isNaN(delta) ? '' : formatDelta(delta)}</span>
    </>
  );
}

function FrameRow({ frame, selected, delta, onSelect, caused }: RowContext & { frame: FrameEvent; caused: readonly CausedAction[] }) {
  const { decoded } = frame;
  const undecodable = decoded?.error !== undefined;
  const kind = decoded ? decodedKindText(decoded) : frame.kind === 'event' ? (frame.event ?? 'message') : frame.kind;
  const classes = [
    'rtd-row rtd-frame-row',
    `rtd-dir-${frame.direction}`,
    selected && 'rtd-selected',
    frame.discarded && 'rtd-discarded',
    frame.dropped && 'rtd-chaos-dropped',
    decoded?.heartbeat && 'rtd-heartbeat',
    undecodable && 'rtd-undecodable',
  ];
  return (
    <div
      class={classes.filter(Boolean).join(' ')}
      role="option"
      aria-selected={selected}
      data-testid="rtd-frame-row"
      data-seq={String(frame.seq)}
      data-direction={frame.direction}
      data-kind={frame.kind}
      data-connection-id={frame.connectionId}
      data-dropped={frame.dropped ? 'true' : undefined}
      data-decoded-label={decoded?.label}
      data-heartbeat={decoded?.heartbeat ? 'true' : undefined}
      data-undecodable={undecodable ? 'true' : undefined}
      onClick={onSelect}
    >
      <TimeCells at={frame.at} delta={delta} />
      <span class={`rtd-col-dir rtd-${frame.direction}`} title={frame.direction === 'in' ? 'received' : 'sent'}>
        {frame.direction === 'in' ? '↓' : '↑'}
      </span>
      <span class="rtd-col-conn">{frame.connectionId}</span>
      <span class={`rtd-col-kind rtd-kind-${frame.kind}`} title={frame.discarded ? 'sent while closing: the browser discarded it' : kind}>
        {frame.discarded ? `⚠ ${kind}` : kind}
      </span>
      <span class="rtd-col-size">{formatBytes(frame.size)}</span>
      <span class="rtd-col-preview">
        {caused.length > 0 && <CauseBadge actions={caused} />}
        {frame.dropped && (
          <span class="rtd-chaos-tag" data-testid="rtd-dropped-tag" title="Lost on purpose by a simulated network condition: the other end never got it">
            dropped by chaos
          </span>
        )}
        {decoded && (
          <span class={`rtd-library-badge rtd-library-${decoded.protocol.replace('.', '')}`} data-testid="rtd-library-badge">
            {decoded.protocol}
          </span>
        )}
        {undecodable && (
          <span class="rtd-undecodable-tag" data-testid="rtd-undecodable-tag" title={decoded?.error}>
            undecodable
          </span>
        )}
        <span class="rtd-preview-text">{decoded && !undecodable ? decodedSummaryText(decoded) : framePreview(frame)}</span>
      </span>
    </div>
  );
}

function LifecycleRow({ event, selected, delta, onSelect, description }: RowContext & { event: LifecycleEvent; description: string }) {
  return (
    <div
      class={`rtd-row rtd-lifecycle-row rtd-phase-${event.phase}${selected ? ' rtd-selected' : ''}`}
      role="option"
      aria-selected={selected}
      data-testid="rtd-lifecycle-row"
      data-phase={event.phase}
      data-connection-id={event.connectionId}
      data-simulated={event.simulated ? 'true' : undefined}
      onClick={onSelect}
    >
      <TimeCells at={event.at} delta={delta} />
      <span class="rtd-col-dir rtd-phase-icon">{PHASE_ICON[event.phase]}</span>
      <span class="rtd-col-conn">{event.connectionId}</span>
      <span class="rtd-col-kind">{event.phase}</span>
      <span class="rtd-col-size" />
      <span class="rtd-col-preview">
        {event.simulated && (
          <span class="rtd-chaos-tag" data-testid="rtd-simulated-tag" title="Made up by a simulated network condition (offline, kill), not seen on the wire">
            simulated
          </span>
        )}
        {description}
      </span>
    </div>
  );
}

function NavigationDivider({ row, selected, onSelect }: { row: NavigationRow; selected: boolean; onSelect: () => void }) {
  return (
    <div class={`rtd-row rtd-navigation-row${selected ? ' rtd-selected' : ''}`} role="option" aria-selected={selected} data-testid="rtd-navigation-row" onClick={onSelect}>
      <span class="rtd-col-time">{formatClock(row.at)}</span>
      <span class="rtd-navigation-text">Navigated to {row.url}</span>
    </div>
  );
}

/** Frames and lifecycle events of the selected connection (or all), filtered, newest last. */
export function FrameList() {
  const store = useDevtoolsStore();
  const { indices, filter, dataVersion } = useFilteredRows();
  const selected = useStoreValue((state) => state.selectedRow);
  const { log, connections } = store.getState();
  const count = indices.length;
  // Rebuilt only when query events arrive; each visible row then costs one map lookup.
  const links = queryLinks(useStoreValue((state) => state.queryEvents));

  const selectedIndex = useMemo(() => {
    if (!selected) return -1;
    const absolute = log.indexOf(selected.session, selected.seq);
    if (absolute < 0) return -1;
    const position = lowerBound(indices, absolute);
    return indices[position] === absolute ? position : -1;
  }, [selected, indices, count, dataVersion]);

  const refAt = (position: number): RowRef | null => {
    const absolute = indices[position];
    if (absolute === undefined) return null;
    const row = log.row(absolute);
    return row ? { session: log.sessionOf(absolute), seq: row.seq } : null;
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>, pageRows: number): void => {
    const next = rowAfterKey(event.key, selectedIndex, count, pageRows);
    if (next === null) return;
    event.preventDefault();
    store.getState().selectRow(refAt(next));
  };

  const renderRow = (position: number) => {
    const absolute = indices[position] as number;
    const row = log.row(absolute) as LogRow;
    const previousIndex = indices[position - 1];
    const previous = previousIndex === undefined ? undefined : log.row(previousIndex);
    const delta = previous ? row.at - previous.at : Number.NaN;
    const isSelected = position === selectedIndex;
    const onSelect = (): void => store.getState().selectRow(refAt(position));
    switch (row.type) {
      case 'frame':
        return (
          <FrameRow key={absolute} frame={row} selected={isSelected} delta={delta} onSelect={onSelect} caused={links.causedBy(log.sessionOf(absolute), row.seq)} />
        );
      case 'lifecycle': {
        const connection = connections.get(connectionKey(log.sessionOf(absolute), row.connectionId))?.info;
        return (
          <LifecycleRow key={absolute} event={row} selected={isSelected} delta={delta} onSelect={onSelect} description={describeLifecycle(row, connection)} />
        );
      }
      case 'navigation':
        return <NavigationDivider key={absolute} row={row} selected={isSelected} onSelect={onSelect} />;
    }
  };

  const filtering = filter.test !== null;
  return (
    <div class="rtd-frames">
      <div class="rtd-row rtd-frame-header" role="presentation">
        <span class="rtd-col-time">Time</span>
        <span class="rtd-col-delta">Δ</span>
        <span class="rtd-col-dir" />
        <span class="rtd-col-conn">Conn</span>
        <span class="rtd-col-kind">Kind</span>
        <span class="rtd-col-size">Size</span>
        <span class="rtd-col-preview">Data</span>
      </div>
      <div class="rtd-frames-body">
        <VirtualList
          count={count}
          rowHeight={FRAME_ROW_HEIGHT}
          followEnd
          revealIndex={selectedIndex}
          onKeyDown={onKeyDown}
          renderRow={renderRow}
          testId="rtd-frame-list"
          label="Frames"
          className="rtd-frame-list"
        />
        {count === 0 && (
          <div class="rtd-empty rtd-empty-overlay">
            {filtering && log.size > 0 ? 'No frame matches the filter.' : 'No frames yet. Frames appear here as the page sends and receives them.'}
          </div>
        )}
      </div>
    </div>
  );
}

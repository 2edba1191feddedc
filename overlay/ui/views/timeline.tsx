import { useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatClock, formatDuration } from '../format/units';
import { useDevtoolsStore, useStoreValue } from '../store/use-store';
import { CacheMarks, cacheMarkersByLane } from './cache-timeline';
import { chaosTimeline, type ChaosBand, type ChaosMarker } from './chaos-markers';
import { clientMarkers, type ClientMarker } from './client-markers';
import {
  focusRange,
  layoutTimeline,
  panRange,
  zoomRange,
  type AttemptBar,
  type TimeRange,
  type TimelineGap,
  type TimelineLane,
} from './timeline-layout';
import { useNow } from './use-now';

const LABEL_WIDTH = 230;
/** Room for the bars with their labels, and below them a row for what client libraries reported. */
const LANE_HEIGHT = 58;
const CLIENT_ROW_Y = 50;
const AXIS_HEIGHT = 24;
const RIGHT_MARGIN = 16;
const BAR_Y = 17;
const BAR_HEIGHT = 12;
/** Room a tick label needs; one closer to the right edge would be cut, so it is left out. */
const TICK_LABEL_PX = 56;
/** Pointer travel that turns a press into a pan rather than a click. */
const DRAG_THRESHOLD_PX = 3;

function Attempt({ bar, selected, onSelect }: { bar: AttemptBar; selected: boolean; onSelect: (key: string) => void }) {
  return (
    <g
      class={`rtd-tl-attempt rtd-state-${bar.state}${selected ? ' rtd-tl-selected' : ''}`}
      data-testid="rtd-timeline-attempt"
      data-connection-id={bar.id}
      data-attempt={String(bar.attempt)}
      onClick={() => onSelect(bar.connectionKey)}
    >
      <title>{bar.title}</title>
      <rect class="rtd-tl-hit" x={bar.x} y={BAR_Y - 4} width={bar.width} height={BAR_HEIGHT + 8} />
      {bar.connectingWidth > 0 && <rect class="rtd-tl-connecting" x={bar.x} y={BAR_Y} width={bar.connectingWidth} height={BAR_HEIGHT} rx={2} />}
      {bar.openWidth > 0 && <rect class="rtd-tl-open" x={bar.x + bar.connectingWidth} y={BAR_Y} width={bar.openWidth} height={BAR_HEIGHT} rx={2} />}
      {selected && <rect class="rtd-tl-outline" x={bar.x - 1.5} y={BAR_Y - 1.5} width={bar.width + 3} height={BAR_HEIGHT + 3} rx={3} />}
      {bar.showAttemptLabel && (
        <text class="rtd-tl-attempt-label" x={bar.x + 2} y={BAR_Y + BAR_HEIGHT + 11}>
          #{bar.attempt + 1}
        </text>
      )}
      {bar.endLabel !== null && (
        <text class="rtd-tl-end-label" x={bar.x + bar.width + 3} y={BAR_Y + BAR_HEIGHT + 11}>
          {bar.endLabel}
        </text>
      )}
    </g>
  );
}

function Gap({ gap }: { gap: TimelineGap }) {
  const y = BAR_Y + BAR_HEIGHT / 2;
  return (
    <>
      <g class="rtd-tl-gap" data-testid="rtd-timeline-gap" data-ms={String(Math.round(gap.ms))}>
        <line class="rtd-tl-gap-line" x1={gap.x} x2={gap.x + gap.width} y1={y} y2={y} />
        <line x1={gap.x} x2={gap.x} y1={y - 4} y2={y + 4} />
        <line x1={gap.x + gap.width} x2={gap.x + gap.width} y1={y - 4} y2={y + 4} />
        <text class={gap.showLabel ? undefined : 'rtd-tl-collapsed'} x={gap.x + gap.width / 2} y={BAR_Y - 4} text-anchor="middle">
          {gap.label}
        </text>
      </g>
      {/* The hover title sits beside the gap, not in it, so that the gap's text is its duration alone. */}
      <rect class="rtd-tl-hit" x={gap.x} y={BAR_Y - 14} width={Math.max(4, gap.width)} height={BAR_HEIGHT + 16}>
        <title>{`waited ${gap.label} before the next attempt`}</title>
      </rect>
    </>
  );
}

function LaneLabel({ lane, onFocus, clipPath }: { lane: TimelineLane; onFocus: (lane: TimelineLane) => void; clipPath: string }) {
  const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  return (
    <g class="rtd-tl-lane-label" transform={`translate(0 ${lane.y})`} clip-path={clipPath} onClick={() => onFocus(lane)}>
      <title>{`${lane.url}\n${lane.summary}\nClick to zoom onto this lane`}</title>
      <rect class="rtd-tl-hit" x={0} y={0} width={LABEL_WIDTH} height={LANE_HEIGHT} />
      <text class="rtd-tl-lane-name" x={8} y={19}>
        {cut(lane.label, 34)}
      </text>
      <text class="rtd-tl-lane-summary" x={8} y={34}>
        {cut(lane.summary, 36)}
      </text>
    </g>
  );
}

interface ChaosOverlayProps {
  markers: ChaosMarker[];
  bands: ChaosBand[];
  xOf: (time: number) => number;
  now: number;
  top: number;
  bottom: number;
}

/** Room a marker label takes per character; a label that would run into the next marker is left to the title. */
const MARKER_CHAR_PX = 6;

/** Where simulated conditions were on (a tint) and where each one started and ended (a dashed line). */
function ChaosOverlay({ markers, bands, xOf, now, top, bottom }: ChaosOverlayProps) {
  const xs = markers.map((marker) => xOf(marker.at));
  return (
    <g class="rtd-tl-chaos">
      {bands.map((band) => {
        const x = xOf(band.start);
        return <rect key={band.key} class="rtd-tl-chaos-band" data-testid="rtd-timeline-chaos-band" x={x} y={top} width={Math.max(1, xOf(band.end ?? now) - x)} height={bottom - top} />;
      })}
      {markers.map((marker, index) => {
        const x = xs[index] as number;
        const room = (xs[index + 1] ?? Number.POSITIVE_INFINITY) - x;
        return (
          <g key={marker.key} data-testid="rtd-timeline-chaos-marker" data-label={marker.label}>
            <title>{marker.title}</title>
            <line x1={x} x2={x} y1={top} y2={bottom} />
            {room >= marker.label.length * MARKER_CHAR_PX + 6 && (
              <text x={x + 3} y={top + 10}>
                {marker.label}
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
}

/**
 * Where a client library scheduled its next attempt (with the wait it chose), gave up, resumed its session, or saw a
 * presence member join or leave, on the lane's client row under the bars: the wait as a dashed line from the decision
 * to the due time, a mark at the end.
 */
function ClientMarkerMark({ marker, x, fromX, showLabel }: { marker: ClientMarker; x: number; fromX: number | null; showLabel: boolean }) {
  return (
    <g
      class={`rtd-tl-client rtd-tl-client-${marker.kind}`}
      data-testid={marker.kind === 'reconnect-scheduled' ? 'rtd-timeline-reconnect' : 'rtd-timeline-client-marker'}
      data-kind={marker.kind}
      data-delay-ms={marker.delayMs === null ? undefined : String(Math.round(marker.delayMs))}
      data-label={marker.label}
    >
      <title>{marker.title}</title>
      {fromX !== null && <line x1={fromX} x2={x} y1={CLIENT_ROW_Y} y2={CLIENT_ROW_Y} />}
      <path d={`M ${x} ${CLIENT_ROW_Y - 5} l 4 5 l -4 5 l -4 -5 z`} />
      {showLabel && (
        <text x={x + 6} y={CLIENT_ROW_Y + 4}>
          {marker.label}
        </text>
      )}
    </g>
  );
}

/**
 * The markers whose label fits without running into another's, reconnect delays first: the delays are what a user
 * reads backoff from, and every label stays in its marker's title.
 */
function labelledMarkers(markers: readonly ClientMarker[], xOf: (time: number) => number): Set<string> {
  const byPriority = [...markers].sort((a, b) => Number(b.kind === 'reconnect-scheduled') - Number(a.kind === 'reconnect-scheduled') || a.at - b.at);
  const taken: [number, number][] = [];
  const shown = new Set<string>();
  for (const marker of byPriority) {
    const start = xOf(marker.at) - 5;
    const end = start + 11 + marker.label.length * MARKER_CHAR_PX;
    if (taken.some(([from, to]) => start < to && end > from)) continue;
    taken.push([start, end]);
    shown.add(marker.key);
  }
  return shown;
}

/** Connections over time, one lane per lineage: bars for attempts, measured gaps for the waits between them. */
export function Timeline() {
  const store = useDevtoolsStore();
  const table = useStoreValue((state) => state.connections);
  const dataVersion = useStoreValue((state) => state.dataVersion);
  const selected = useStoreValue((state) => state.selectedConnection);
  const currentSession = useStoreValue((state) => state.session?.ordinal ?? -1);
  const chaosEvents = useStoreValue((state) => state.chaosEvents);
  const chaos = useMemo(() => chaosTimeline(chaosEvents), [chaosEvents]);
  const clientEvents = useStoreValue((state) => state.clientEvents);
  const markersByLane = useMemo(() => {
    const byLane = new Map<string, ClientMarker[]>();
    for (const marker of clientMarkers(clientEvents, table)) {
      const lane = byLane.get(marker.laneKey);
      if (lane) lane.push(marker);
      else byLane.set(marker.laneKey, [marker]);
    }
    return byLane;
  }, [clientEvents, table, dataVersion]);
  const queryEvents = useStoreValue((state) => state.queryEvents);
  const cacheMarkers = useMemo(() => cacheMarkersByLane(queryEvents, table), [queryEvents, table, dataVersion]);
  const live = table.entries.some((entry) => entry.session === currentSession && entry.info.state !== 'closed');
  const now = useNow(live, 500);
  const [view, setView] = useState<TimeRange | null>(null);
  const [containerWidth, setContainerWidth] = useState(800);
  const container = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; view: TimeRange; moved: boolean } | null>(null);
  const id = useId();
  const clipId = `rtd-tl-clip-${id}`;
  const labelClipId = `rtd-tl-label-clip-${id}`;

  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    setContainerWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setContainerWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const timeWidth = Math.max(160, containerWidth - LABEL_WIDTH - RIGHT_MARGIN);
  const layout = useMemo(
    () => layoutTimeline(table.entries, currentSession, now, { timeWidth, labelWidth: LABEL_WIDTH, laneHeight: LANE_HEIGHT, axisHeight: AXIS_HEIGHT }, view),
    [table, dataVersion, currentSession, now, timeWidth, view],
  );
  const msPerPx = (layout.view.end - layout.view.start) / timeWidth;
  const xOf = (time: number): number => LABEL_WIDTH + (time - layout.view.start) / msPerPx;
  const timeAt = (clientX: number): number => {
    const box = container.current?.getBoundingClientRect();
    return layout.view.start + ((clientX - (box?.left ?? 0)) - LABEL_WIDTH) * msPerPx;
  };
  const zoom = (factor: number, anchor = (layout.view.start + layout.view.end) / 2): void =>
    setView(zoomRange(layout.view, layout.full, factor, anchor));

  const onWheel = (event: WheelEvent): void => {
    if (layout.lanes.length === 0) return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      zoom(event.deltaY > 0 ? 1.25 : 0.8, timeAt(event.clientX));
    } else if (view && Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
      event.preventDefault();
      setView(panRange(view, layout.full, event.deltaX * msPerPx));
    }
  };
  const onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0 || !view) return;
    drag.current = { x: event.clientX, view, moved: false };
  };
  const onPointerMove = (event: PointerEvent): void => {
    const active = drag.current;
    if (!active) return;
    const dx = event.clientX - active.x;
    if (!active.moved && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
    if (!active.moved) (event.currentTarget as Element).setPointerCapture(event.pointerId);
    active.moved = true;
    setView(panRange(active.view, layout.full, -dx * msPerPx));
  };
  const onPointerUp = (): void => {
    drag.current = null;
  };

  const onSelect = (key: string): void => store.getState().selectConnection(key);
  const onFocusLane = (lane: TimelineLane): void => setView(focusRange(lane.range, layout.full));
  const empty = layout.lanes.length === 0;

  return (
    <div class="rtd-timeline">
      <div class="rtd-toolbar rtd-timeline-toolbar">
        <span class="rtd-legend">
          <span class="rtd-legend-swatch rtd-tl-connecting" /> connecting
          <span class="rtd-legend-swatch rtd-tl-open" /> open
          <span class="rtd-legend-gap" /> wait before the next attempt
          {chaos.markers.length > 0 && <span class="rtd-chaos-active-text">┆ simulated network change</span>}
          {cacheMarkers.size > 0 && <span class="rtd-tl-cache-legend">◆ query cache: invalidated or written by a frame</span>}
          {markersByLane.size > 0 && <span class="rtd-tl-client-legend">◆ client library: next attempt due (its delay), gave up, resumed, presence joined or left</span>}
        </span>
        <span class="rtd-spacer" />
        {!empty && (
          <span class="rtd-dim" title="Ctrl+wheel zooms, drag pans, a lane's name zooms onto it">
            {formatClock(layout.view.start)} – {formatClock(layout.view.end)} ({formatDuration(layout.view.end - layout.view.start)})
          </span>
        )}
        <button type="button" class="rtd-button" aria-label="Zoom out" disabled={empty || view === null} onClick={() => zoom(2)}>
          −
        </button>
        <button type="button" class="rtd-button" aria-label="Zoom in" disabled={empty} onClick={() => zoom(0.5)}>
          +
        </button>
        <button type="button" class="rtd-button" disabled={view === null} onClick={() => setView(null)}>
          Fit
        </button>
      </div>
      <div class="rtd-timeline-scroll" ref={container}>
        <svg
          class={`rtd-timeline-svg${view ? ' rtd-tl-pannable' : ''}`}
          data-testid="rtd-timeline"
          width={layout.width + RIGHT_MARGIN}
          height={Math.max(layout.height + 8, 60)}
          role="img"
          aria-label="Connection timeline"
          onWheel={onWheel}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
        >
          <defs>
            <clipPath id={clipId}>
              <rect x={LABEL_WIDTH} y={0} width={timeWidth + RIGHT_MARGIN} height={layout.height + 8} />
            </clipPath>
            <clipPath id={labelClipId}>
              <rect x={0} y={0} width={LABEL_WIDTH - 6} height={LANE_HEIGHT} />
            </clipPath>
          </defs>
          <line class="rtd-tl-label-rule" x1={LABEL_WIDTH - 0.5} x2={LABEL_WIDTH - 0.5} y1={0} y2={layout.height} />
          {layout.lanes.map((lane) => (
            <g key={lane.key}>
              <line class="rtd-tl-lane-rule" x1={0} x2={layout.width + RIGHT_MARGIN} y1={lane.y + LANE_HEIGHT} y2={lane.y + LANE_HEIGHT} />
              <LaneLabel lane={lane} onFocus={onFocusLane} clipPath={`url(#${labelClipId})`} />
            </g>
          ))}
          <g clip-path={`url(#${clipId})`}>
            <g class="rtd-tl-axis">
              <line x1={LABEL_WIDTH} x2={layout.width} y1={AXIS_HEIGHT - 1} y2={AXIS_HEIGHT - 1} />
              {layout.ticks.map((tick) => (
                <g key={tick.label}>
                  <line class="rtd-tl-grid" x1={tick.x} x2={tick.x} y1={AXIS_HEIGHT - 5} y2={layout.height} />
                  {tick.x + TICK_LABEL_PX <= LABEL_WIDTH + timeWidth + RIGHT_MARGIN && (
                    <text x={tick.x + 3} y={AXIS_HEIGHT - 8}>
                      {tick.label}
                    </text>
                  )}
                </g>
              ))}
            </g>
            {!empty && <ChaosOverlay markers={chaos.markers} bands={chaos.bands} xOf={xOf} now={now} top={AXIS_HEIGHT} bottom={layout.height} />}
            {layout.lanes.map((lane) => (
              <g key={lane.key} class="rtd-tl-lane" transform={`translate(0 ${lane.y})`}>
                {lane.gaps.map((gap) => <Gap key={gap.toKey} gap={gap} />)}
                {lane.attempts.map((bar) => <Attempt key={bar.connectionKey} bar={bar} selected={bar.connectionKey === selected} onSelect={onSelect} />)}
                <CacheMarks markers={cacheMarkers.get(lane.key)} xOf={xOf} y={BAR_Y - 8} />
                {(() => {
                  const markers = markersByLane.get(lane.key) ?? [];
                  const labelled = labelledMarkers(markers, xOf);
                  // Labelled markers last, so that their labels sit over any mark they pass.
                  const ordered = [...markers].sort((a, b) => Number(labelled.has(a.key)) - Number(labelled.has(b.key)));
                  return ordered.map((marker) => (
                    <ClientMarkerMark
                      key={marker.key}
                      marker={marker}
                      x={xOf(marker.at)}
                      fromX={marker.from === null ? null : xOf(marker.from)}
                      showLabel={labelled.has(marker.key)}
                    />
                  ));
                })()}
              </g>
            ))}
          </g>
          {empty && (
            <text class="rtd-tl-empty" x={16} y={AXIS_HEIGHT + 20}>
              No connections yet.
            </text>
          )}
        </svg>
      </div>
    </div>
  );
}

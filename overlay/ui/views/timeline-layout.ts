import type { ConnectionInfo } from '../../../instrumentation/protocol';
import { formatDuration } from '../format/units';
import type { ConnectionEntry } from '../store/connection-table';
import { TRANSPORT_LABEL, describeClose } from './describe';

export interface TimelineGeometry {
  /** Width of the time area in pixels (the lane labels sit left of it). */
  timeWidth: number;
  labelWidth: number;
  laneHeight: number;
  axisHeight: number;
}

export interface TimeRange {
  start: number;
  end: number;
}

export interface AttemptBar {
  connectionKey: string;
  id: string;
  attempt: number;
  state: ConnectionInfo['state'];
  x: number;
  /** The connecting segment (created → open, or → closed when it never opened), then the open segment. */
  connectingWidth: number;
  openWidth: number;
  width: number;
  /** The close, shown after the bar when it fits before the next attempt (it is always in the title); else null. */
  endLabel: string | null;
  /** Whether `#n` fits under the bar. */
  showAttemptLabel: boolean;
  live: boolean;
  title: string;
}

export interface TimelineGap {
  fromKey: string;
  toKey: string;
  x: number;
  width: number;
  /** Milliseconds between one attempt's close and the next one's creation: the client's backoff. */
  ms: number;
  label: string;
  /** Whether the label fits over the gap at this zoom; the lane summary always lists every wait. */
  showLabel: boolean;
}

export interface TimelineLane {
  key: string;
  label: string;
  /** `4 attempts · waited 1000, 2000, 4000 ms`: readable whatever the zoom. */
  summary: string;
  url: string;
  /** What zooming onto the lane shows: its attempts and the waits between them. */
  range: TimeRange;
  y: number;
  attempts: AttemptBar[];
  gaps: TimelineGap[];
}

export interface AxisTick {
  x: number;
  label: string;
}

export interface TimelineLayout {
  lanes: TimelineLane[];
  ticks: AxisTick[];
  width: number;
  height: number;
  /** Everything there is to show, and the part shown. */
  full: TimeRange;
  view: TimeRange;
}

/** Bars shorter than this are drawn this wide, so that a connection refused at once is still visible. */
const MIN_BAR_PX = 3;
/** The smallest span the axis shows, so that one fresh connection is not stretched over the whole width. */
const MIN_RANGE_MS = 1000;
const TARGET_TICK_SPACING_PX = 110;
/** Width of one character of the 10px monospace labels, to tell whether a label fits. */
const LABEL_CHAR_PX = 6.2;
const LABEL_PADDING_PX = 6;

function labelWidth(text: string): number {
  return text.length * LABEL_CHAR_PX + LABEL_PADDING_PX;
}

/** The full label when it fits in `room` pixels, else the short one, else null. */
function fittingLabel(room: number, full: string, short: string): string | null {
  if (full !== '' && room >= labelWidth(full)) return full;
  if (short !== '' && room >= labelWidth(short)) return short;
  return null;
}

/** A step of 1, 2 or 5 × 10^n ms giving ticks about `spacingPx` apart. */
export function niceTickStep(rangeMs: number, widthPx: number, spacingPx = TARGET_TICK_SPACING_PX): number {
  const raw = (rangeMs * spacingPx) / Math.max(1, widthPx);
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-3)));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= raw) return factor * power;
  return 10 * power;
}

function shortUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

/** When a connection's bar ends: its close, now while it lives, or its last known moment for one that vanished. */
function endOf(info: ConnectionInfo, live: boolean, now: number): number {
  if (info.closedAt !== null) return info.closedAt;
  return live ? Math.max(now, info.createdAt) : (info.openedAt ?? info.createdAt);
}

/**
 * Lays out one lane per lineage (the successive attempts of one client to one endpoint), each attempt a bar from
 * creation to close, and between attempts the gap the client waited: what a user reads their backoff from.
 * `view` is the time window shown (all of it when null); what lies outside is laid out beyond the time area and
 * clipped by the caller.
 */
export function layoutTimeline(
  entries: readonly ConnectionEntry[],
  currentSession: number,
  now: number,
  geometry: TimelineGeometry,
  view: TimeRange | null,
): TimelineLayout {
  const lanesByKey = new Map<string, ConnectionEntry[]>();
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const isLive = (entry: ConnectionEntry): boolean => entry.session === currentSession && entry.info.state !== 'closed';
  for (const entry of entries) {
    const key = `${entry.session}:${entry.info.lineage}`;
    const lane = lanesByKey.get(key);
    if (lane) lane.push(entry);
    else lanesByKey.set(key, [entry]);
    start = Math.min(start, entry.info.createdAt);
    end = Math.max(end, endOf(entry.info, isLive(entry), now));
  }
  const width = geometry.labelWidth + geometry.timeWidth;
  if (lanesByKey.size === 0) {
    const empty = { start: now, end: now };
    return { lanes: [], ticks: [], width, height: geometry.axisHeight, full: empty, view: empty };
  }
  end = Math.max(end, start + MIN_RANGE_MS);
  const full = { start, end };
  const shown = view ?? full;
  const scale = geometry.timeWidth / Math.max(1, shown.end - shown.start);
  const xOf = (time: number): number => geometry.labelWidth + (time - shown.start) * scale;

  const lanes: TimelineLane[] = [];
  for (const [key, members] of lanesByKey) {
    members.sort((a, b) => a.info.attempt - b.info.attempt || a.info.createdAt - b.info.createdAt);
    const first = (members[0] as ConnectionEntry).info;
    const attempts = members.map((entry, index): AttemptBar => {
      const { info } = entry;
      const live = isLive(entry);
      const finish = endOf(info, live, now);
      const x = xOf(info.createdAt);
      const barWidth = Math.max(MIN_BAR_PX, xOf(finish) - x);
      const openFrom = info.openedAt === null ? finish : info.openedAt;
      const connectingWidth = Math.min(barWidth, Math.max(0, xOf(openFrom) - x));
      // A live bar runs to the right edge: its state is in its colour and title, not in a label past the edge.
      const endLabel = info.state === 'closed' ? describeClose(info.closeCode, info.closeReason) : '';
      const following = members[index + 1];
      const room = (following ? xOf(following.info.createdAt) : Number.POSITIVE_INFINITY) - (x + barWidth);
      const title = [
        `${info.id} · attempt ${info.attempt + 1} · ${info.state}`,
        info.url,
        info.openedAt !== null ? `connecting ${formatDuration(info.openedAt - info.createdAt)}, open ${formatDuration(finish - info.openedAt)}` : `never opened (${formatDuration(finish - info.createdAt)})`,
        endLabel,
      ].filter(Boolean).join('\n');
      return {
        connectionKey: entry.key,
        id: info.id,
        attempt: info.attempt,
        state: info.state,
        x,
        connectingWidth,
        openWidth: barWidth - connectingWidth,
        width: barWidth,
        endLabel: fittingLabel(room, endLabel, info.closeCode === null ? '' : String(info.closeCode)),
        showAttemptLabel: barWidth >= labelWidth(`#${info.attempt + 1}`),
        live,
        title,
      };
    });
    const gaps: TimelineGap[] = [];
    for (let i = 1; i < members.length; i++) {
      const previous = (members[i - 1] as ConnectionEntry).info;
      const next = (members[i] as ConnectionEntry).info;
      if (previous.closedAt === null || next.createdAt < previous.closedAt) continue;
      const ms = next.createdAt - previous.closedAt;
      const x = xOf(previous.closedAt);
      const gapWidth = xOf(next.createdAt) - x;
      const label = `${Math.round(ms)} ms`;
      gaps.push({
        fromKey: (members[i - 1] as ConnectionEntry).key,
        toKey: (members[i] as ConnectionEntry).key,
        x,
        width: gapWidth,
        ms,
        label,
        showLabel: gapWidth >= labelWidth(label),
      });
    }
    const waits = gaps.map((gap) => Math.round(gap.ms)).join(', ');
    lanes.push({
      key,
      label: `${TRANSPORT_LABEL[first.transport]} ${shortUrl(first.url)}`,
      summary: `${members.length} attempt${members.length === 1 ? '' : 's'}${waits ? ` · waited ${waits} ms` : ''}`,
      url: first.url,
      range: focusSpan(members.map((entry) => entry.info), isLive(members[members.length - 1] as ConnectionEntry), now),
      y: geometry.axisHeight + lanes.length * geometry.laneHeight,
      attempts,
      gaps,
    });
  }

  // Ticks sit at round offsets from the first connection, so that they read as time since the capture began.
  const step = niceTickStep(shown.end - shown.start, geometry.timeWidth);
  const ticks: AxisTick[] = [];
  const firstTick = Math.ceil((shown.start - start) / step) * step;
  for (let offset = Math.max(0, firstTick); start + offset <= shown.end; offset += step) {
    ticks.push({ x: xOf(start + offset), label: offset === 0 ? '0' : formatDuration(offset) });
  }
  return { lanes, ticks, width, height: geometry.axisHeight + lanes.length * geometry.laneHeight, full, view: shown };
}

/**
 * The span worth zooming onto in a lane: with several attempts, from the first to a little past the start of the
 * last (a live last attempt would otherwise stretch it to now, hiding the waits again); a single attempt whole.
 */
function focusSpan(attempts: readonly ConnectionInfo[], lastLive: boolean, now: number): TimeRange {
  const first = attempts[0] as ConnectionInfo;
  const last = attempts[attempts.length - 1] as ConnectionInfo;
  if (attempts.length === 1) return { start: first.createdAt, end: endOf(last, lastLive, now) };
  const activity = last.createdAt - first.createdAt;
  return { start: first.createdAt, end: Math.min(endOf(last, lastLive, now), last.createdAt + Math.max(1000, activity * 0.25)) };
}

/** Zooms `view` by `factor` (< 1 zooms in) around the time `anchor`, kept within `full`. */
export function zoomRange(view: TimeRange, full: TimeRange, factor: number, anchor: number): TimeRange | null {
  const span = view.end - view.start;
  const fullSpan = full.end - full.start;
  const nextSpan = Math.min(fullSpan, Math.max(MIN_VIEW_MS, span * factor));
  if (nextSpan >= fullSpan) return null;
  const ratio = span > 0 ? (anchor - view.start) / span : 0.5;
  return clampRange({ start: anchor - ratio * nextSpan, end: anchor - ratio * nextSpan + nextSpan }, full);
}

/** Moves `view` by `ms`, kept within `full`. */
export function panRange(view: TimeRange, full: TimeRange, ms: number): TimeRange {
  return clampRange({ start: view.start + ms, end: view.end + ms }, full);
}

/** The view that shows `range` with a margin on both sides. */
export function focusRange(range: TimeRange, full: TimeRange): TimeRange | null {
  const span = Math.max(MIN_VIEW_MS, range.end - range.start);
  const margin = span * 0.06;
  const focused = { start: range.start - margin, end: range.start - margin + span + 2 * margin };
  return focused.end - focused.start >= full.end - full.start ? null : clampRange(focused, full);
}

/** The narrowest window zooming may reach: a few frames' worth, below which bars are all gap. */
const MIN_VIEW_MS = 20;

function clampRange(range: TimeRange, full: TimeRange): TimeRange {
  const span = range.end - range.start;
  if (range.start < full.start) return { start: full.start, end: full.start + span };
  if (range.end > full.end) return { start: full.end - span, end: full.end };
  return range;
}

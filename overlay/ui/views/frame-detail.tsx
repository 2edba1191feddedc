import { useMemo, useRef, useState } from 'preact/hooks';
import type { FrameEvent, LifecycleEvent } from '../../../instrumentation/protocol';
import { copyText } from '../clipboard';
import { JsonTree } from '../components/json-tree';
import { VirtualList } from '../components/virtual-list';
import { closeCodeName } from '../format/close-codes';
import { hexDump, hexLine, hexLineCount } from '../format/hex';
import { parseJsonContainer, payloadBase64, payloadByteLength, payloadBytes, payloadText } from '../format/payload';
import { formatBytes, formatClock } from '../format/units';
import { connectionKey } from '../store/connection-table';
import { decodedFacts, decodedPayloadText } from '../store/decoded-display';
import type { LogRow, NavigationRow } from '../store/event-log';
import { rowKey, type DetailTab, type DevtoolsState, type RowRef } from '../store/store';
import { useDevtoolsStore, useStoreValue } from '../store/use-store';
import { CausedSection } from './cause-section';

const HEX_ROW_HEIGHT = 17;
const TAB_LABEL: Record<DetailTab, string> = { decoded: 'Decoded', text: 'Text', json: 'JSON', hex: 'Hex', base64: 'Base64' };

function HexView({ bytes }: { bytes: Uint8Array }) {
  return (
    <VirtualList
      count={hexLineCount(bytes.length)}
      rowHeight={HEX_ROW_HEIGHT}
      label="Hex dump"
      className="rtd-hex"
      renderRow={(line) => {
        const { offset, hex, ascii } = hexLine(bytes, line);
        return (
          <div key={line} class="rtd-hex-line">
            <span class="rtd-hex-offset">{offset}</span>
            <span class="rtd-hex-bytes">{hex}</span>
            <span class="rtd-hex-ascii">{ascii}</span>
          </div>
        );
      }}
    />
  );
}

function CopyButton({ text }: { text: () => string }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  const button = useRef<HTMLButtonElement>(null);
  const onClick = async (): Promise<void> => {
    const root = button.current?.getRootNode();
    const ok = await copyText(text(), root instanceof ShadowRoot ? root : (button.current?.ownerDocument.body ?? document.body));
    setStatus(ok ? 'copied' : 'failed');
    setTimeout(() => setStatus('idle'), 1500);
  };
  return (
    <button ref={button} type="button" class="rtd-button" data-testid="rtd-copy" onClick={onClick}>
      {status === 'copied' ? 'Copied ✓' : status === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}

function TruncationNotice({ frame, rowRef, archived }: { frame: FrameEvent; rowRef: RowRef; archived: boolean }) {
  const store = useDevtoolsStore();
  const loaded = useStoreValue((state) => state.payloads.get(rowKey(rowRef)));
  const pending = useStoreValue((state) => state.pendingPayloads.has(rowKey(rowRef)));
  if (!frame.truncated) return null;
  const preview = formatBytes(payloadByteLength(frame.data, frame.encoding));
  const whole = formatBytes(frame.size);
  if (loaded?.found) {
    if (!loaded.truncated) return null;
    return (
      <div class="rtd-notice" data-testid="rtd-truncation-notice">
        Kept {formatBytes(payloadByteLength(loaded.data, loaded.encoding))} of {whole} by the page (its per-frame limit).
      </div>
    );
  }
  if (loaded && !loaded.found) {
    return (
      <div class="rtd-notice rtd-notice-warn" data-testid="rtd-truncation-notice">
        The page no longer holds this frame: showing the {preview} preview of {whole}.
      </div>
    );
  }
  return (
    <div class="rtd-notice" data-testid="rtd-truncation-notice">
      <span>
        Showing {preview} of {whole}
      </span>
      <button
        type="button"
        class="rtd-button rtd-button-primary"
        data-testid="rtd-load-full"
        disabled={pending || archived}
        title={archived ? 'This frame belongs to a previous page load' : undefined}
        onClick={() => store.getState().requestFullPayload(rowRef)}
      >
        {pending ? 'Loading…' : 'Load full payload'}
      </button>
    </div>
  );
}

function FramePayload({ frame, rowRef, archived }: { frame: FrameEvent; rowRef: RowRef; archived: boolean }) {
  const store = useDevtoolsStore();
  const loaded = useStoreValue((state) => state.payloads.get(rowKey(rowRef)));
  const chosenTab = useStoreValue((state) => state.detailTab);
  const source = loaded?.found ? loaded : frame;
  const { data, encoding } = source;
  const text = useMemo(() => payloadText(data, encoding), [data, encoding]);
  const json = useMemo(() => parseJsonContainer(text), [text]);
  const decodedJson = useMemo(
    () => (frame.decoded ? parseJsonContainer(decodedPayloadText(frame.decoded, text)) : json),
    [frame.decoded, text, json],
  );
  const bytes = useMemo(() => payloadBytes(data, encoding), [data, encoding]);
  const base64 = useMemo(() => payloadBase64(data, encoding), [data, encoding]);

  const rawTabs: DetailTab[] = json.ok ? ['text', 'json', 'hex', 'base64'] : ['text', 'hex', 'base64'];
  const tabs: DetailTab[] = frame.decoded ? ['decoded', ...rawTabs] : rawTabs;
  const preferred: DetailTab = frame.decoded ? 'decoded' : json.ok ? 'json' : encoding === 'base64' ? 'hex' : 'text';
  const tab = chosenTab !== null && tabs.includes(chosenTab) ? chosenTab : preferred;
  const copyable = (): string => {
    switch (tab) {
      case 'decoded':
        return frame.decoded ? decodedFacts(frame.decoded).map(([name, value]) => `${name}: ${value}`).join('\n') : text;
      case 'json':
        return json.ok ? JSON.stringify(json.value, null, 2) : text;
      case 'hex':
        return hexDump(bytes);
      case 'base64':
        return base64;
      case 'text':
        return text;
    }
  };

  return (
    <>
      <div class="rtd-tabs rtd-detail-tabs" role="tablist">
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            class={`rtd-tab${tab === name ? ' rtd-tab-active' : ''}`}
            data-testid={`rtd-detail-tab-${name}`}
            onClick={() => store.getState().setDetailTab(name)}
          >
            {TAB_LABEL[name]}
          </button>
        ))}
        <span class="rtd-spacer" />
        <CopyButton text={copyable} />
      </div>
      <TruncationNotice frame={frame} rowRef={rowRef} archived={archived} />
      <div class={`rtd-detail-content rtd-detail-${tab}`} data-testid="rtd-detail-content">
        {tab === 'decoded' && frame.decoded && (
          <div class="rtd-decoded" data-testid="rtd-decoded">
            <Facts facts={decodedFacts(frame.decoded)} />
            {decodedJson.ok && <JsonTree value={decodedJson.value} />}
          </div>
        )}
        {tab === 'text' && <pre class="rtd-pre">{text}</pre>}
        {tab === 'json' && json.ok && <JsonTree value={json.value} />}
        {tab === 'hex' && <HexView bytes={bytes} />}
        {tab === 'base64' && <pre class="rtd-pre rtd-pre-wrap">{base64}</pre>}
      </div>
    </>
  );
}

function Facts({ facts }: { facts: [string, string][] }) {
  return (
    <dl class="rtd-facts">
      {facts.map(([name, value]) => (
        <div key={name} class="rtd-fact">
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function LifecycleFacts({ event, url }: { event: LifecycleEvent; url: string }) {
  const facts: [string, string][] = [
    ['Phase', event.phase],
    ['Connection', `${event.connectionId}  ${url}`],
    ['Time', formatClock(event.at)],
  ];
  if (event.closeCode !== undefined) facts.push(['Close code', `${event.closeCode} ${closeCodeName(event.closeCode)}`]);
  if (event.closeReason !== undefined) facts.push(['Reason', event.closeReason || '(empty)']);
  if (event.wasClean !== undefined) facts.push(['Clean', event.wasClean ? 'yes' : 'no']);
  if (event.initiator !== undefined) facts.push(['Started by', event.initiator === 'page' ? 'the page (close())' : 'the server or network']);
  facts.push(['Seq', String(event.seq)]);
  return <Facts facts={facts} />;
}

function NavigationFacts({ row }: { row: NavigationRow }) {
  return <Facts facts={[['Navigated to', row.url], ['Time', formatClock(row.at)]]} />;
}

function selectedLogRow(state: DevtoolsState): LogRow | undefined {
  const selected = state.selectedRow;
  if (!selected) return undefined;
  const absolute = state.log.indexOf(selected.session, selected.seq);
  return absolute < 0 ? undefined : state.log.row(absolute);
}

/**
 * What the selected row holds: a frame's payload in several views, or a lifecycle event's details. It subscribes
 * to the selected row itself, not to every batch, so that a large JSON tree is not re-rendered as frames stream in.
 */
export function FrameDetail() {
  const store = useDevtoolsStore();
  const selected = useStoreValue((state) => state.selectedRow);
  const row = useStoreValue(selectedLogRow);
  const url = useStoreValue((state) => {
    const current = selectedLogRow(state);
    if (!state.selectedRow || !current || current.type === 'navigation') return '';
    return state.connections.get(connectionKey(state.selectedRow.session, current.connectionId))?.info.url ?? '';
  });
  const currentSession = useStoreValue((state) => state.session?.ordinal ?? -1);
  if (!selected) return null;
  const archived = selected.session !== currentSession;

  let title = 'Row no longer held';
  if (row?.type === 'frame') title = `${row.direction === 'in' ? '↓ Received' : '↑ Sent'} ${row.kind === 'event' ? `event “${row.event ?? 'message'}”` : row.kind}`;
  else if (row?.type === 'lifecycle') title = `Lifecycle: ${row.phase}`;
  else if (row?.type === 'navigation') title = 'Navigation';

  return (
    <div class="rtd-detail" data-testid="rtd-frame-detail">
      <div class="rtd-pane-header">
        <span class={row?.type === 'frame' ? `rtd-${row.direction}` : undefined}>{title}</span>
        <span class="rtd-spacer" />
        <button type="button" class="rtd-icon-button" title="Close" aria-label="Close details" onClick={() => store.getState().selectRow(null)}>
          ×
        </button>
      </div>
      {row?.type === 'frame' && (
        <div class="rtd-detail-meta">
          <span class="rtd-mono">{formatClock(row.at)}</span>
          <span class="rtd-mono">{row.connectionId}</span>
          <span class="rtd-mono">{formatBytes(row.size)}</span>
          <span class="rtd-mono">seq {row.seq}</span>
          {row.event !== undefined && <span class="rtd-mono">event: {row.event}</span>}
          {row.lastEventId !== undefined && <span class="rtd-mono">id: {row.lastEventId}</span>}
          {row.discarded && <span class="rtd-warn">Sent while closing: the browser discarded it</span>}
          {url && <span class="rtd-detail-url" title={url}>{url}</span>}
        </div>
      )}
      {row?.type === 'frame' && <CausedSection session={selected.session} frameSeq={row.seq} />}
      {row?.type === 'frame' && <FramePayload key={rowKey(selected)} frame={row} rowRef={selected} archived={archived} />}
      {row?.type === 'lifecycle' && <LifecycleFacts event={row} url={url} />}
      {row?.type === 'navigation' && <NavigationFacts row={row} />}
      {!row && <div class="rtd-empty">This row was cleared or discarded.</div>}
    </div>
  );
}

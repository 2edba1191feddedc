/**
 * Which frames the linker hears of, and how: only frames the page receives, never chaos-dropped ones or keep-alives,
 * and frames the page reads in its own continuation (fetch-SSE, long-polling) only ever as async causes.
 */
import { QueryClient } from '@tanstack/query-core';
import { describe, expect, it } from 'vitest';
import type { FrameDecoded, QueryEvent } from '../../instrumentation/protocol';
import { QueryInspector } from '../../instrumentation/query/inspector';
import { Recorder } from '../../instrumentation/recorder';

function setup() {
  const recorder = new Recorder();
  const inspector = new QueryInspector(recorder, { afterThisTask: () => {} });
  const client = new QueryClient();
  inspector.attach(client, 'attach');
  const causes = () => recorder.events()
    .filter((event): event is QueryEvent => event.type === 'query' && event.kind === 'set-data')
    .map((event) => event.cause);
  return { recorder, client, causes };
}

const decoded = (label: string, extra: Partial<FrameDecoded> = {}): FrameDecoded => ({ protocol: 'socket.io', label, summary: label, ...extra });

describe('frames the causality linker hears of', () => {
  it('names a frame by its decoded label and channel', () => {
    const { recorder, client, causes } = setup();
    const fetchSse = recorder.openConnection({ transport: 'fetch-sse', url: 'http://127.0.0.1/stream' });
    recorder.frame(fetchSse, 'in', 'data', { event: 'todo', decoded: decoded('todo:created', { channel: '/todos' }) });
    client.setQueryData(['todos'], 1);
    expect(causes()).toEqual([expect.objectContaining({ label: 'todo:created', channel: '/todos', inference: 'async-continuation' })]);
  });

  it('never makes a fetch-SSE event or a long-polling frame a same-task cause', () => {
    const { recorder, client, causes } = setup();
    const polling = recorder.openConnection({ transport: 'polling', url: 'http://127.0.0.1/socket.io/?EIO=4&transport=polling' });
    recorder.frame(polling, 'in', '42["todo:created"]');
    client.setQueryData(['todos'], 1);
    expect(causes()[0]?.inference).toBe('async-continuation');
  });

  it('ignores frames the page sends, frames chaos dropped, keep-alives, and sockets adopted late', () => {
    const { recorder, client, causes } = setup();
    const socket = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/' });
    const adopted = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/old', adoptedLate: true, state: 'open' });
    recorder.frame(adopted, 'in', 'handled before the tap heard it');
    recorder.frame(socket, 'out', 'hello');
    recorder.frame(socket, 'in', 'lost', { dropped: true });
    recorder.frame(socket, 'in', '2', { decoded: decoded('ping', { heartbeat: true }) });
    client.setQueryData(['todos'], 1);
    expect(causes()).toEqual([null]);
  });

  it('announces a Blob frame when it arrives, before it is read', () => {
    const { recorder, client, causes } = setup();
    const socket = recorder.openConnection({ transport: 'websocket', url: 'ws://127.0.0.1/' });
    recorder.frame(socket, 'in', new Blob(['binary']));
    client.setQueryData(['todos'], 1);
    expect(causes()).toEqual([expect.objectContaining({ connectionId: socket.id, label: 'message', inference: 'same-task' })]);
  });
});

import type { FrameAnnotator, Recorder } from '../recorder';
import type { Patch } from '../transports/patch-registry';
import { createEventStreamCapture } from './event-stream-response';
import { FrameDecoding } from './frame-decoding';
import { installNetworkTaps } from './network-taps';
import { PollingSessions, sidOf } from './polling';

type PageWindow = Window & typeof globalThis;

/**
 * What the capture adds to the taps: the library of each connection and the decoded form of its frames,
 * event-stream `fetch` responses, and Socket.IO's long-polling phase, linked to the WebSocket it upgrades to.
 * Installed after the chaos layer, whose `fetch` and `XMLHttpRequest` wraps it goes around.
 */
export function installCapture(win: PageWindow, recorder: Recorder, patches: Patch[]): void {
  const decoding = new FrameDecoding();
  const polling = new PollingSessions(recorder, { opened: (info, sid) => decoding.opened(info, sid) });

  const annotator: FrameAnnotator = {
    opened(info) {
      const library = decoding.opened(info);
      if (library === undefined) return;
      info.library = library;
      if (library !== 'socket.io' || info.transport !== 'websocket') return;
      const sid = sidOf(info.url);
      const pollingSession = sid === undefined ? undefined : polling.find(sid);
      if (!pollingSession) return;
      // One Socket.IO connection seen from its first packet: the WebSocket carries on the long-polling session.
      info.upgradedFrom = pollingSession.id;
      info.lineage = pollingSession.lineage;
      info.attempt = pollingSession.attempt;
    },
    decode(info, direction, payload, at) {
      const decoded = decoding.decode(info, direction, payload, at, (library) => recorder.update(info, { library }));
      if (decoded && info.upgradedFrom !== undefined && direction === 'out' && payload === '5') {
        const pollingSession = recorder.connections().find((candidate) => candidate.id === info.upgradedFrom);
        if (pollingSession) polling.upgraded(pollingSession);
      }
      return decoded;
    },
  };
  recorder.annotator = annotator;

  const captureEventStream = typeof win.Response === 'function' && typeof win.ReadableStream === 'function'
    ? recorder.guard('preparing fetch event-stream capture', () => createEventStreamCapture(win, recorder, patches), undefined)
    : undefined;
  installNetworkTaps(win, recorder, patches, polling, captureEventStream);
}

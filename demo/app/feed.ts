import type { FeedSnapshot, NewsItem, PriceTick } from '../shared/feed-protocol.js';
import type { FeedView } from './feed-view.js';
import { DEFAULT_BACKOFF, backoffDelay } from './reconnecting-socket.js';

function parse<T>(event: MessageEvent<string>): T | undefined {
  try {
    return JSON.parse(event.data) as T;
  } catch {
    return undefined;
  }
}

/**
 * The live feed over EventSource. The browser reconnects by itself after the stream's `retry:` delay and resumes
 * with `Last-Event-ID`; only when it gives up for good (readyState CLOSED, e.g. after a non-200 answer) does the app
 * build a new EventSource itself, with backoff, passing the last id it saw as `?lastEventId=`.
 */
export class FeedSession {
  private lastEventId = '';
  private recreations = 0;

  constructor(
    private readonly path: string,
    private readonly view: FeedView,
  ) {}

  start(): void {
    const url = this.lastEventId ? `${this.path}?lastEventId=${encodeURIComponent(this.lastEventId)}` : this.path;
    const source = new EventSource(url);
    this.view.setStatus('busy', this.recreations === 0 ? 'Feed: connecting…' : 'Feed: reconnecting…');

    const track = (event: MessageEvent<string>): void => {
      this.lastEventId = event.lastEventId;
      this.view.setLastEventId(event.lastEventId);
    };
    source.addEventListener('snapshot', (event) => {
      track(event);
      const snapshot = parse<FeedSnapshot>(event);
      if (snapshot) this.view.showSnapshot(snapshot);
    });
    source.addEventListener('price', (event) => {
      track(event);
      const tick = parse<PriceTick>(event);
      if (tick) this.view.showPrice(tick, true);
    });
    source.addEventListener('news', (event) => {
      track(event);
      const item = parse<NewsItem>(event);
      if (item) this.view.showNews(item);
    });
    source.onopen = () => {
      this.recreations = 0;
      this.view.setStatus('ok', 'Feed: live');
    };
    source.onerror = () => {
      if (source.readyState === EventSource.CONNECTING) {
        this.view.setStatus('busy', 'Feed: reconnecting…');
        return;
      }
      source.close();
      this.recreations += 1;
      const delay = backoffDelay(this.recreations, DEFAULT_BACKOFF);
      this.view.setStatus('down', `Feed: closed — new connection in ${(delay / 1000).toFixed(1)} s`);
      setTimeout(() => this.start(), delay);
    };
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FeedEventName, FeedSnapshot, NewsItem, PriceTick } from '../shared/feed-protocol';

/** What the browser waits before reconnecting, sent as the stream's `retry:` field. */
export const FEED_RETRY_MS = 2000;
/** Events kept for clients that resume with `Last-Event-ID`. */
const HISTORY_LENGTH = 500;
const PRICE_EVERY_MS = 700;
const NEWS_EVERY_MS = 9000;
/** A comment line now and then keeps proxies from closing an idle stream. */
const KEEP_ALIVE_EVERY_MS = 15_000;
/** Headlines a new client gets in its snapshot. */
const SNAPSHOT_NEWS = 5;

const SYMBOLS = ['ACME', 'HOOLI', 'INITECH', 'UMBRELLA', 'STARK'];
const HEADLINES = [
  'ACME beats quarterly estimates on strong anvil demand',
  'HOOLI announces new compression algorithm',
  'INITECH moves TPS reports to the cloud',
  'UMBRELLA recalls a batch of vaccines, shares slip',
  'STARK unveils a reusable rocket engine',
  'Markets steady ahead of the rate decision',
  'Chip supply eases, analysts say',
];

export interface FeedEvent {
  id: number;
  event: FeedEventName;
  data: string;
}

/** https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream */
function serialize(event: FeedEvent): string {
  return `id: ${event.id}\nevent: ${event.event}\ndata: ${event.data}\n\n`;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * A live market feed over Server-Sent Events: `price` and `news` events with ids, a `retry:` delay, and resume
 * from `Last-Event-ID` (the header the browser sends when it reconnects, or a `lastEventId` query parameter for
 * apps that re-create their EventSource). `kill()` behaves like a crashed server: open streams are cut and new
 * requests fail at the network level, so the browser keeps retrying (a non-200 answer would stop EventSource for
 * good: https://html.spec.whatwg.org/multipage/server-sent-events.html#fail-the-connection). Events keep
 * happening while it is down, so a resumed client catches up.
 */
export class FeedServer {
  private readonly streams = new Set<ServerResponse>();
  private readonly history: FeedEvent[] = [];
  private readonly prices = new Map<string, { open: number; price: number }>();
  private readonly latestNews: NewsItem[] = [];
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private nextId = 1;
  private up = true;

  constructor() {
    for (const symbol of SYMBOLS) {
      const open = round(20 + Math.random() * 480, 2);
      this.prices.set(symbol, { open, price: open });
    }
    this.publishNews();
    this.timers.push(
      setInterval(() => this.tickPrice(), PRICE_EVERY_MS),
      setInterval(() => this.publishNews(), NEWS_EVERY_MS),
      setInterval(() => this.writeToAll(': keep-alive\n\n'), KEEP_ALIVE_EVERY_MS),
    );
  }

  get status(): { up: boolean; clients: number } {
    return { up: this.up, clients: this.streams.size };
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    if (!this.up) {
      request.socket.destroy();
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    response.write(`retry: ${FEED_RETRY_MS}\n\n`);
    this.catchUp(response, this.lastEventId(request));
    this.streams.add(response);
    request.on('close', () => this.streams.delete(response));
  }

  kill(): void {
    this.up = false;
    for (const stream of this.streams) stream.socket?.destroy();
    this.streams.clear();
  }

  restart(): void {
    this.up = true;
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.kill();
  }

  private lastEventId(request: IncomingMessage): number | null {
    const header = request.headers['last-event-id'];
    const fromQuery = new URL(request.url ?? '/', 'http://localhost').searchParams.get('lastEventId');
    const raw = typeof header === 'string' ? header : fromQuery;
    if (raw === null || !/^\d+$/.test(raw)) return null;
    return Number(raw);
  }

  /** Replays what a resuming client missed; a new client, or one too far behind, gets a snapshot instead. */
  private catchUp(response: ServerResponse, lastId: number | null): void {
    const oldest = this.history[0]?.id ?? this.nextId;
    if (lastId !== null && lastId + 1 >= oldest && lastId < this.nextId) {
      for (const event of this.history) if (event.id > lastId) response.write(serialize(event));
      return;
    }
    const snapshot: FeedSnapshot = {
      prices: [...this.prices].map(([symbol, { open, price }]) => ({ symbol, price, change: round(((price - open) / open) * 100, 2) })),
      news: this.latestNews,
    };
    response.write(serialize({ id: this.nextId - 1, event: 'snapshot', data: JSON.stringify(snapshot) }));
  }

  private publish(event: FeedEventName, payload: PriceTick | NewsItem): void {
    const record: FeedEvent = { id: this.nextId++, event, data: JSON.stringify(payload) };
    this.history.push(record);
    if (this.history.length > HISTORY_LENGTH) this.history.shift();
    this.writeToAll(serialize(record));
  }

  private writeToAll(text: string): void {
    for (const stream of this.streams) stream.write(text);
  }

  private tickPrice(): void {
    const symbol = SYMBOLS[Math.floor(Math.random() * SYMBOLS.length)] ?? 'ACME';
    const quote = this.prices.get(symbol);
    if (!quote) return;
    quote.price = round(Math.max(1, quote.price * (1 + (Math.random() - 0.5) * 0.01)), 2);
    this.publish('price', { symbol, price: quote.price, change: round(((quote.price - quote.open) / quote.open) * 100, 2) });
  }

  private publishNews(): void {
    const headline = HEADLINES[Math.floor(Math.random() * HEADLINES.length)] ?? 'Markets quiet';
    const item: NewsItem = { headline, symbol: SYMBOLS.find((symbol) => headline.startsWith(symbol)) ?? null, publishedAt: Date.now() };
    this.latestNews.push(item);
    if (this.latestNews.length > SNAPSHOT_NEWS) this.latestNews.shift();
    this.publish('news', item);
  }
}

import type { FeedSnapshot, NewsItem, PriceTick } from '../shared/feed-protocol.js';
import { byId, clockTime, h, showStatus, type Tone } from './dom.js';

const MAX_NEWS = 8;

/** The markets pane: a price board that flashes on each tick, the latest headlines, the last event id. */
export class FeedView {
  private readonly prices = byId<HTMLTableSectionElement>('prices');
  private readonly news = byId<HTMLUListElement>('news');
  private readonly lastId = byId('feed-last-id');
  private readonly status = byId('feed-status');
  private readonly rows = new Map<string, { price: HTMLTableCellElement; change: HTMLTableCellElement; row: HTMLTableRowElement }>();

  setStatus(tone: Tone, text: string): void {
    showStatus(this.status, tone, text);
  }

  setLastEventId(id: string): void {
    this.lastId.textContent = id ? `event #${id}` : '';
  }

  showPrice(tick: PriceTick, flash: boolean): void {
    let row = this.rows.get(tick.symbol);
    if (!row) {
      const price = h('td', { className: 'num' });
      const change = h('td', { className: 'num' });
      const element = h('tr', {}, h('th', { attrs: { scope: 'row' } }, tick.symbol), price, change);
      row = { price, change, row: element };
      this.rows.set(tick.symbol, row);
      const after = [...this.rows.keys()].sort().indexOf(tick.symbol);
      this.prices.insertBefore(element, this.prices.rows[after] ?? null);
    }
    row.price.textContent = tick.price.toFixed(2);
    row.change.textContent = `${tick.change >= 0 ? '+' : ''}${tick.change.toFixed(2)}%`;
    row.change.dataset.trend = tick.change >= 0 ? 'up' : 'down';
    if (flash) {
      row.row.classList.remove('flash');
      // Reading layout restarts the CSS animation on the same element.
      void row.row.offsetWidth;
      row.row.classList.add('flash');
    }
  }

  /** A snapshot is the whole state: it replaces the headlines (prices update in place). */
  showSnapshot(snapshot: FeedSnapshot): void {
    for (const tick of snapshot.prices) this.showPrice(tick, false);
    this.news.replaceChildren();
    for (const item of snapshot.news) this.showNews(item);
  }

  showNews(item: NewsItem): void {
    this.news.prepend(h('li', {}, h('time', {}, clockTime(item.publishedAt)), ' ', item.headline));
    while (this.news.childElementCount > MAX_NEWS) this.news.lastElementChild?.remove();
  }
}

/** The demo feed's Server-Sent Events: event names and the JSON each one's `data:` carries. */
export type FeedEventName = 'snapshot' | 'price' | 'news';

export interface PriceTick {
  symbol: string;
  price: number;
  /** Percent change since the session opened. */
  change: number;
}

export interface NewsItem {
  headline: string;
  symbol: string | null;
  publishedAt: number;
}

export interface FeedSnapshot {
  prices: PriceTick[];
  /** The latest headlines, newest last. */
  news: NewsItem[];
}

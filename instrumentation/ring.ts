/**
 * A ring of events bounded both by count and by an estimate of bytes. When either bound is passed the oldest
 * events go first, and the number that went is kept so that a UI can say so.
 */
export class EventRing<T> {
  private items: (T | undefined)[] = [];
  private costs: number[] = [];
  private head = 0;
  private length = 0;
  private bytes = 0;
  private droppedCount = 0;

  constructor(
    private maxItems: number,
    private maxBytes: number,
  ) {}

  get size(): number {
    return this.length;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  push(item: T, cost: number): void {
    if (this.length === this.maxItems) this.dropOldest();
    const index = (this.head + this.length) % this.maxItems;
    this.items[index] = item;
    this.costs[index] = cost;
    this.length++;
    this.bytes += cost;
    while (this.bytes > this.maxBytes && this.length > 1) this.dropOldest();
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.items[(this.head + i) % this.maxItems] as T;
    return out;
  }

  find(predicate: (item: T) => boolean): T | undefined {
    for (let i = this.length - 1; i >= 0; i--) {
      const item = this.items[(this.head + i) % this.maxItems] as T;
      if (predicate(item)) return item;
    }
    return undefined;
  }

  clear(): void {
    this.items = [];
    this.costs = [];
    this.head = 0;
    this.length = 0;
    this.bytes = 0;
    this.droppedCount = 0;
  }

  /** Keeps the newest items that fit the new bounds. */
  resize(maxItems: number, maxBytes: number): void {
    const kept = this.toArray();
    const keptCosts = kept.map((_, i) => this.costs[(this.head + i) % this.maxItems] ?? 0);
    const dropped = this.droppedCount;
    this.maxItems = maxItems;
    this.maxBytes = maxBytes;
    this.clear();
    this.droppedCount = dropped;
    const start = Math.max(0, kept.length - maxItems);
    this.droppedCount += start;
    for (let i = start; i < kept.length; i++) this.push(kept[i] as T, keptCosts[i] ?? 0);
  }

  private dropOldest(): void {
    const cost = this.costs[this.head] ?? 0;
    this.items[this.head] = undefined;
    this.bytes -= cost;
    this.head = (this.head + 1) % this.maxItems;
    this.length--;
    this.droppedCount++;
  }
}

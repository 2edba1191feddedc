/**
 * One direction of one connection under latency: items leave in the order they came, each no earlier than its own
 * delay after it came — like bytes on one TCP stream, where a late segment holds back the ones behind it
 * (head-of-line blocking), so jitter never reorders a connection's frames.
 * While held (stall) nothing leaves; on release whatever is due leaves at once, in order.
 */

export interface QueueClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

interface Entry<Item> {
  item: Item;
  due: number;
}

export class DeliveryQueue<Item> {
  private entries: Entry<Item>[] = [];
  private head = 0;
  private lastDue = 0;
  private timer: unknown;
  private held = false;
  private delivering = false;

  constructor(
    private readonly clock: QueueClock,
    private readonly deliver: (item: Item) => void,
  ) {}

  get size(): number {
    return this.entries.length - this.head;
  }

  get isHeld(): boolean {
    return this.held;
  }

  push(item: Item, delayMs: number): void {
    const due = Math.max(this.clock.now() + delayMs, this.lastDue);
    this.lastDue = due;
    this.entries.push({ item, due });
    if (this.size === 1) this.schedule();
  }

  setHeld(held: boolean): void {
    if (this.held === held) return;
    this.held = held;
    this.schedule();
  }

  /** Takes every waiting item out, undelivered, oldest first. */
  takeAll(): Item[] {
    const items = this.entries.slice(this.head).map((entry) => entry.item);
    this.entries = [];
    this.head = 0;
    this.lastDue = 0;
    this.cancel();
    return items;
  }

  /** Delivers every waiting item now, in order, whatever its due time (held or not). */
  deliverAll(): void {
    this.cancel();
    for (let entry = this.shift(); entry; entry = this.shift()) this.deliver(entry.item);
  }

  private shift(): Entry<Item> | undefined {
    if (this.head >= this.entries.length) return undefined;
    const entry = this.entries[this.head++];
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return entry;
  }

  private cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.cancel();
    if (this.held || this.delivering) return;
    const next = this.entries[this.head];
    if (!next) return;
    // Timers fire on whole milliseconds and never early: rounding up keeps every item at or after its due time.
    this.timer = this.clock.setTimeout(() => this.run(), Math.max(0, Math.ceil(next.due - this.clock.now())));
  }

  private run(): void {
    this.timer = undefined;
    this.delivering = true;
    try {
      // `deliver` runs page code, which may send, close, stall or clear this very queue: re-check every turn.
      while (!this.held) {
        const next = this.entries[this.head];
        if (!next || next.due > this.clock.now()) break;
        this.shift();
        this.deliver(next.item);
      }
    } finally {
      this.delivering = false;
      this.schedule();
    }
  }
}

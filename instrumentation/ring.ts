import type { CaptureEvent, Direction, FrameEvent } from './protocol';

/**
 * The page's events, bounded both by count and by an estimate of bytes. When either bound is passed the oldest
 * events go first, and the number that went is kept so that a UI can say so.
 *
 * An ordinary text frame (no extras, not cut, not decoded: what a busy plain socket brings) recorded while nobody
 * is subscribed is kept as columns rather than as an event object: recording it then allocates nothing, and the
 * garbage collector has no object per frame to copy. With a closed panel that object was a third of what
 * recording a frame cost the page. Such a frame becomes an event, equal to the one it would have been, when read.
 */
export class CaptureRing {
  /** The event of each slot; undefined for a text frame, which is the next one of `texts` in the same order. */
  private events: (CaptureEvent | undefined)[] = [];
  private costs: number[] = [];
  private head = 0;
  private length = 0;
  private bytes = 0;
  private droppedCount = 0;
  private readonly texts: TextFrameQueue;

  constructor(
    private maxItems: number,
    private maxBytes: number,
  ) {
    this.texts = new TextFrameQueue(maxItems);
  }

  get size(): number {
    return this.length;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  push(event: CaptureEvent, cost: number): void {
    this.makeRoom();
    this.place(event, cost);
  }

  /** A text frame with no extras, whole and undecoded, as the recorder would make it: see the class comment. */
  pushText(seq: number, at: number, connectionId: string, direction: Direction, size: number, data: string, cost: number): void {
    this.makeRoom();
    this.texts.push(seq, at, connectionId, direction, size, data);
    this.place(undefined, cost);
  }

  /** Oldest first. */
  toArray(): CaptureEvent[] {
    const out: CaptureEvent[] = new Array(this.length);
    let text = 0;
    for (let i = 0; i < this.length; i++) out[i] = this.events[(this.head + i) % this.maxItems] ?? this.texts.event(text++);
    return out;
  }

  /** The newest event with this sequence number. */
  findBySeq(seq: number): CaptureEvent | undefined {
    let text = this.texts.size;
    for (let i = this.length - 1; i >= 0; i--) {
      const event = this.events[(this.head + i) % this.maxItems];
      if (event === undefined) {
        text--;
        if (this.texts.seq(text) === seq) return this.texts.event(text);
      } else if (event.seq === seq) return event;
    }
    return undefined;
  }

  clear(): void {
    this.events = [];
    this.costs = [];
    this.head = 0;
    this.length = 0;
    this.bytes = 0;
    this.droppedCount = 0;
    this.texts.clear(this.maxItems);
  }

  /** Keeps the newest events that fit the new bounds, text frames still as columns. */
  resize(maxItems: number, maxBytes: number): void {
    const kept = this.toArray();
    const keptCosts = kept.map((_, i) => this.costs[(this.head + i) % this.maxItems] ?? 0);
    const asText = kept.map((_, i) => this.events[(this.head + i) % this.maxItems] === undefined);
    const dropped = this.droppedCount;
    this.maxItems = maxItems;
    this.maxBytes = maxBytes;
    this.clear();
    const start = Math.max(0, kept.length - maxItems);
    this.droppedCount = dropped + start;
    for (let i = start; i < kept.length; i++) {
      const event = kept[i] as CaptureEvent;
      const cost = keptCosts[i] ?? 0;
      if (asText[i] && event.type === 'frame') this.pushText(event.seq, event.at, event.connectionId, event.direction, event.size, event.data, cost);
      else this.push(event, cost);
    }
  }

  /** The count bound, before a new event takes its slot (the oldest text frame's column slot, maybe). */
  private makeRoom(): void {
    if (this.length === this.maxItems) this.dropOldest();
  }

  /** Past the byte bound, the oldest go, but never the newest. */
  private place(event: CaptureEvent | undefined, cost: number): void {
    const index = (this.head + this.length) % this.maxItems;
    this.events[index] = event;
    this.costs[index] = cost;
    this.length++;
    this.bytes += cost;
    while (this.bytes > this.maxBytes && this.length > 1) this.dropOldest();
  }

  private dropOldest(): void {
    if (this.events[this.head] === undefined) this.texts.dropOldest();
    this.events[this.head] = undefined;
    this.bytes -= this.costs[this.head] ?? 0;
    this.head = (this.head + 1) % this.maxItems;
    this.length--;
    this.droppedCount++;
  }
}

/**
 * The text frames of a `CaptureRing`, oldest first, one dense column per field: slots are only ever added at the
 * end and taken from the start, as the ring's are, so the ring finds a frame by counting the text slots before it.
 */
class TextFrameQueue {
  private seqs: number[] = [];
  private ats: number[] = [];
  private connectionIds: string[] = [];
  private directions: Direction[] = [];
  private sizes: number[] = [];
  private texts: (string | undefined)[] = [];
  private head = 0;
  private length = 0;

  /** `capacity`: the ring's count bound, which the queue can never pass; its slots are reused from then on. */
  constructor(private capacity: number) {}

  get size(): number {
    return this.length;
  }

  push(seq: number, at: number, connectionId: string, direction: Direction, size: number, data: string): void {
    const index = (this.head + this.length) % this.capacity;
    this.seqs[index] = seq;
    this.ats[index] = at;
    this.connectionIds[index] = connectionId;
    this.directions[index] = direction;
    this.sizes[index] = size;
    this.texts[index] = data;
    this.length++;
  }

  /** The sequence number of the `position`-th frame, oldest first. */
  seq(position: number): number {
    return this.seqs[(this.head + position) % this.capacity] as number;
  }

  event(position: number): FrameEvent {
    const index = (this.head + position) % this.capacity;
    return {
      type: 'frame',
      seq: this.seqs[index] as number,
      at: this.ats[index] as number,
      connectionId: this.connectionIds[index] as string,
      direction: this.directions[index] as Direction,
      size: this.sizes[index] as number,
      kind: 'text',
      data: this.texts[index] as string,
      encoding: 'text',
      truncated: false,
    };
  }

  dropOldest(): void {
    this.texts[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.length--;
  }

  clear(capacity: number): void {
    this.capacity = capacity;
    this.seqs = [];
    this.ats = [];
    this.connectionIds = [];
    this.directions = [];
    this.sizes = [];
    this.texts = [];
    this.head = 0;
    this.length = 0;
  }
}

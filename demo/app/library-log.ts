import { clockTime, h } from './dom.js';

/** Lines kept per panel; older ones scroll away for good. */
const MAX_LINES = 100;

/** Where a library's client reports what it sees. */
export interface LibraryLogSink {
  line(text: string): void;
  showMembers(ids: string[], me: string): void;
}

/** For the page's second user: its clients connect, join presence and queue, but draw nothing. */
export const SILENT_LOG: LibraryLogSink = { line: () => undefined, showMembers: () => undefined };

/** A panel's event list and member list. Everything from the network goes in as text. */
export class LibraryLog implements LibraryLogSink {
  constructor(
    private readonly messages: HTMLOListElement,
    private readonly members: HTMLUListElement,
  ) {}

  line(text: string): void {
    this.messages.append(h('li', {}, h('small', { className: 'muted' }, clockTime(Date.now())), ' ', text));
    while (this.messages.childElementCount > MAX_LINES) this.messages.firstElementChild?.remove();
    this.messages.scrollTop = this.messages.scrollHeight;
  }

  showMembers(ids: string[], me: string): void {
    this.members.replaceChildren(
      ...[...new Set(ids)].sort().map((id) => h('li', { className: id === me ? 'member me' : 'member' }, h('span', {}, id))),
    );
  }
}

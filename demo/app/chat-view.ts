import type { ChatMessage, ChatRoom } from '../shared/chat-protocol.js';
import { byId, clockTime, h, showStatus, type Tone } from './dom.js';
import type { OutgoingMessage } from './outbox.js';

/** Messages kept on screen; older ones scroll away for good. */
const MAX_VISIBLE_MESSAGES = 200;

/** The chat pane: messages, typing line, members with avatars, the offline-queue count and the status dot. */
export class ChatView {
  private readonly messages = byId<HTMLOListElement>('messages');
  private readonly typing = byId('typing');
  private readonly members = byId<HTMLUListElement>('members');
  private readonly outbox = byId('outbox');
  private readonly status = byId('chat-status');
  private readonly input = byId<HTMLInputElement>('message-input');
  private readonly avatarUrls = new Map<string, string>();
  private me = '';

  setMe(user: string): void {
    this.me = user;
    byId('me').textContent = user;
  }

  setRoom(room: ChatRoom): void {
    for (const button of document.querySelectorAll<HTMLButtonElement>('[data-room]')) {
      button.setAttribute('aria-pressed', String(button.dataset.room === room));
    }
    this.input.placeholder = `Message #${room}`;
  }

  reset(history: ChatMessage[]): void {
    this.messages.replaceChildren(...history.map((message) => this.messageElement(message, 'delivered')));
    this.scrollToEnd(true);
  }

  /** A message from the server; our own replaces its pending copy. */
  showMessage(message: ChatMessage): void {
    const pending = message.clientId ? this.findByClientId(message.clientId) : undefined;
    const element = this.messageElement(message, 'delivered');
    if (pending) pending.replaceWith(element);
    else this.append(element);
  }

  addPending(item: OutgoingMessage): void {
    const message: ChatMessage = { id: '', room: item.room, user: this.me, text: item.text, sentAt: item.createdAt, clientId: item.clientId };
    this.append(this.messageElement(message, 'pending'));
  }

  markDelivered(clientId: string): void {
    const element = this.findByClientId(clientId);
    if (!element) return;
    element.dataset.state = 'delivered';
    element.querySelector('.delivery')?.remove();
  }

  addNotice(text: string): void {
    this.append(h('li', { className: 'notice' }, text));
  }

  setMembers(members: string[]): void {
    this.members.replaceChildren(
      ...members.map((user) =>
        h('li', { className: user === this.me ? 'member me' : 'member' }, this.avatar(user), h('span', {}, user)),
      ),
    );
  }

  setAvatar(user: string, png: Uint8Array): void {
    const previous = this.avatarUrls.get(user);
    if (previous) URL.revokeObjectURL(previous);
    const url = URL.createObjectURL(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
    this.avatarUrls.set(user, url);
    for (const image of document.querySelectorAll<HTMLImageElement>('img.avatar')) {
      if (image.dataset.user === user) image.src = url;
    }
  }

  setTyping(users: string[]): void {
    const names = users.filter((user) => user !== this.me);
    this.typing.textContent =
      names.length === 0 ? '' : names.length === 1 ? `${names[0]} is typing…` : `${names.join(' and ')} are typing…`;
  }

  setOutbox(waiting: number, online: boolean): void {
    this.outbox.hidden = waiting === 0;
    const noun = waiting === 1 ? 'message' : 'messages';
    this.outbox.textContent = online ? `Sending ${waiting} ${noun}…` : `${waiting} ${noun} queued — sent when the chat reconnects`;
  }

  setStatus(tone: Tone, text: string): void {
    showStatus(this.status, tone, text);
  }

  private avatar(user: string): HTMLImageElement {
    const image = h('img', { className: 'avatar', attrs: { alt: '', width: '24', height: '24' } });
    image.dataset.user = user;
    const url = this.avatarUrls.get(user);
    if (url) image.src = url;
    return image;
  }

  private messageElement(message: ChatMessage, state: 'pending' | 'delivered'): HTMLLIElement {
    const element = h(
      'li',
      { className: message.user === this.me ? 'message mine' : 'message' },
      this.avatar(message.user),
      h(
        'div',
        { className: 'bubble' },
        h('div', { className: 'meta' }, h('strong', {}, message.user), ' ', h('time', {}, clockTime(message.sentAt))),
        h('div', { className: 'text' }, message.text),
        state === 'pending' ? h('div', { className: 'delivery' }, 'not delivered yet') : null,
      ),
    );
    element.dataset.state = state;
    if (message.clientId) element.dataset.clientId = message.clientId;
    return element;
  }

  private findByClientId(clientId: string): HTMLElement | undefined {
    for (const element of this.messages.querySelectorAll<HTMLElement>('li[data-client-id]')) {
      if (element.dataset.clientId === clientId) return element;
    }
    return undefined;
  }

  private append(element: HTMLLIElement): void {
    const nearEnd = this.messages.scrollHeight - this.messages.scrollTop - this.messages.clientHeight < 80;
    this.messages.append(element);
    while (this.messages.childElementCount > MAX_VISIBLE_MESSAGES) this.messages.firstElementChild?.remove();
    this.scrollToEnd(nearEnd);
  }

  private scrollToEnd(force: boolean): void {
    if (force) this.messages.scrollTop = this.messages.scrollHeight;
  }
}

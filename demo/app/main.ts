import { isChatRoom } from '../shared/chat-protocol.js';
import { ChatSession } from './chat.js';
import { ChatView } from './chat-view.js';
import { setUpServerControls } from './controls.js';
import { byId } from './dom.js';
import { FeedSession } from './feed.js';
import { FeedView } from './feed-view.js';

const NAMES = ['Alice', 'Bashir', 'Chen', 'Dana', 'Emeka', 'Farah', 'Gus', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Lena'];

/** `?user=Name` picks a name; otherwise each tab keeps a random one, so two tabs chat as two people. */
function currentUser(): string {
  const fromUrl = new URLSearchParams(location.search).get('user')?.trim();
  if (fromUrl) return fromUrl;
  const saved = sessionStorage.getItem('pulse-user');
  if (saved) return saved;
  const name = NAMES[Math.floor(Math.random() * NAMES.length)] ?? 'Guest';
  sessionStorage.setItem('pulse-user', name);
  return name;
}

const chat = new ChatSession(currentUser(), 'general', new ChatView());
const input = byId<HTMLInputElement>('message-input');
byId<HTMLFormElement>('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  chat.send(text);
  input.value = '';
});
input.addEventListener('input', () => chat.noteTyping());
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-room]')) {
  button.addEventListener('click', () => {
    if (isChatRoom(button.dataset.room)) chat.switchRoom(button.dataset.room);
  });
}
chat.start();

new FeedSession('/feed', new FeedView()).start();
setUpServerControls();

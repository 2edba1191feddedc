import type { LibrariesConfig } from '../shared/libraries-protocol.js';
import { byId } from './dom.js';
import { connectAbly, publishAbly } from './library-ably.js';
import { setUpLibraryControls } from './library-controls.js';
import { LibraryLog, SILENT_LOG } from './library-log.js';
import { connectPusher, triggerWave } from './library-pusher.js';
import { connectSocketIo, emitChat } from './library-socketio.js';
import { startTodos } from './library-todos.js';

const NAMES = ['alice', 'bashir', 'chen', 'dana', 'emeka', 'farah', 'gus', 'hiro'];

/** `?user=name` picks a name; otherwise each tab keeps a random one, so two tabs are two members. */
function currentUser(): string {
  const fromUrl = new URLSearchParams(location.search).get('user')?.trim();
  if (fromUrl) return fromUrl;
  const saved = sessionStorage.getItem('pulse-libraries-user');
  if (saved) return saved;
  const name = NAMES[Math.floor(Math.random() * NAMES.length)] ?? 'guest';
  sessionStorage.setItem('pulse-libraries-user', name);
  return name;
}

function onSubmit(formId: string, inputId: string, handle: (text: string) => void): void {
  const input = byId<HTMLInputElement>(inputId);
  byId<HTMLFormElement>(formId).addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    handle(text);
    input.value = '';
  });
}

async function loadConfig(user: string): Promise<LibrariesConfig> {
  const response = await fetch(`/libraries/config?user=${encodeURIComponent(user)}`);
  return (await response.json()) as LibrariesConfig;
}

const user = currentUser();
byId('me').textContent = user;
const config = await loadConfig(user);

const logs = {
  socketio: new LibraryLog(byId<HTMLOListElement>('socketio-messages'), byId<HTMLUListElement>('socketio-members')),
  pusher: new LibraryLog(byId<HTMLOListElement>('pusher-messages'), byId<HTMLUListElement>('pusher-members')),
  ably: new LibraryLog(byId<HTMLOListElement>('ably-messages'), byId<HTMLUListElement>('ably-members')),
};

const socket = connectSocketIo(config.socketIoUrl, user, logs.socketio, byId('socketio-status'));
const pusherChannel = connectPusher(config.pusher, user, logs.pusher, byId('pusher-status'));
const ablyChannel = connectAbly(config.ably, user, logs.ably, byId('ably-status'));

onSubmit('socketio-form', 'socketio-input', (text) => emitChat(socket, user, text));
onSubmit('pusher-form', 'pusher-input', (text) => {
  if (!triggerWave(pusherChannel, text)) logs.pusher.line('not sent: pusher-js does not queue while disconnected');
});
onSubmit('ably-form', 'ably-input', (text) => publishAbly(ablyChannel, text));

const addTodo = await startTodos(socket, byId<HTMLUListElement>('todos'), byId('todos-state'));
onSubmit('todo-form', 'todo-input', addTodo);

// A second member in the same page, so that presence shows two people without opening another tab.
byId<HTMLButtonElement>('second-user').addEventListener('click', async (event) => {
  const button = event.currentTarget as HTMLButtonElement;
  button.disabled = true;
  const second = `${user}-2`;
  const secondConfig = await loadConfig(second);
  connectSocketIo(secondConfig.socketIoUrl, second, SILENT_LOG, null);
  connectPusher(secondConfig.pusher, second, SILENT_LOG, null);
  connectAbly(secondConfig.ably, second, SILENT_LOG, null);
  button.textContent = `${second} joined`;
});

setUpLibraryControls();

import { render } from 'preact';
import { PROTOCOL_VERSION, type Wall } from '../../instrumentation/protocol';
import { pacedApply } from './store/paced-apply';
import { createDevtoolsStore } from './store/store';
import { StoreContext } from './store/use-store';
import { DEVTOOLS_CSS } from './styles';
import { App } from './views/app';

export interface MountOptions {
  shell: 'panel' | 'overlay' | 'viewer';
  theme: 'light' | 'dark' | 'auto';
  onClose?: () => void;
}

/**
 * Renders the Realtime DevTools UI into `root` (an element of the panel page, or the overlay's shadow root) and
 * starts the handshake over `wall`. The UI knows nothing of its shell: the DevTools panel, the overlay and the test
 * harness differ only in the wall they pass. Returns the function that unmounts it and tells the page to stop
 * streaming.
 */
export function mountDevtoolsUi(root: HTMLElement | ShadowRoot, wall: Wall, options: MountOptions): () => void {
  const document = root.ownerDocument;
  const style = document.createElement('style');
  style.textContent = DEVTOOLS_CSS;
  const container = document.createElement('div');
  container.className = 'rtd-mount';
  root.append(style, container);

  const store = createDevtoolsStore({ send: (message) => wall.send(message) });
  const incoming = pacedApply((message) => store.getState().apply(message));
  const stopListening = wall.listen((message) => incoming.push(message));
  render(
    <StoreContext.Provider value={store}>
      <App shell={options.shell} theme={options.theme} onClose={options.onClose} />
    </StoreContext.Provider>,
    container,
  );
  // Sent after listening: a same-window page answers `hello` and `snapshot` synchronously.
  store.getState().send({ kind: 'init', protocolVersion: PROTOCOL_VERSION });

  let mounted = true;
  return () => {
    if (!mounted) return;
    mounted = false;
    store.getState().send({ kind: 'detach' });
    stopListening();
    incoming.flush();
    render(null, container);
    container.remove();
    style.remove();
  };
}

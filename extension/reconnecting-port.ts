import type { Runtime } from 'webextension-polyfill';

/**
 * Waits between attempts when a Port keeps closing before the other side answers (a service worker that fails to
 * start, or refuses us): immediately first, since the usual cause — an MV3 service worker stopped while idle — is
 * cured by the very next connect, which starts a fresh one.
 */
const RETRY_DELAYS_MS = [0, 50, 250, 1_000, 2_000] as const;

export interface ReconnectingPortOptions<Out> {
  /** Opens a new Port; throws once the extension context is gone (extension reloaded or removed). */
  connect(): Runtime.Port;
  /** A fresh Port is open: say hello on it. */
  onOpen(send: (message: Out) => void): void;
  onMessage(message: unknown): void;
  onClose(): void;
  /** Asked after every close: reopen at once, or stay closed until `open()` is called. */
  shouldReconnect(): boolean;
}

/**
 * A runtime Port that comes back. MV3 stops an idle service worker, and every Port to it closes with it; a relay or
 * panel that does not reconnect is left dead (the Redux DevTools regret, issue #1731).
 */
export class ReconnectingPort<Out> {
  private port: Runtime.Port | undefined;
  private consecutiveSilentCloses = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private contextLost = false;

  constructor(private readonly options: ReconnectingPortOptions<Out>) {}

  get isOpen(): boolean {
    return this.port !== undefined;
  }

  open(): void {
    if (this.port || this.contextLost) return;
    if (this.retryTimer !== undefined) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    let port: Runtime.Port;
    try {
      port = this.options.connect();
    } catch {
      // "Extension context invalidated": this script belongs to an extension instance that no longer exists.
      this.contextLost = true;
      return;
    }
    this.port = port;
    let answered = false;
    port.onMessage.addListener((message: unknown) => {
      if (this.port !== port) return;
      if (!answered) {
        answered = true;
        this.consecutiveSilentCloses = 0;
      }
      this.options.onMessage(message);
    });
    port.onDisconnect.addListener(() => {
      if (this.port !== port) return;
      this.port = undefined;
      if (!answered) this.consecutiveSilentCloses++;
      this.options.onClose();
      if (this.options.shouldReconnect()) this.scheduleOpen();
    });
    this.options.onOpen((message) => this.post(message));
  }

  /** False when there is no open Port or it closed under us; the caller decides whether to keep the message. */
  post(message: Out): boolean {
    if (!this.port) return false;
    try {
      this.port.postMessage(message);
      return true;
    } catch {
      return false;
    }
  }

  private scheduleOpen(): void {
    if (this.retryTimer !== undefined) return;
    const delay = RETRY_DELAYS_MS[Math.min(this.consecutiveSilentCloses, RETRY_DELAYS_MS.length - 1)];
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.open();
    }, delay);
  }
}

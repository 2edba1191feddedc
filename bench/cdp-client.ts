import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';

type Params = Record<string, unknown>;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/**
 * A bare Chrome DevTools Protocol connection with flat sessions. Playwright's own page sessions enable the Network
 * domain, which copies every WebSocket frame over the protocol and halves the throughput being profiled; speaking
 * the protocol directly enables only what the measurement asks for.
 */
export class CdpConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(params: Params, sessionId: string | undefined) => void>>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
        method?: string;
        params?: Params;
        sessionId?: string;
      };
      if (message.id !== undefined) {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiting?.reject(new Error(message.error.message));
        else waiting?.resolve(message.result);
        return;
      }
      if (message.method) {
        for (const listener of this.listeners.get(message.method) ?? []) listener(message.params ?? {}, message.sessionId);
      }
    });
    socket.on('close', () => {
      for (const waiting of this.pending.values()) waiting.reject(new Error('the browser closed the DevTools connection'));
      this.pending.clear();
    });
  }

  static open(url: string): Promise<CdpConnection> {
    return new Promise((resolveOpen, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
      socket.once('open', () => resolveOpen(new CdpConnection(socket)));
      socket.once('error', reject);
    });
  }

  send<T = Params>(method: string, params: Params = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolveSend, reject) => {
      this.pending.set(id, { resolve: (result) => resolveSend(result as T), reject });
      this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  /** Resolves with the params of the next `method` event of `sessionId`. */
  next(method: string, sessionId: string): Promise<Params> {
    return new Promise((resolveEvent) => {
      const listener = (params: Params, from: string | undefined): void => {
        if (from !== sessionId) return;
        this.listeners.get(method)?.delete(listener);
        resolveEvent(params);
      };
      const set = this.listeners.get(method) ?? new Set();
      set.add(listener);
      this.listeners.set(method, set);
    });
  }

  close(): void {
    this.socket.close();
  }
}

export interface LaunchedChromium {
  cdp: CdpConnection;
  close(): Promise<void>;
}

/** Starts headless Chromium with a fresh profile and connects to its browser target. */
export async function launchChromium(executable: string, args: string[]): Promise<LaunchedChromium> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'rtd-profile-'));
  const child: ChildProcess = spawn(
    executable,
    [...args, '--headless', '--remote-debugging-port=0', `--user-data-dir=${userDataDir}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = await new Promise<string>((resolveEndpoint, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${output.slice(-500)}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (found?.[1]) {
        clearTimeout(timer);
        resolveEndpoint(found[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited with ${code}: ${output.slice(-500)}`));
    });
  });
  const cdp = await CdpConnection.open(endpoint);
  return {
    cdp,
    async close() {
      cdp.close();
      const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
      child.kill();
      await exited;
      try {
        // A helper process can still be writing the profile after the browser process has exited; a folder left in
        // the temporary directory is no reason to lose the figures of a finished run.
        rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      } catch (error) {
        console.warn(`Could not remove Chromium's profile folder ${userDataDir}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

/**
 * `npx tsx bench/chaos-latency.ts [-- --samples 40 --latencies 10,25,50,100,200 --jitter 20]`
 *
 * How closely the chaos latency setting is honoured: in headless Chromium with the built instrumentation, the delay
 * chaos adds to WebSocket frames (each direction), SSE events and fetch round trips, measured from the page against
 * the same operation with no condition on, taken in alternation so that drift of the machine cancels out. The
 * target: the median added delay within ±(2 ms + 2 %) of the setting. With jitter each sample is the latency plus a
 * random draw within ± jitter, so the median of a few dozen samples wanders by several ms by design: there, every
 * sample must stay within latency ± jitter (plus the tolerance and the plain run's own spread), and frames must
 * keep their order.
 * Exits 0 whether or not the target is met (the verdict is printed); non-zero only when the benchmark could not run.
 */
import { existsSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import type { ChaosSettingsInput, RealtimeDevtoolsApi } from '../instrumentation/api';
import { median, percentile } from './stats';

const INSTRUMENTATION_SCRIPT = resolve(import.meta.dirname, '../dist/instrumentation/realtime-devtools.js');
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows',
];
const TOLERANCE_MS = 2;
const TOLERANCE_SHARE = 0.02;

type Operation = 'ws-in' | 'ws-out' | 'sse-in' | 'fetch';

/** What each operation's measured time contains of the chaos delays. */
const EXPECTED: Record<Operation, (latencyMs: number) => ChaosSettingsInput> = {
  'ws-in': (ms) => ({ latencyInMs: ms, latencyOutMs: 0 }),
  'ws-out': (ms) => ({ latencyInMs: 0, latencyOutMs: ms }),
  'sse-in': (ms) => ({ latencyInMs: ms, latencyOutMs: 0 }),
  // A round trip: the request waits `out`, the response `in`.
  fetch: (ms) => ({ latencyInMs: ms / 2, latencyOutMs: ms / 2 }),
};

function options(): { samples: number; latencies: number[]; jitter: number } {
  const { values } = parseArgs({
    options: {
      samples: { type: 'string', default: '40' },
      latencies: { type: 'string', default: '10,25,50,100,200' },
      jitter: { type: 'string', default: '20' },
    },
  });
  const samples = Number(values.samples);
  const latencies = values.latencies.split(',').map(Number);
  const jitter = Number(values.jitter);
  if (!Number.isInteger(samples) || samples < 5) throw new Error('--samples must be an integer ≥ 5');
  if (latencies.some((ms) => !Number.isFinite(ms) || ms <= 0)) throw new Error('--latencies must be positive numbers');
  if (!Number.isFinite(jitter) || jitter < 0) throw new Error('--jitter must be a number ≥ 0');
  return { samples, latencies, jitter };
}

interface Server {
  origin: string;
  close(): Promise<void>;
}

/**
 * An echo socket; `/sse` streams, and `/emit` makes every open stream send one event (so that the page times an
 * event from its own request); `/api` answers at once.
 */
async function startServer(): Promise<Server> {
  const streams = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(': open\n\n');
      streams.add(res);
      res.on('close', () => streams.delete(res));
    } else if (path === '/emit') {
      for (const stream of streams) stream.write('data: tick\n\n');
      res.writeHead(204).end();
    } else if (path === '/api') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>chaos latency</title>');
    }
  });
  const sockets = new WebSocketServer({ server, perMessageDeflate: false });
  sockets.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      for (const stream of streams) stream.destroy();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

declare global {
  interface Window {
    benchSocket: WebSocket;
    benchSource: EventSource;
  }
}

/**
 * Runs in the page: `count` timings of one operation, in ms, one after the other. (No named inner functions: tsx
 * would wrap them in a helper the page does not have.)
 */
async function timeOperation({ operation, count }: { operation: Operation; count: number }): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    if (operation === 'ws-in' || operation === 'ws-out') {
      const echoed = new Promise((done) => window.benchSocket.addEventListener('message', done, { once: true }));
      window.benchSocket.send(`sample ${i}`);
      await echoed;
    } else if (operation === 'sse-in') {
      const event = new Promise((done) => window.benchSource.addEventListener('message', done, { once: true }));
      // `/emit` is exempt: only the event itself crosses the simulated network.
      await fetch('/emit');
      await event;
    } else {
      await fetch('/api').then((response) => response.text());
    }
    times.push(performance.now() - started);
  }
  return times;
}

async function openChannels(page: Page): Promise<void> {
  await page.evaluate(async () => {
    window.benchSocket = new WebSocket(`ws://${location.host}/echo`);
    window.benchSource = new EventSource('/sse');
    await Promise.all([
      new Promise((done) => window.benchSocket.addEventListener('open', done, { once: true })),
      new Promise((done) => window.benchSource.addEventListener('open', done, { once: true })),
    ]);
  });
}

function setChaos(page: Page, changes: ChaosSettingsInput): Promise<unknown> {
  return page.evaluate((settings) => (window as unknown as { __REALTIME_DEVTOOLS__: RealtimeDevtoolsApi }).__REALTIME_DEVTOOLS__.chaos.set(settings), changes);
}

interface Row {
  operation: Operation;
  latencyMs: number;
  jitterMs: number;
  addedMedian: number;
  addedP5: number;
  addedP95: number;
  tolerance: number;
  pass: boolean;
}

/**
 * Alternates chunks with and without the condition, so that both see the same machine; each chaos sample is
 * compared with the median of the plain samples.
 */
async function measure(page: Page, operation: Operation, latencyMs: number, jitterMs: number, samples: number): Promise<Row> {
  const chunk = 5;
  const plain: number[] = [];
  const delayed: number[] = [];
  const jitter = operation === 'fetch' ? { jitterInMs: jitterMs / 2, jitterOutMs: jitterMs / 2 } : operation === 'ws-out' ? { jitterInMs: 0, jitterOutMs: jitterMs } : { jitterInMs: jitterMs, jitterOutMs: 0 };
  while (delayed.length < samples) {
    await setChaos(page, { latencyMs: 0, jitterMs: 0 });
    plain.push(...(await page.evaluate(timeOperation, { operation, count: chunk })));
    await setChaos(page, { ...EXPECTED[operation](latencyMs), ...jitter });
    delayed.push(...(await page.evaluate(timeOperation, { operation, count: chunk })));
  }
  await setChaos(page, { latencyMs: 0, jitterMs: 0 });
  const base = median(plain);
  const added = delayed.map((time) => time - base);
  const tolerance = TOLERANCE_MS + TOLERANCE_SHARE * latencyMs;
  const addedMedian = median(added);
  if (jitterMs === 0) {
    return {
      operation, latencyMs, jitterMs, addedMedian, addedP5: percentile(added, 5), addedP95: percentile(added, 95), tolerance,
      pass: Math.abs(addedMedian - latencyMs) <= tolerance,
    };
  }
  const spread = jitterMs + tolerance + (percentile(plain, 95) - percentile(plain, 5));
  return {
    operation, latencyMs, jitterMs, addedMedian, addedP5: percentile(added, 5), addedP95: percentile(added, 95), tolerance: spread,
    pass: added.every((value) => Math.abs(value - latencyMs) <= spread),
  };
}

async function checkOrder(page: Page, latencyMs: number, jitterMs: number): Promise<boolean> {
  await setChaos(page, { latencyMs, jitterMs });
  const received = await page.evaluate(async () => {
    const got: string[] = [];
    const controller = new AbortController();
    const done = new Promise<void>((finish) => {
      window.benchSocket.addEventListener('message', (event) => {
        got.push(String(event.data));
        if (got.length === 500) {
          controller.abort();
          finish();
        }
      }, { signal: controller.signal });
    });
    for (let i = 0; i < 500; i++) window.benchSocket.send(String(i));
    await done;
    return got;
  });
  await setChaos(page, { latencyMs: 0, jitterMs: 0 });
  return received.every((value, i) => value === String(i));
}

const format = (ms: number): string => ms.toFixed(1).padStart(6);

/** Timers run late on a busy machine, and the figures with them: say so rather than let them look exact. */
function busyWarning(): string | undefined {
  const [oneMinute = 0] = loadavg();
  if (oneMinute <= cpus().length / 2) return undefined;
  return `\n  ⚠ The machine was busy when the run started (load ${oneMinute.toFixed(2)} on ${cpus().length} CPUs): timers fire late under load; rerun on an idle machine.`;
}

async function main(): Promise<void> {
  const { samples, latencies, jitter } = options();
  const warning = busyWarning();
  if (!existsSync(INSTRUMENTATION_SCRIPT)) throw new Error(`${INSTRUMENTATION_SCRIPT} is missing: run npm run build first`);
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.addInitScript({ path: INSTRUMENTATION_SCRIPT });
    await page.goto(server.origin);
    await setChaos(page, { exemptUrls: ['/emit'], persist: false });
    await openChannels(page);
    console.log(`Chaos latency: added delay against the setting, ${samples} samples each, Chromium ${browser.version()} headless`);
    console.log(`  target: median within ±(${TOLERANCE_MS} ms + ${TOLERANCE_SHARE * 100} %) of the setting; with jitter, every sample within`);
    console.log('  latency ± (jitter + that tolerance + the plain run\'s p5–p95 spread): the "tolerance" column\n');
    console.log('  operation  latency  jitter   median added   p5 … p95 added    tolerance  verdict');
    const rows: Row[] = [];
    for (const jitterMs of jitter > 0 ? [0, jitter] : [0]) {
      for (const operation of ['ws-in', 'ws-out', 'sse-in', 'fetch'] as Operation[]) {
        for (const latencyMs of latencies) {
          if (jitterMs > latencyMs) continue;
          const row = await measure(page, operation, latencyMs, jitterMs, samples);
          rows.push(row);
          console.log(
            `  ${operation.padEnd(9)} ${format(latencyMs)} ${format(jitterMs)}   ${format(row.addedMedian)} ms    ${format(row.addedP5)} … ${format(row.addedP95)}   ±${row.tolerance.toFixed(1).padStart(4)} ms  ${row.pass ? 'ok' : 'MISSED'}`,
          );
        }
      }
    }
    const ordered = await checkOrder(page, 30, 30);
    console.log(`\n  500 frames each way under 30 ms ± 30 ms: ${ordered ? 'received in the order sent' : 'REORDERED'}`);
    const missed = rows.filter((row) => !row.pass).length;
    console.log(missed === 0 && ordered ? '\n  Verdict: every setting honoured within the target.' : `\n  Verdict: ${missed} setting(s) missed the target${ordered ? '' : ', and frames were reordered'}.`);
    if (warning) console.log(warning);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

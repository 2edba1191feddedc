import { describe, expect, it } from 'vitest';
import { ReconnectLog } from '../../instrumentation/clients/reconnect-log';

describe('ReconnectLog', () => {
  it('numbers attempts itself when the library does not (pusher-js, Ably) and gives the time of the next one', () => {
    const log = new ReconnectLog();
    expect(log.scheduled(1_000, 5_000)).toEqual({ attempt: 1, delayMs: 1_000, nextAttemptAt: 6_000 });
    expect(log.nextAttemptAt).toBe(6_000);
    expect(log.started()).toBe(1);
    expect(log.nextAttemptAt).toBeNull();
    expect(log.scheduled(2_000, 7_000)).toEqual({ attempt: 2, delayMs: 2_000, nextAttemptAt: 9_000 });
    expect(log.started()).toBe(2);
  });

  it("keeps the library's own attempt numbers (Socket.IO)", () => {
    const log = new ReconnectLog();
    expect(log.scheduled(400, 0, 3).attempt).toBe(3);
    expect(log.started(3)).toBe(3);
    expect(log.attempts).toBe(3);
  });

  it('starts counting over after a successful connection, and forgets the next attempt after giving up', () => {
    const log = new ReconnectLog();
    log.scheduled(100, 0);
    log.started();
    log.succeeded();
    expect(log.attempts).toBe(0);
    expect(log.scheduled(100, 1_000).attempt).toBe(1);
    log.gaveUp();
    expect(log.nextAttemptAt).toBeNull();
  });

  it('treats a negative or non-finite delay as an immediate attempt', () => {
    const log = new ReconnectLog();
    expect(log.scheduled(Number.NaN, 50)).toEqual({ attempt: 1, delayMs: 0, nextAttemptAt: 50 });
    expect(log.scheduled(-5, 60).delayMs).toBe(0);
  });
});

/**
 * Bookkeeping of one client's reconnection: which attempt comes next, how long the library waits before it and
 * when it is due. Libraries tell different parts of it (Socket.IO the attempt numbers and, through its backoff,
 * the delay; pusher-js only the delay; Ably the delay with its `disconnected` state), so each part is optional and
 * the rest is counted here.
 */
export interface ScheduledAttempt {
  attempt: number;
  delayMs: number;
  nextAttemptAt: number;
}

export class ReconnectLog {
  /** Attempts started since the last successful connection. */
  attempts = 0;
  nextAttemptAt: number | null = null;
  private scheduledAttempt: number | null = null;

  /** The library will wait `delayMs` from `now`; `attempt` when the library numbers it, else the next one. */
  scheduled(delayMs: number, now: number, attempt?: number): ScheduledAttempt {
    const number = attempt ?? this.attempts + 1;
    const safeDelay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    this.scheduledAttempt = number;
    this.nextAttemptAt = now + safeDelay;
    return { attempt: number, delayMs: safeDelay, nextAttemptAt: this.nextAttemptAt };
  }

  /** An attempt started; returns its number (the library's, the one scheduled, or the next). */
  started(attempt?: number): number {
    const number = attempt ?? this.scheduledAttempt ?? this.attempts + 1;
    this.attempts = Math.max(this.attempts, number);
    this.scheduledAttempt = null;
    this.nextAttemptAt = null;
    return number;
  }

  /** Connected again (or for the first time): the count starts over. */
  succeeded(): void {
    this.attempts = 0;
    this.scheduledAttempt = null;
    this.nextAttemptAt = null;
  }

  gaveUp(): void {
    this.scheduledAttempt = null;
    this.nextAttemptAt = null;
  }
}

import { randomInt, timingSafeEqual } from 'node:crypto';

export interface OutboxMessage {
  to: string;
  subject: string;
  code: string;
  sentAt: number;
}

/**
 * Where the reference site "sends" its sign-in codes. A real site would hand them to an
 * email or SMS provider; tests read the outbox the way a user reads their inbox.
 */
export class Outbox {
  readonly messages: OutboxMessage[] = [];

  constructor(private readonly onSend: (message: OutboxMessage) => void = () => {}) {}

  send(message: OutboxMessage): void {
    this.messages.push(message);
    this.onSend(message);
  }

  latestFor(to: string): OutboxMessage | undefined {
    return this.messages.filter((message) => message.to === to).at(-1);
  }
}

export const CODE_TTL_MS = 5 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;

export interface PendingCode {
  code: string;
  expiresAt: number;
  attempts: number;
}

export function newSignInCode(now: number): PendingCode {
  return { code: String(randomInt(0, 1_000_000)).padStart(6, '0'), expiresAt: now + CODE_TTL_MS, attempts: 0 };
}

/** Counts the attempt first, so guessing is bounded even for wrong-length input. */
export function checkSignInCode(pending: PendingCode, entered: string, now: number): boolean {
  pending.attempts += 1;
  if (pending.attempts > MAX_CODE_ATTEMPTS || now > pending.expiresAt) return false;
  const candidate = entered.trim();
  if (!/^\d{6}$/.test(candidate)) return false;
  return timingSafeEqual(Buffer.from(candidate), Buffer.from(pending.code));
}

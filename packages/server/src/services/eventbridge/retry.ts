/**
 * A target's RetryPolicy and what happens after a failed attempt: retry after an exponential
 * backoff with jitter, or give up (retries spent, event too old, or a failure retrying cannot
 * fix). Defaults are AWS's: 185 retries, 24 hours.
 */
import type { RuleTarget } from './contracts.js';

/** A target's retry policy, in the units the engine uses. */
export interface RetryPolicy {
  /** Retries after the first attempt (0-185). */
  readonly maxRetries: number;
  /** Age of the event after which it is not attempted again (60 s - 24 h). */
  readonly maxAgeMs: number;
}

/** AWS's defaults: 185 retries, 24 hours. */
export const DEFAULT_MAX_RETRIES = 185;
export const DEFAULT_MAX_AGE_SECONDS = 86_400;

/** The retry policy of a target (AWS's defaults for what it leaves out). */
export function policyOf(target: RuleTarget): RetryPolicy {
  return {
    maxRetries: target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_MAX_RETRIES,
    maxAgeMs: (target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000,
  };
}

/** Why a delivery was given up on (the dead-letter message's EXHAUSTED_RETRY_CONDITION). */
export type GiveUp = 'MaximumRetryAttempts' | 'MaximumEventAge' | 'NonRetryable';

/** What follows a failed attempt: a retry at a time, or giving up. */
export type AfterFailure = { readonly retryAt: number } | { readonly giveUp: GiveUp };

/** The delay cap, as a multiple of the base: 300 × 1 s = 5 minutes between late retries. */
const CAP_FACTOR = 300;

/**
 * The wait before the retry that follows `attempts` failed attempts: base × 2^(attempts-1),
 * capped, with "equal jitter" (half fixed, half random) so retries of many deliveries that
 * failed together spread out but still back off.
 */
export function backoffMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const exp = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), baseMs * CAP_FACTOR);
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** A failed attempt, as the retry decision sees it. */
export interface FailedAttempt {
  /** Attempts made, the failed one included. */
  readonly attempts: number;
  readonly enqueuedAt: number;
  readonly now: number;
  readonly retryable: boolean;
}

/** Retry (when) or give up (why) after a failed attempt. */
export function afterFailure(policy: RetryPolicy, failed: FailedAttempt, baseMs: number, random?: () => number): AfterFailure {
  if (!failed.retryable) return { giveUp: 'NonRetryable' };
  if (failed.attempts - 1 >= policy.maxRetries) return { giveUp: 'MaximumRetryAttempts' };
  const retryAt = failed.now + backoffMs(failed.attempts, baseMs, random);
  if (retryAt > failed.enqueuedAt + policy.maxAgeMs) return { giveUp: 'MaximumEventAge' };
  return { retryAt };
}

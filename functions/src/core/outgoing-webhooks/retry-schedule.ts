/**
 * When each attempt of a message is made, after the one before failed (Svix's schedule): at once,
 * then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h later: 8 attempts over about 27.6 hours.
 */
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** A Retry-After longer than this is read as this: a receiver cannot park a message for weeks. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;
/** An endpoint whose attempts have failed, with no success in between, for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3_600_000;

/**
 * The delay before attempt `failed + 1` of a series, `failed` attempts having failed: the schedule's
 * delay spread by ±20 % (so messages that failed together do not come back together), and never
 * sooner than a Retry-After the receiver sent. Null when the series is over.
 */
export function nextDelayMs(failed: number, retryAfterSeconds: number | null, random: () => number = Math.random): number | null {
  if (failed < 1 || failed >= MAX_ATTEMPTS) return null;
  const base = RETRY_DELAYS_MS[failed - 1];
  const jittered = Math.round(base * (0.8 + 0.4 * random()));
  const asked = retryAfterSeconds === null ? 0 : Math.min(retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS);
  return Math.max(jittered, asked);
}

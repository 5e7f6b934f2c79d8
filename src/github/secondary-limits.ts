// Secondary rate limits (403/429 "You have exceeded a secondary rate limit"): Probot's throttle
// settings only log them, so each client gets a hook that waits `retry-after` (or a minute when
// absent) and tries again, a bounded number of times, so retries never pile onto the limit.
import { SECONDARY_RATE_LIMIT_MESSAGE, SECONDARY_RATE_LIMIT_MIN_WAIT_MS } from "./limits.js";
import type { GitHub } from "./octokit.js";

export interface SecondaryLimitOptions {
  /** Tries after the first one; then the error goes to the caller. */
  retries?: number;
  /** Waits this many milliseconds; tests shorten it. */
  sleep?: (ms: number) => Promise<void>;
}

const hooked = new WeakSet<object>();

export function honourSecondaryLimits(octokit: GitHub, options: SecondaryLimitOptions = {}): GitHub {
  if (hooked.has(octokit)) return octokit;
  hooked.add(octokit);
  const retries = options.retries ?? 2;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  octokit.hook.wrap("request", async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const wait = secondaryLimitWait(error);
        if (wait === undefined || attempt >= retries) throw error;
        octokit.log.warn(`Secondary rate limit on ${requestOptions.method} ${requestOptions.url}: retrying in ${wait / 1000} s`);
        await sleep(wait);
      }
    }
  });
  return octokit;
}

/** How long to wait before retrying, or undefined when the error is not a secondary limit. */
export function secondaryLimitWait(error: unknown): number | undefined {
  const e = error as { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } };
  if (e?.status !== 403 && e?.status !== 429) return undefined;
  const retryAfter = Number(e.response?.headers?.["retry-after"]);
  const secondary = e.status === 429 || String(e.message ?? "").includes(SECONDARY_RATE_LIMIT_MESSAGE) || Number.isFinite(retryAfter);
  if (!secondary) return undefined;
  return Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : SECONDARY_RATE_LIMIT_MIN_WAIT_MS;
}

// The API client, hardened: transient failures (5xx, a dropped connection, a timeout, a body that is
// not the JSON it claims to be) are retried with back-off; secondary rate limits are waited out; a
// primary rate limit is waited out only when it resets soon. Whatever still fails reaches the caller
// as an error, and a scan that could not happen fails the step: never a green check.
import { getOctokit } from "@actions/github";
import { RequestError } from "@octokit/request-error";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck";
import type { Octokit } from "./github-api.ts";

/**
 * The unit of every wait, in milliseconds: a second. Tests shrink it (the variable is not an input:
 * users have no reason to change how long GitHub asks clients to wait).
 */
const UNIT_MS = Number(process.env.DJANGO_SECRET_SCAN_TIME_UNIT_MS) || 1000;
/** Retries of one request after a 5xx, a dropped connection or a timeout: waits of 1, 4 and 9 units. */
export const RETRIES = 3;
/** A request that has not answered in this many units is abandoned (and retried). */
const TIMEOUT_UNITS = 30;
/** The longest rate-limit reset the action waits for; past it, the step fails naming the reset time. */
export const MAX_RATE_LIMIT_WAIT_UNITS = 60;

type Log = (message: string) => void;

/** The timeouts this client set, told from a signal a caller passed (which is left alone). */
const ownSignals = new WeakSet<AbortSignal>();

/** Malformed JSON, and a request that hangs, become errors the retry plugin retries like a 502. */
function guarded(octokit: { hook: { wrap: Function } }): void {
  octokit.hook.wrap("request", async (request: (o: any) => Promise<any>, options: any) => {
    // The hooks share one options object across retries (and ignore a new one): each attempt gets a fresh timeout on it.
    const current = options.request?.signal;
    if (!current || ownSignals.has(current)) {
      const signal = AbortSignal.timeout(TIMEOUT_UNITS * UNIT_MS);
      ownSignals.add(signal);
      options.request = { ...options.request, signal };
    }
    const response = await request(options);
    const type = String(response.headers?.["content-type"] ?? "");
    if (type.includes("json") && typeof response.data === "string") {
      throw new RequestError(`GitHub answered ${options.method} ${options.url} with a body that is not valid JSON`, 502, { request: options, response });
    }
    return response;
  });
}

export function makeOctokit(token: string, log: Log): Octokit {
  return getOctokit(
    token,
    {
      retry: { retries: RETRIES, retryAfterBaseValue: UNIT_MS },
      throttle: {
        retryAfterBaseValue: UNIT_MS,
        fallbackSecondaryRateRetryAfter: 60,
        // GitHub asks for a second between writes (the check-run updates): one unit.
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: UNIT_MS }),
        onRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
          if (retryCount < 1 && retryAfter <= MAX_RATE_LIMIT_WAIT_UNITS) {
            log(`GitHub's API rate limit is used up; waiting ${retryAfter} s for it to reset (${options.method} ${options.url}).`);
            return true;
          }
          return false; // the request fails with the rate-limit error, which names the reset time
        },
        onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
          if (retryCount < RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_UNITS) {
            log(`GitHub's secondary rate limit: waiting ${retryAfter} s before retrying ${options.method} ${options.url}.`);
            return true;
          }
          return false;
        },
      },
    },
    guarded as any,
    retry,
    throttling,
  );
}

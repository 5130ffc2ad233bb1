// One HTTP request as `collect` makes it: Node's own fetch (undici), a timeout on the
// response headers and on every pause while the body is read, retries with exponential
// backoff and full jitter on connection errors, cut-off bodies, 429 (honouring
// Retry-After) and 5xx, a bounded number of times. 401/403 and other 4xx stop the
// collection with exit status 2, naming the endpoint (never the host's credential).
// Redirects are not followed: a redirect would carry the API key header to wherever it
// points.
import { UsageError } from '../errors.js';
import { clean } from './redact.js';

export interface HttpSettings {
  /** Milliseconds to wait for the response headers, and for each chunk of the body. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  /** Base of the exponential backoff, milliseconds. */
  backoffMs: number;
  /** The longest Retry-After honoured; a longer one stops the collection. */
  maxRetryAfterMs: number;
}

/** Defaults, overridable through the environment (tests use short ones). */
export function httpSettings(env: NodeJS.ProcessEnv = process.env): HttpSettings {
  const num = (name: string, dflt: number, min = 0): number => {
    const v = env[name];
    if (v === undefined || v === '') return dflt;
    if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`${name} must be a whole number ≥ ${min}, not ${JSON.stringify(clean(v))}`);
    return Number(v);
  };
  return {
    timeoutMs: num('ACCESS_AUDIT_HTTP_TIMEOUT_MS', 60_000, 1),
    retries: num('ACCESS_AUDIT_HTTP_RETRIES', 6),
    backoffMs: num('ACCESS_AUDIT_HTTP_BACKOFF_MS', 1_000),
    maxRetryAfterMs: num('ACCESS_AUDIT_HTTP_MAX_RETRY_AFTER_MS', 300_000),
  };
}

export interface Request {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** The body must be JSON: one that is not (a cut-off body, an HTML error page) is retried. */
  json?: boolean;
}

export interface Response {
  status: number;
  /** The body as returned, decoded as UTF-8. */
  text: string;
  headers: Headers;
  /** The parsed body, when the request asked for JSON. */
  json?: unknown;
  /** Attempts this response took (1 = no retry). */
  attempts: number;
}

/** What a failed attempt was, for the retry decision and the final message. */
class Attempt extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The collection stopped elsewhere (another file failed): this request gives up quietly. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done);
  });

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/**
 * Send a request until it answers 2xx or a final error. `onStatus` lets the caller deal
 * with a status before the generic handling (Keycloak re-fetches its token on 401); it
 * returns true to try again at once (not counted as a retry, at most once).
 */
export async function send(
  req: Request,
  endpoint: string,
  settings: HttpSettings,
  onStatus?: (status: number) => Promise<boolean>,
  signal?: AbortSignal,
  onRetry?: (what: string, attempt: number, waitMs: number) => void,
): Promise<Response> {
  let attempts = 0;
  let reauthed = false;
  for (;;) {
    attempts++;
    if (signal?.aborted) throw new Cancelled();
    try {
      const res = await once(req, settings.timeoutMs, signal);
      if (res.status >= 200 && res.status < 300) return { ...res, attempts };
      if (onStatus && !reauthed && (await onStatus(res.status))) {
        reauthed = true;
        attempts--;
        continue;
      }
      const retryAfter = retryAfterMs(res.headers.get('retry-after'));
      if (res.status === 429 || res.status >= 500) {
        throw new Attempt(`answered ${res.status}${statusText(res.status)}`, true, retryAfter);
      }
      throw new HttpStatusError(res.status, endpoint, apiMessage(res.text));
    } catch (e) {
      if (signal?.aborted) throw new Cancelled();
      if (!(e instanceof Attempt)) throw e;
      if (!e.retryable || attempts > settings.retries) {
        throw new UsageError(`${endpoint}: ${e.message}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`);
      }
      let wait = backoff(attempts, settings.backoffMs);
      if (e.retryAfterMs !== undefined) {
        if (e.retryAfterMs > settings.maxRetryAfterMs) {
          throw new UsageError(`${endpoint}: ${e.message} with Retry-After of ${Math.round(e.retryAfterMs / 1000)} s, longer than collect waits; try again later`);
        }
        wait = Math.max(wait, e.retryAfterMs);
      }
      onRetry?.(e.message, attempts, wait);
      await sleep(wait, signal);
    }
  }
}

/** Full jitter: a uniform wait in [0, base·2^(n−1)], capped at 30 s, at least 1 ms. */
function backoff(attempt: number, base: number): number {
  const ceiling = Math.min(30_000, base * 2 ** (attempt - 1));
  return Math.max(1, Math.floor(Math.random() * ceiling));
}

/** A non-retryable HTTP status; the command maps it to a message (exit 2). */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly endpoint: string,
    readonly apiText: string,
  ) {
    super(`${endpoint}: answered ${status}`);
  }
}

function statusText(status: number): string {
  const names: Record<number, string> = { 429: ' Too Many Requests', 500: ' Internal Server Error', 502: ' Bad Gateway', 503: ' Service Unavailable', 504: ' Gateway Timeout' };
  return names[status] ?? '';
}

/** The API's own error message, if its body has one, shortened and cleaned for a terminal. */
function apiMessage(text: string): string {
  let msg = '';
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const gql = Array.isArray(j?.errors) ? (j.errors[0] as { message?: unknown } | undefined)?.message : undefined;
    const m = j?.message ?? j?.error_description ?? j?.errorMessage ?? gql ?? j?.error;
    if (typeof m === 'string') msg = m;
  } catch {
    msg = /^[\s\S]{0,200}$/.test(text) && !/<[a-z]/i.test(text) ? text : '';
  }
  return clean(msg).slice(0, 200);
}

async function once(req: Request, timeoutMs: number, signal?: AbortSignal): Promise<Omit<Response, 'attempts'>> {
  const ac = new AbortController();
  const cancel = () => ac.abort();
  signal?.addEventListener('abort', cancel);
  let timedOut = false;
  let timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
  }, timeoutMs);
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, timeoutMs);
  };
  try {
    let res: globalThis.Response;
    try {
      res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, redirect: 'manual', signal: ac.signal });
    } catch (e) {
      if (timedOut) throw new Attempt(`no response within ${timeoutMs / 1000} s`, true);
      throw connectionError(e);
    }
    if (res.status >= 300 && res.status < 400) {
      const to = res.headers.get('location');
      await res.body?.cancel().catch(() => undefined);
      throw new Attempt(`answered ${res.status}, a redirect${to ? ' to ' + clean(safeLocation(to, req.url)) : ''}; give the URL it redirects to`, false);
    }
    rearm();
    const chunks: Uint8Array[] = [];
    try {
      if (res.body) {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          chunks.push(chunk);
          rearm();
        }
      }
    } catch (e) {
      if (timedOut) throw new Attempt(`the response body stalled for ${timeoutMs / 1000} s`, true);
      throw new Attempt(`the response was cut off (${describe(e)})`, true);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    if (req.json && res.status >= 200 && res.status < 300) {
      try {
        json = JSON.parse(text);
      } catch {
        throw new Attempt(`the response is not whole JSON (${text.length === 0 ? 'an empty body' : 'cut off or not JSON'})`, true);
      }
    }
    return { status: res.status, text, headers: res.headers, json };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
}

/** A redirect target without its query (which could hold anything). */
function safeLocation(to: string, base: URL): string {
  try {
    const u = new URL(to, base);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(unreadable location)';
  }
}

function connectionError(e: unknown): Attempt {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? '';
  // Certificate problems do not go away on retry.
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME/i.test(code)) {
    return new Attempt(`the TLS certificate was not accepted (${code}); for a private CA set NODE_EXTRA_CA_CERTS to its PEM file`, false);
  }
  return new Attempt(`could not connect (${describe(e)})`, true);
}

function describe(e: unknown): string {
  const err = e as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  return clean(err?.cause?.code ?? err?.code ?? err?.cause?.message ?? err?.message ?? String(e));
}

// The time window of the event exports: from --since (default: --as-of − 400 days) to
// the as-of date's evaluation instant (23:59:59.999 UTC).
import { UsageError } from '../errors.js';

export interface Window {
  since: string;
  asOf: string;
  startMs: number;
  endMs: number;
}

const DAY = 86_400_000;

function parseDate(flag: string, v: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== v) {
    throw new UsageError(`${flag} must be a date YYYY-MM-DD, not ${JSON.stringify(v.slice(0, 40))}`);
  }
  return t;
}

export function window(opts: { since?: string; asOf?: string }, now = new Date()): Window {
  const asOf = opts.asOf ?? now.toISOString().slice(0, 10);
  const asOfMs = parseDate('--as-of', asOf);
  const startMs = opts.since !== undefined ? parseDate('--since', opts.since) : asOfMs - 400 * DAY;
  const endMs = asOfMs + DAY - 1;
  if (startMs > endMs) throw new UsageError(`--since ${opts.since} is after --as-of ${asOf}`);
  return { since: new Date(startMs).toISOString().slice(0, 10), asOf, startMs, endMs };
}

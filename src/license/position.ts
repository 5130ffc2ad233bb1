// The license position (docs/spec/outputs.md, "The license position"): the `seats` array of
// findings.json, and the tables the Licenses sheet and the page read beside it.
//
// Computed in SQL once the findings table holds this run's findings (exceptions applied):
// queries/<platform>/license/10-*.sql → `license_seats`; with --previous also the seats
// reclaimed since then (`license_realized`) and the in-use trend (`license_trend`).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Db } from '../db.js';
import { loadQuery } from '../db.js';
import type { FindingsDocument, SeatEntry, SeatsHistoryEntry, SeatsRealizedEntry } from '../model.js';
import { QUERIES_DIR } from '../paths.js';
import type { PreviousRun } from '../review/previous.js';

/** The contract's fields of a seats entry, in the order findings.json writes them. */
export const SEAT_FIELDS = [
  'license', 'tier', 'monthly_price', 'purchased', 'in_use', 'idle', 'over_deployed', 'unused_purchased', 'projected',
  'cost_in_use_year', 'cost_purchased_year',
] as const;

export interface LicensePosition {
  seats: SeatEntry[];
  /** Previous quarters' seats (oldest first), with --previous. */
  history?: SeatsHistoryEntry[];
  /** Seats reclaimed since the previous run, per license, with --previous. */
  realized?: SeatsRealizedEntry[];
}

function sqlFiles(rel: string): string[] {
  const dir = path.join(QUERIES_DIR, rel);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.sql')).sort().map((f) => `${rel}/${f}`);
}

/** Load what the previous run said about seats: its findings on seats and its seats arrays. */
async function loadPrevious(db: Db, prev: PreviousRun): Promise<void> {
  const app = await db.conn.createAppender('previous_findings');
  for (const f of prev.seat_findings ?? []) {
    for (const v of [f.rule, f.subject_id, f.status ?? 'open', f.license, f.direction, null]) {
      if (v === null) app.appendNull();
      else app.appendVarchar(v);
    }
    app.endRow();
  }
  app.closeSync();
  const seats = await db.conn.createAppender('previous_seats');
  type Seat = { license: string; in_use?: number | null; purchased?: number | null; idle?: number | null; projected?: number | null };
  const quarters: Array<{ as_of: string; seats: Seat[] }> = [...(prev.seats_history ?? [])];
  if (prev.seats) quarters.push({ as_of: prev.as_of, seats: prev.seats });
  for (const q of quarters) {
    for (const s of q.seats) {
      if (typeof s.license !== 'string') continue;
      seats.appendVarchar(q.as_of);
      seats.appendVarchar(s.license);
      for (const v of [s.in_use, s.purchased, s.idle, s.projected]) {
        if (typeof v === 'number' && Number.isInteger(v)) seats.appendBigInt(BigInt(v));
        else seats.appendNull();
      }
      seats.endRow();
    }
  }
  seats.closeSync();
}

/**
 * Build the license tables for this run and return the figures findings.json carries.
 * Needs the platform's derived tables and the `findings` table.
 */
export async function buildLicensePosition(db: Db, platform: string, doc: FindingsDocument, config: Config, previous?: PreviousRun | null): Promise<LicensePosition> {
  await db.execFile('license/rule-status.sql');
  const rs = await db.conn.createAppender('rule_status');
  for (const r of doc.rules) {
    rs.appendVarchar(r.id);
    rs.appendBoolean(r.evaluated);
    rs.endRow();
  }
  rs.closeSync();
  await db.exec(loadQuery('license/params.sql'), { practitioner_days: config.practitioner_days ?? 30 });
  await db.execFile('license/previous.sql');
  if (previous) await loadPrevious(db, previous);
  for (const f of sqlFiles(`${platform}/license`)) await db.execFile(f);
  const rows = await db.all(`SELECT ${SEAT_FIELDS.join(', ')} FROM license_seats ORDER BY ord`);
  const seats = rows.map((r) => Object.fromEntries(SEAT_FIELDS.map((k) => [k, r[k] ?? null])) as unknown as SeatEntry);
  if (!previous) return { seats };
  const history = historyOf(previous, doc.as_of);
  const realized = await db.all<SeatsRealizedEntry>(
    'SELECT license, previous_in_use, in_use, reclaimed, downgraded, realized_savings_year, potential_savings_year FROM license_realized ORDER BY ord',
  );
  return { seats, history, realized };
}

/** The quarters before this one, oldest first: the previous run's own history and its seats. */
function historyOf(prev: PreviousRun, asOf: string): SeatsHistoryEntry[] {
  const out: SeatsHistoryEntry[] = (prev.seats_history ?? []).map((h) => ({
    as_of: h.as_of,
    seats: h.seats.map((s) => ({ license: s.license, in_use: s.in_use ?? null, purchased: s.purchased ?? null })),
  }));
  if (prev.seats) out.push({ as_of: prev.as_of, seats: prev.seats.map((s) => ({ license: s.license, in_use: s.in_use ?? null, purchased: s.purchased ?? null })) });
  // One entry per as-of (the same quarter audited twice keeps the later run's figures).
  const byDate = new Map<string, SeatsHistoryEntry>();
  for (const h of out) if (h.as_of < asOf) byDate.set(h.as_of, h);
  return [...byDate.values()].sort((a, b) => (a.as_of < b.as_of ? -1 : a.as_of > b.as_of ? 1 : 0));
}

/** The findings document with its license position: `seats`, and with --previous `seats_history` and `seats_realized`. */
export async function withLicensePosition(db: Db, platform: string, doc: FindingsDocument, config: Config, previous?: PreviousRun | null): Promise<FindingsDocument> {
  const pos = await buildLicensePosition(db, platform, doc, config, previous);
  return {
    ...doc,
    seats: pos.seats,
    ...(pos.history ? { seats_history: pos.history } : {}),
    ...(pos.realized ? { seats_realized: pos.realized } : {}),
  };
}

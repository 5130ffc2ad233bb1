// `--as-of` left out: the review period ends today. When the bundle's newest event is more
// than a week before that, the export is older than the review it is measured against
// (every user then looks inactive for the weeks the export does not cover), so the run
// says so: a `stale-data` warning in findings.json (and so in the workbook and the page),
// and on the console, with the --as-of to pass.
import type { FindingsDocument, Warning } from './model.js';

/** How many days older than the as-of date the newest event may be before the data counts as stale. */
export const STALE_AFTER_DAYS = 7;

const DAY_MS = 86_400_000;

/** Whole days from the UTC date of `instant` to the date `asOf` (YYYY-MM-DD). */
function daysBefore(asOf: string, instant: string): number {
  const day = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((day(asOf) - day(instant)) / DAY_MS);
}

/** The stale-data warning for a run whose as-of was defaulted to today, or null when the data is recent (or holds no events). */
export function staleDataWarning(doc: Pick<FindingsDocument, 'as_of' | 'coverage'>, asOfGiven: boolean): Warning | null {
  const latest = doc.coverage.latest_event;
  if (asOfGiven || latest === null) return null;
  const days = daysBefore(doc.as_of, latest);
  if (days <= STALE_AFTER_DAYS) return null;
  const newest = latest.slice(0, 10);
  return {
    kind: 'stale-data',
    file: '(bundle)',
    count: days,
    message:
      `the newest event (${newest}) is ${days} days older than the as-of date ${doc.as_of}, which defaulted to today: ` +
      `activity is measured up to today, so users look inactive for days the export does not cover; ` +
      `pass --as-of with the date the export was taken (e.g. --as-of ${newest})`,
    examples: [latest],
  };
}

/** `doc` with the stale-data warning added (warnings stay sorted by kind, then file). */
export function withStaleDataWarning<T extends Pick<FindingsDocument, 'as_of' | 'coverage' | 'warnings'>>(doc: T, asOfGiven: boolean): T {
  const w = staleDataWarning(doc, asOfGiven);
  if (!w) return doc;
  const warnings = [...doc.warnings, w].sort((a, b) =>
    a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
  );
  return { ...doc, warnings };
}

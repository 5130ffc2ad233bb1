// The population of a run: what each input file held, what its source said it should
// hold, and what the bundle held that the run did not read. Shown in the Evidence sheet,
// on the page and in manifest.json (`population`), so an auditor can test completeness.
import { InputError } from '../errors.js';

/** How a file's completeness was established. */
export interface Completeness {
  /** The total the source stated (e.g. metadata.totalCount), or null when it states none. */
  stated_total: number | null;
  /** true: checked against a total or a cursor; false: the source gives nothing to check against. */
  checked: boolean;
  /** How, in a sentence (what was compared, or why it could not be). */
  how: string;
}

/** One input file of the population. */
export interface PopulationFile {
  file: string;
  kind: string;
  shape: 'canonical' | 'native';
  /** Records read (the manifest's `rows`). */
  records: number;
  stated_total: number | null;
  checked: boolean;
  how: string;
  /** First and last event timestamp (ISO-8601 UTC) of a file of events; null otherwise. */
  first_event: string | null;
  last_event: string | null;
  /**
   * How the file was collected, when a `collection.json` (the `collect` command) describes
   * it: endpoint, records fetched and the total the endpoint reported (src/collect/record.ts).
   */
  collected?: { endpoint: string; records: number; reported_total: number | null } | null;
}

/** A file in the bundle the run did not read. */
export interface UnreadFile {
  file: string;
  /** The known file name it most likely means, or null. */
  likely: string | null;
  why: string;
}

export interface Population {
  files: PopulationFile[];
  unread_files: UnreadFile[];
  /** Users created after the evaluation instant: kept for references, outside the review. */
  outside_review: { users: number; examples: string[] };
  /** Notes on how the population was judged (e.g. GPU use from tier names). */
  notes: string[];
}

/** A file whose source stated no total: say so, and whether its last page looks full. */
export function uncheckable(what: string, lastPage: number | null, full: (n: number) => boolean): Completeness {
  const tail = lastPage !== null && lastPage > 0 && full(lastPage)
    ? `; its last page holds ${lastPage} records, exactly a page size, so there may be more`
    : '';
  return { stated_total: null, checked: false, how: `${what} states no total: completeness cannot be checked${tail}` };
}

/** Refuse a file whose envelope states more records than it holds. */
export function checkStatedTotal(shown: string, read: number, stated: number | null, field: string, noun: string): Completeness {
  if (stated === null) return { stated_total: null, checked: false, how: `no ${field} in the file: completeness cannot be checked` };
  if (stated > read) {
    throw new InputError(
      { file: shown },
      `incomplete export: ${field} says ${stated} ${noun}, the file holds ${read}; export every page (see README, "What to put in the bundle")`,
    );
  }
  return { stated_total: stated, checked: true, how: `${read} ${noun} read, ${field} ${stated}` };
}

/** Page sizes people ask for (Keycloak's default `max` is 100): a last page of this size is likely cut. */
export const looksLikePageSize = (n: number, pages: number[]): boolean =>
  (pages.length > 1 && pages.slice(0, -1).every((p) => p === n)) || [100, 200, 250, 500, 1000, 2000, 5000, 10000].includes(n);

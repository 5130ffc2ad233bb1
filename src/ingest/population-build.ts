// Assemble the run's population (src/ingest/population.ts) once the inputs are read and
// user_state is derived: per file what it held and what its source stated, the spans of
// its events, the files not read, and the users outside the review.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadQuery, type Db } from '../db.js';
import type { Warning } from '../model.js';
import type { IngestResult, Platform } from '../platforms/types.js';
import { QUERIES_DIR } from '../paths.js';
import type { Completeness, Population, PopulationFile } from './population.js';
import { unreadFiles } from './unread.js';

const CSV_EXPORT: Completeness = { stated_total: null, checked: false, how: 'a CSV export states no total: completeness rests on how it was exported' };

export async function buildPopulation(
  db: Db,
  platform: Platform,
  all: readonly Platform[],
  ingest: IngestResult,
  bundleDir: string,
): Promise<{ population: Population; warnings: Warning[] }> {
  const spans = new Map<number, { first_event: string | null; last_event: string | null }>();
  if (existsSync(path.join(QUERIES_DIR, platform.id, 'population/spans.sql'))) {
    for (const r of await db.all<{ src: number; first_event: string | null; last_event: string | null }>(loadQuery(`${platform.id}/population/spans.sql`))) {
      spans.set(r.src, r);
    }
  }
  const files: PopulationFile[] = ingest.inputs.map((f, src) => {
    const c = ingest.completeness?.[f.file] ?? (f.shape === 'canonical' || f.file.endsWith('.csv') ? CSV_EXPORT : {
      stated_total: null, checked: false, how: 'the file states no total: completeness cannot be checked',
    });
    const span = spans.get(src);
    return {
      file: f.file, kind: f.kind, shape: f.shape, records: f.rows,
      stated_total: c.stated_total, checked: c.checked, how: c.how,
      first_event: span?.first_event ?? null, last_event: span?.last_event ?? null,
      collected: null,
    };
  });
  const others = Object.fromEntries(all.filter((p) => p.id !== platform.id).map((p) => [p.label ?? p.id, p.knownFiles ?? []]));
  const unread = unreadFiles(bundleDir, new Set(ingest.inputs.map((f) => f.file)), platform.knownFiles ?? [], others, platform.label ?? platform.id);
  const outside = (await db.one<{ users: number; examples: string[] }>(loadQuery(`${platform.id}/population/outside-review.sql`))) ?? { users: 0, examples: [] };
  const notes: string[] = [];
  const warnings: Warning[] = unread.map((u) => ({
    kind: 'unread-file', file: u.file, count: 1,
    message: `${u.file} is in the bundle but was not read: ${u.why}`,
    examples: u.likely ? [u.likely] : [],
  }));
  if (outside.users > 0) {
    warnings.push({
      kind: 'outside-review', file: '(bundle)', count: Number(outside.users),
      message: `${outside.users} user(s) were created after the evaluation instant: outside this review (no findings, Review rows or seats), kept where other records name them`,
      examples: outside.examples,
    });
  }
  return {
    population: { files, unread_files: unread, outside_review: { users: Number(outside.users), examples: outside.examples }, notes },
    warnings,
  };
}

/** Warnings that say how the population was judged: also notes of the population section. */
const NOTE_KINDS = new Set(['gpu-by-tier-name', 'collaborators-not-exported', 'organization-roles-not-exported']);

export function withNotes(p: Population, warnings: readonly Warning[]): Population {
  return { ...p, notes: [...p.notes, ...warnings.filter((w) => NOTE_KINDS.has(w.kind)).map((w) => `${w.file}: ${w.message}`)] };
}

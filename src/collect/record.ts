// collection.json: where a collected bundle's population came from (docs/spec/collect.md).
//
//   { "schema_version": 1, "tool": {"name", "version"}, "platform",
//     "source": {"url", "keycloak_url", "realm"},
//     "started_at", "finished_at", "since", "as_of",
//     "files": [{"file", "endpoint", "requests", "pages", "records", "reported_total", "sha256", "bytes"}],
//     "left_out": [{"file", "endpoint", "reason"}] }
//
// `left_out` (additive to the spec) lists the files the API said it cannot give (a
// Dagster+ Pro feature not enabled), with the reason. `run` reads this file back
// (`readCollection`) to carry it into its manifest and population section.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { hashFile } from '../output/hash-file.js';
import { checkJsonShape, parseJsonText, readTextInput, shownPath } from '../review/json-input.js';
import type { Population } from '../ingest/population.js';

export const COLLECTION_FILE = 'collection.json';

export interface CollectedFile {
  file: string;
  /** Path and query of the first request (no host, no credential). */
  endpoint: string;
  requests: number;
  pages: number;
  records: number;
  reported_total: number | null;
  sha256: string;
  bytes: number;
}

export interface LeftOutFile {
  file: string;
  endpoint: string;
  reason: string;
}

export interface Collection {
  schema_version: 1;
  tool: { name: string; version: string };
  platform: 'domino' | 'dagster';
  source: { url: string; keycloak_url: string | null; realm: string | null };
  started_at: string;
  finished_at: string;
  since: string;
  as_of: string;
  files: CollectedFile[];
  left_out: LeftOutFile[];
}

export function collectionText(c: Collection): string {
  return JSON.stringify(c, null, 2) + '\n';
}

const FileEntry = z.object({
  file: z.string(),
  endpoint: z.string(),
  requests: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  reported_total: z.number().int().nonnegative().nullable(),
  sha256: z.string(),
  bytes: z.number().int().nonnegative(),
});
const CollectionSchema = z.object({
  schema_version: z.literal(1, { message: 'this access-audit reads collection.json schema_version 1' }),
  tool: z.object({ name: z.string(), version: z.string() }),
  platform: z.enum(['domino', 'dagster']),
  source: z.object({ url: z.string(), keycloak_url: z.string().nullable().optional(), realm: z.string().nullable().optional() }),
  started_at: z.string(),
  finished_at: z.string(),
  since: z.string(),
  as_of: z.string(),
  files: z.array(FileEntry),
  left_out: z.array(z.object({ file: z.string(), endpoint: z.string(), reason: z.string() })).optional(),
});

/** What `run` carries into its manifest: the record, and the fingerprint of the file itself. */
export interface CollectionInManifest extends Collection {
  /** SHA-256 and size of collection.json as read. */
  collection_file: { file: string; sha256: string; bytes: number };
}

/**
 * Read `<bundle>/collection.json` when the bundle has one (null otherwise). A malformed
 * record is an InputError naming the file, line and column (exit 2).
 */
export async function readCollection(bundleDir: string): Promise<CollectionInManifest | null> {
  const file = path.join(bundleDir, COLLECTION_FILE);
  if (!existsSync(file)) return null;
  const shown = shownPath(file);
  const text = await readTextInput(file, shown, COLLECTION_FILE);
  const raw = parseJsonText(text, shown, COLLECTION_FILE);
  const c = checkJsonShape(CollectionSchema, raw, text, shown, COLLECTION_FILE);
  const { sha256, bytes } = await hashFile(file);
  return {
    ...c,
    source: { url: c.source.url, keycloak_url: c.source.keycloak_url ?? null, realm: c.source.realm ?? null },
    left_out: c.left_out ?? [],
    collection_file: { file: COLLECTION_FILE, sha256, bytes },
  };
}

/** Per bundle file, how it was collected: for the population section (file → record). */
export interface CollectionOfFile {
  file: string;
  endpoint: string;
  records: number;
  reported_total: number | null;
}

/**
 * The collection record of each file of a collected bundle, by file name; null when the
 * bundle was not collected (no collection.json). For the population section.
 */
export async function collectionByFile(bundleDir: string): Promise<Map<string, CollectionOfFile> | null> {
  const c = await readCollection(bundleDir);
  if (!c) return null;
  return new Map(c.files.map((f) => [f.file, { file: f.file, endpoint: f.endpoint, records: f.records, reported_total: f.reported_total }]));
}

/**
 * The population with what collection.json says of each file: the endpoint it came from,
 * the records fetched and the total the API reported, and a note naming the source and
 * when it was collected (issue 12: where the population came from).
 */
export function withCollected(population: Population, collection: Collection): Population {
  const byFile = new Map(collection.files.map((f) => [f.file, f]));
  const files = population.files.map((f) => {
    const c = byFile.get(f.file);
    return c ? { ...f, collected: { endpoint: c.endpoint, records: c.records, reported_total: c.reported_total } } : f;
  });
  const note =
    `Collected by access-audit collect ${collection.platform} from ${collection.source.url}` +
    (collection.source.keycloak_url ? ` and ${collection.source.keycloak_url} (realm ${collection.source.realm})` : '') +
    ` between ${collection.started_at} and ${collection.finished_at}` +
    (collection.left_out?.length ? `; left out: ${collection.left_out.map((l) => l.file).join(', ')}` : '') + '.';
  return { ...population, files, notes: [...population.notes, note] };
}

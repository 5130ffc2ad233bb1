// What every platform's adapter does with a bundle folder, whatever the platform: find its
// files, refuse an entity given twice, record what each file held, and check
// keys and values across the loaded tables, naming file, line and column.
import { lstatSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { loadQuery, sqlIdent, type Db } from '../db.js';
import { InputError } from '../errors.js';
import { locateCsvRecord } from './csv.js';
import { checkInputFile } from './file-check.js';
import type { ReadInputFile } from '../report/types.js';
import type { NativeLoad, JsonPath } from './stage.js';

/** One input file as loaded, to locate its rows again for an error message. */
export interface Source {
  shown: string;
  shape: 'canonical' | 'native';
  kind: string;
  csv?: { header: string[]; abs: string };
  native?: NativeLoad;
}

/**
 * Which file in the bundle plays each default name, in `order` (the config may rename files).
 * Each is checked before anything reads it: a folder, FIFO, device or dangling link under a
 * bundle file's name, or a UTF-16 file, is refused by name (src/ingest/file-check.ts).
 */
export function resolveFiles(bundleDir: string, config: Config, order: readonly string[]): Map<string, string> {
  const present = new Map<string, string>();
  for (const name of order) {
    const actual = config.files[name] ?? name;
    const abs = path.join(bundleDir, actual);
    if (!lexists(abs)) continue;
    checkInputFile(abs, actual);
    present.set(name, actual);
  }
  return present;
}

/** Whether a path exists as an entry (a dangling symbolic link counts: it is refused, not ignored). */
function lexists(abs: string): boolean {
  try {
    lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}

/** Entities that must come from one file only: two would double every row. */
export function refuseDoubleSources(files: Map<string, string>, singleSource: Record<string, readonly string[]>): void {
  for (const [entity, names] of Object.entries(singleSource)) {
    const both = names.filter((n) => files.has(n)).map((n) => files.get(n)!);
    if (both.length > 1) throw new InputError({ file: both[1]! }, `${entity} are given twice (${both.join(' and ')}); keep one of them`);
  }
}

/** An audit of nobody is not a clean audit: a users file that lists no users is refused. */
export function refuseEmptyUsers(inputs: readonly ReadInputFile[]): void {
  const users = inputs.filter((f) => f.kind === 'users');
  if (users.length > 0 && users.every((f) => f.rows === 0)) {
    throw new InputError({ file: users[0]!.file }, 'the users file lists no users: an audit of nobody is not a clean audit; export the users again');
  }
}

/** A native value that failed its check (`_bad` code): name the file, line and column of the record. */
export async function checkNativeValues(
  db: Db,
  src: number,
  shown: string,
  checks: Record<string, Record<number, { field: JsonPath; message: string }>>,
  load: NativeLoad | undefined,
): Promise<void> {
  for (const [table, codes] of Object.entries(checks)) {
    const bad = await db.one<{ row_id: number; check_no: number; src_row: number | null }>(
      loadQuery('ingest/first-bad-row.sql', { table: sqlIdent(table), src: String(src) }),
    );
    if (!bad) continue;
    const check = codes[bad.check_no] ?? { field: [], message: 'a value cannot be read' };
    const where = bad.src_row !== null && load ? load.locate(table, bad.src_row, check.field) : undefined;
    throw new InputError({ file: shown, ...where }, check.message);
  }
}

export interface UniqueKey {
  table: string;
  /** Column names, or SQL expressions such as lower(trim(email)). */
  columns: string[];
  /** Rows the key applies to (SQL condition); default all. */
  where?: string;
  /** What the message calls a repeated key, e.g. "user_id" or "member of this project". */
  label: string;
  /** The CSV header column to point at. */
  column: string;
}

/** The spec's "duplicate key" refusals: the first row that repeats a key, at its line. */
export async function checkUniqueKeys(db: Db, sources: readonly Source[], keys: readonly UniqueKey[]): Promise<void> {
  for (const key of keys) {
    const keyColumns = key.columns.map((c) => (/^\w+$/.test(c) ? sqlIdent(c) : c));
    const dup = await db.one<{ row_id: number; src: number; src_row: number | null; key_label: string }>(
      loadQuery('ingest/duplicate-key.sql', {
        table: sqlIdent(key.table),
        key_columns: keyColumns.join(', '),
        key_label: keyColumns.map((c) => `coalesce(${c}, '')`).join(` || ' / ' || `),
        where: key.where ?? 'true',
      }),
    );
    if (!dup) continue;
    const source = sources[dup.src]!;
    const message = `duplicate ${key.label} "${dup.key_label.replace(/( \/ )+$/, '')}" (already given earlier)`;
    if (source.csv) {
      const where = await locateCsvRecord(source.csv.abs, dup.row_id - (await tableBase(db, key.table, dup.src)) + 1);
      const column = source.csv.header.indexOf(key.column) + 1 || undefined;
      throw new InputError({ file: source.shown, line: where?.line, column }, message);
    }
    const where = dup.src_row !== null ? source.native?.locate(key.table, dup.src_row) : undefined;
    throw new InputError({ file: source.shown, ...where }, message);
  }
}

/** The first row id a source landed in a table: CSV record n of that source is base + n - 1. */
export async function tableBase(db: Db, table: string, src: number): Promise<number> {
  return (await db.one<{ base: number }>(loadQuery('ingest/table-base.sql', { table: sqlIdent(table), src: String(src) })))?.base ?? 0;
}

/** What a platform's adapter did with one file. */
export interface LoadedFile {
  source: Source;
  rows: number;
  /** Canonical inputs this file provides (e.g. "users", "roles"). */
  provides: readonly string[];
}

/**
 * Load a bundle's files in the platform's dependency order: `load` lands one file in the
 * canonical tables; this loop numbers the sources, reports progress, and records each
 * input's path, shape, kind and row count (the run hashes them later, aside).
 */
export async function loadBundleFiles(
  bundleDir: string,
  files: Map<string, string>,
  order: readonly string[],
  load: (name: string, abs: string, shown: string, src: number) => Promise<LoadedFile>,
  onFile?: (file: string, index: number, total: number) => void,
): Promise<{ sources: Source[]; inputs: ReadInputFile[]; present: Set<string> }> {
  const sources: Source[] = [];
  const inputs: ReadInputFile[] = [];
  const present = new Set<string>();
  for (const name of order) {
    const actual = files.get(name);
    if (!actual) continue;
    onFile?.(actual, sources.length + 1, files.size);
    const loaded = await load(name, path.join(bundleDir, actual), actual, sources.length);
    sources.push(loaded.source);
    for (const p of loaded.provides) present.add(p);
    const { shape, kind } = loaded.source;
    inputs.push({ file: actual.split(path.sep).join('/'), shape, kind, rows: loaded.rows, path: path.join(bundleDir, actual) });
  }
  return { sources, inputs, present };
}

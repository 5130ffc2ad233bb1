// Canonical CSV files into canonical tables: DuckDB's reader does the bulk work in one
// pass; this module builds the column mapping and, only when something is wrong, finds
// the physical line and column to name (csv-parse is used on that error path alone).
import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { loadFragment, loadQuery, sqlIdent, sqlString, type Db } from '../db.js';
import { InputError } from '../errors.js';
import { describeLineEnding, locateInvalidUtf8, locateMixedLineEndings } from './text.js';
import { isOutOfMemory } from '../run-errors.js';

export type ValueType =
  | { kind: 'string' }
  | { kind: 'timestamp' }
  /** YYYY-MM-DD (an ISO-8601 timestamp gives its UTC date). */
  | { kind: 'date' }
  | { kind: 'boolean' }
  /** Matched case-, space- and underscore-insensitively; stored in its canonical spelling. */
  | { kind: 'enum'; values: readonly string[] };

export interface CsvColumnSpec {
  /** Header name (matched case-insensitively). */
  name: string;
  /** Other header names for the same column (lower case), e.g. a vendor export's spelling. */
  aliases?: readonly string[];
  /** Canonical table column; defaults to `name`. */
  target?: string;
  type: ValueType;
  required?: boolean;
  /** SQL expression used when the cell is empty or the column is absent. */
  default?: string;
  /** Turns the parsed (and defaulted) value into the canonical column's value. */
  transform?: (sql: string) => string;
}

export interface CsvFileSpec {
  table: string;
  columns: readonly CsvColumnSpec[];
}

/** A check that failed on a row: which column, and why. */
interface Check {
  column: string;
  headerIndex: number;
  describe: (value: string) => string;
}

const enumKey = (v: string) => v.replace(/[\s_-]/g, '').toLowerCase();

/**
 * The longest CSV record read, in bytes. DuckDB's default (2 MiB, with a ~32 MB read buffer)
 * silently dropped a longer record at the end of a file; set explicitly, a longer record is
 * an error naming its line. Up to 64 MiB is read faithfully (a file smaller than that needs
 * no more than its own size); a longer record is refused.
 */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;
const MIN_LINE_LIMIT = 2 * 1024 * 1024;
/** DuckDB's read buffer for a line limit: its default (16 ×) costs a GiB of memory per file at 64 MiB. */
const bufferSize = (limit: number): number => Math.max(32 * 1024 * 1024, Math.ceil(limit * 1.5));
function lineLimit(file: string): number {
  const size = statSync(file).size;
  return Math.min(MAX_RECORD_BYTES, Math.max(MIN_LINE_LIMIT, size + 1));
}

/** First record of the file, as header names; refuses files without one. */
export async function readCsvHeader(file: string, shown: string): Promise<string[]> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let text = buf.subarray(0, bytesRead).toString('utf8');
    const nl = text.search(/\r?\n/);
    if (nl >= 0) text = text.slice(0, nl);
    if (text.replace(/^\uFEFF/, '').trim() === '') throw new InputError({ file: shown, line: 1, column: 1 }, 'the file has no header row');
    const rows = parseSync(text, { bom: true, relax_quotes: false }) as string[][];
    const header = rows[0] ?? [];
    const seen = new Map<string, number>();
    header.forEach((h, i) => {
      const k = h.trim().toLowerCase();
      if (seen.has(k)) throw new InputError({ file: shown, line: 1, column: i + 1 }, `the header names "${h.trim()}" twice`);
      seen.set(k, i);
    });
    return header.map((h) => h.trim().toLowerCase());
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw await diagnoseCsv(file, shown, e);
  } finally {
    await fh.close();
  }
}

/** How one CSV file maps onto its canonical table: the reader's columns, the value expressions and checks. */
interface CsvPlan {
  header: string[];
  /** A parenthesised subquery: the file's rows as the table's columns plus `src` and `_bad`. */
  rows: string;
  targets: string[];
  checks: Check[];
}

async function planCsv(file: string, shown: string, src: number, spec: CsvFileSpec): Promise<CsvPlan> {
  const header = await readCsvHeader(file, shown);
  const position = new Map(header.map((h, i) => [h, i] as const));
  for (const c of spec.columns) {
    const alias = position.has(c.name) ? undefined : c.aliases?.find((a) => position.has(a));
    if (alias !== undefined) position.set(c.name, position.get(alias)!);
  }
  for (const c of spec.columns) {
    if (c.required && !position.has(c.name)) {
      throw new InputError({ file: shown, line: 1 }, `required column "${c.name}" is missing (the header has: ${header.join(', ')})`);
    }
  }
  const raw = (i: number) => `c${i + 1}`;
  const columnsStruct = '{' + header.map((_, i) => `${sqlString(raw(i))}: 'VARCHAR'`).join(', ') + '}';
  const targets: string[] = [];
  const expressions: string[] = [];
  const checks: Check[] = [];
  const conditions: string[] = [];
  for (const c of spec.columns) {
    const idx = position.get(c.name);
    const target = sqlIdent(c.target ?? c.name);
    targets.push(target);
    const finish = (e: string) => `${c.transform ? c.transform(e) : e} AS ${target}`;
    if (idx === undefined) {
      expressions.push(finish(c.default ?? 'NULL'));
      continue;
    }
    const x = raw(idx);
    const parsed = parseExpression(x, c.type);
    expressions.push(finish(c.default ? `coalesce(${parsed}, ${c.default})` : parsed));
    if (c.required) {
      conditions.push(`${x} IS NULL`);
      checks.push({ column: c.name, headerIndex: idx, describe: () => `required value "${c.name}" is empty` });
    }
    if (c.type.kind !== 'string') {
      conditions.push(`${x} IS NOT NULL AND ${parsed} IS NULL`);
      checks.push({
        column: c.name,
        headerIndex: idx,
        describe: (v) => `cannot read ${JSON.stringify(v)} in column "${c.name}" as ${describeType(c.type)}${c.type.kind === 'timestamp' ? offsetNote(v) : ''}`,
      });
    }
  }
  const bad = conditions.length ? `CASE ${conditions.map((cond, i) => `WHEN ${cond} THEN ${i + 1}`).join(' ')} ELSE 0 END` : '0';
  const rows = loadFragment('ingest/csv-rows.sql', {
    expressions: expressions.join(', '),
    src: String(src),
    bad,
    path: sqlString(file),
    max_line_size: String(lineLimit(file)),
    buffer_size: String(bufferSize(lineLimit(file))),
    columns: columnsStruct,
  });
  return { header, rows, targets, checks };
}

/**
 * Load one CSV file into `spec.table`, tagging rows with `src`. Throws InputError for a
 * missing required column, a malformed file, or a value that does not parse.
 * Returns the number of data rows and the header.
 */
export async function loadCsv(
  db: Db,
  file: string,
  shown: string,
  src: number,
  spec: CsvFileSpec,
): Promise<{ rows: number; header: string[] }> {
  const plan = await planCsv(file, shown, src, spec);
  const base = await tableRowCount(db, spec.table);
  try {
    await db.exec(loadQuery('ingest/read-csv.sql', { table: sqlIdent(spec.table), target_columns: plan.targets.join(', '), rows: plan.rows }));
  } catch (e) {
    throw await diagnoseCsv(file, shown, e);
  }
  const first = await db.one<{ row_id: number; check_no: number }>(
    loadQuery('ingest/first-bad-row.sql', { table: sqlIdent(spec.table), src: String(src) }),
  );
  if (first) {
    const check = plan.checks[first.check_no - 1]!;
    const record = first.row_id - base + 1; // 1-based data record
    const where = await locateCsvRecord(file, record);
    const value = where?.fields[check.headerIndex] ?? '';
    throw new InputError({ file: shown, line: where?.line, column: check.headerIndex + 1 }, check.describe(value));
  }
  return { rows: (await tableRowCount(db, spec.table)) - base, header: plan.header };
}

/**
 * Summarise one CSV file as DuckDB reads it, without landing its rows: `summarise` is a
 * query under queries/ that reads `{{rows}}` (the file's rows as `spec.table`'s columns,
 * `src` and `_bad`) and inserts into `summary`, whose rows carry `src`, `events` (rows
 * summarised) and `bad_rows` (rows that failed a check). A log of tens of millions of
 * events then costs memory for its summary only. Only when a row is bad is the file read
 * again, landed in `spec.table`, to name that row's line and column exactly as loadCsv does.
 */
export async function summariseCsv(
  db: Db,
  file: string,
  shown: string,
  src: number,
  spec: CsvFileSpec,
  summarise: { query: string; summary: string },
): Promise<{ rows: number; header: string[] }> {
  const plan = await planCsv(file, shown, src, spec);
  const summary = sqlIdent(summarise.summary);
  let counts: { events: number; bad_rows: number } | undefined;
  try {
    await db.exec(loadQuery(summarise.query, { rows: plan.rows }));
    counts = await db.one<{ events: number; bad_rows: number }>(loadQuery('ingest/summary-counts.sql', { table: summary, src: String(src) }));
  } catch (e) {
    throw await diagnoseCsv(file, shown, e);
  }
  if (!counts || counts.bad_rows > 0) {
    await loadCsv(db, file, shown, src, spec); // throws, naming the first bad row
    throw new Error(`${shown}: a row failed a check while summarising, but not when loaded`);
  }
  return { rows: counts.events, header: plan.header };
}

async function tableRowCount(db: Db, table: string): Promise<number> {
  const r = await db.one<{ n: number }>(loadQuery('ingest/row-count.sql', { table: sqlIdent(table) }));
  return r?.n ?? 0;
}

function parseExpression(x: string, t: ValueType): string {
  switch (t.kind) {
    case 'string':
      return x;
    case 'timestamp':
      return `aa_ts_iso(${x})`;
    case 'date':
      return `aa_date(${x})`;
    case 'boolean':
      return `aa_bool(${x})`;
    case 'enum': {
      const keys = '[' + t.values.map((v) => sqlString(enumKey(v))).join(', ') + ']';
      const canon = '[' + t.values.map((v) => sqlString(v)).join(', ') + ']';
      return `aa_enum(${x}, ${keys}, ${canon})`;
    }
  }
}

/** Why a timestamp's time-zone offset is refused (queries/ingest/macros.sql, aa_tz_offset_ok), or ''. */
export function offsetNote(v: string): string {
  const m = /[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([+-])(\d{2}):?(\d{2})?(?::?(\d{2}))?$/.exec(v.trim());
  if (!m) return '';
  const [, sign, hh, mm = '00', ss = '00'] = m;
  const minutes = Number(hh) * 60 + Number(mm);
  if (Number(mm) >= 60 || Number(ss) >= 60) return `: the time-zone offset ${sign}${hh}:${mm} has more than 59 minutes`;
  if (minutes > 18 * 60 || (minutes === 18 * 60 && Number(ss) > 0)) return `: the time-zone offset ${sign}${hh}:${mm} is beyond ±18:00`;
  return '';
}

function describeType(t: ValueType): string {
  switch (t.kind) {
    case 'timestamp':
      return 'an ISO-8601 timestamp';
    case 'date':
      return 'a date (YYYY-MM-DD)';
    case 'boolean':
      return 'a boolean (true/false/yes/no/1/0)';
    case 'enum':
      return `one of ${t.values.join(', ')}`;
    default:
      return 'text';
  }
}

/** The physical start line of data record `record` (1-based) and its fields. */
export async function locateCsvRecord(file: string, record: number): Promise<{ line: number; fields: string[] } | null> {
  const parser = createReadStream(file).pipe(parse({ bom: true, info: true, relax_column_count: true }));
  let index = -1; // header is record 0
  let nextStart = 1;
  try {
    for await (const r of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      index++;
      const start = nextStart;
      nextStart = r.info.lines + 1;
      if (index === record) return { line: start, fields: r.record };
    }
  } finally {
    parser.destroy();
  }
  return null;
}

/** Turn a reader failure into an InputError with the physical line and column. */
export async function diagnoseCsv(file: string, shown: string, cause: unknown): Promise<InputError> {
  // DuckDB out of memory is not the file's fault: the run reports it against memory_limit.
  if (isOutOfMemory(cause)) throw cause;
  const badByte = await locateInvalidUtf8(file).catch(() => null);
  if (badByte) return new InputError({ file: shown, ...badByte }, 'the file is not valid UTF-8');
  // Mixed line endings shift fields between rows (DuckDB refuses such a file; csv-parse takes
  // the first ending as the only one): say so, rather than "this row has 21 fields".
  const mixed = await locateMixedLineEndings(file).catch(() => null);
  if (mixed) {
    return new InputError(
      { file: shown, line: mixed.line, column: mixed.column },
      `the file mixes line endings: line ${mixed.first.line} ends with ${describeLineEnding(mixed.first.ending)}, this line with ${describeLineEnding(mixed.ending)}; ` +
        'rows would be split in the wrong places: save the file with one kind of line ending',
    );
  }
  let expected = -1;
  let nextStart = 1;
  const parser = createReadStream(file).pipe(parse({ bom: true, info: true, relax_column_count: true }));
  try {
    for await (const r of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const start = nextStart;
      nextStart = r.info.lines + 1;
      if (expected < 0) expected = r.record.length;
      else if (r.record.length !== expected) {
        return new InputError(
          { file: shown, line: start, column: Math.min(r.record.length, expected) + 1 },
          `this row has ${r.record.length} fields but the header has ${expected}`,
        );
      }
    }
  } catch (e) {
    const err = e as { code?: string; lines?: number; message?: string };
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      return new InputError({ file: shown, line: nextStart, column: 1 }, 'a quoted field starts here and is never closed');
    }
    if (err.code) {
      return new InputError({ file: shown, line: err.lines ?? nextStart }, `malformed CSV: ${String(err.message).replace(/^[^:]*: /, '')}`);
    }
  } finally {
    parser.destroy();
  }
  const msg = cause instanceof Error ? cause.message : String(cause);
  // A record longer than the reader's limit (max_line_size, csv-rows.sql): DuckDB names it by
  // its record number (header = 1); refused whole rather than read in part or dropped.
  const long = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+) bytes/.exec(msg);
  if (long) {
    const rec = /CSV Error on Line: (\d+)/.exec(msg);
    const where = rec ? await locateCsvRecord(file, Number(rec[1]) - 1).catch(() => null) : null;
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
    return new InputError(
      { file: shown, line: where?.line, column: where ? 1 : undefined },
      `this record is ${Number(long[2]).toLocaleString('en-US')} bytes long, more than the ${mib(Number(long[1]))} the reader takes for one record: ` +
        'refused rather than read in part (is a quote left open, or a field pasted in by mistake?)',
    );
  }
  const m = /CSV Error on Line: (\d+)/.exec(msg);
  const reason = msg.split('\n').find((l) => l && !/^(Invalid Input Error|Conversion Error|Original Line|CSV Error)/.test(l.trim())) ?? msg;
  return new InputError({ file: shown, line: m ? Number(m[1]) : undefined }, `malformed CSV: ${reason.trim()}`);
}

// The embedded DuckDB: one in-memory database per run. SQL lives in queries/; this module
// loads it, binds parameters and converts results to plain JSON-safe JS values.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

import { QUERIES_DIR } from './paths.js';
import { onInterrupt } from './output/cleanup.js';

const queryCache = new Map<string, string>();

/** Text of queries/<rel>, with {{name}} placeholders replaced by already-quoted SQL fragments. */
export function loadQuery(rel: string, vars: Record<string, string> = {}): string {
  let text = queryCache.get(rel);
  if (text === undefined) {
    text = readFileSync(path.join(QUERIES_DIR, rel), 'utf8');
    queryCache.set(rel, text);
  }
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`query ${rel}: no value for {{${name}}}`);
    return v;
  });
}

/** A query fragment (e.g. a subquery) to embed in another query: loadQuery without its leading comment lines. */
export function loadFragment(rel: string, vars: Record<string, string> = {}): string {
  return loadQuery(rel, vars).replace(/^(--[^\n]*\n)+/, '');
}

/** A SQL string literal. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** A SQL quoted identifier. */
export const sqlIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;

export type Row = Record<string, unknown>;
type Params = Record<string, DuckDBValue> | DuckDBValue[];

/** BIGINT/HUGEINT come back as bigint; reports and JSON want numbers (all our counts fit). */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Date || v === null || typeof v !== 'object') return v;
  const out: Row = {};
  for (const [k, x] of Object.entries(v as Row)) out[k] = plain(x);
  return out;
}

const FIELD = '\u001f';
const NULL_FIELD = '\u001d';
function unpackRow(line: string): Array<string | null> {
  const fields: Array<string | null> = line.split(FIELD);
  for (let i = 0; i < fields.length; i++) if (fields[i] === NULL_FIELD) fields[i] = null;
  return fields;
}

/** The rows of a chunk from Db.streamPacked, as streamText gives them. */
export function unpackRows(lines: readonly string[]): Array<Array<string | null>> {
  return lines.map(unpackRow);
}

export class Db {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    private readonly spillDir: string | null,
    private readonly unregister: () => void = () => undefined,
  ) {}

  static async open(opts: { threads?: number; memoryLimit?: string } = {}): Promise<Db> {
    // No TimeZone setting: it needs the ICU extension, which cannot be fetched offline.
    // Without ICU, DuckDB's TIMESTAMPTZ arithmetic and text are UTC, which is what we want.
    const config: Record<string, string> = {};
    if (opts.threads) config.threads = String(opts.threads);
    if (opts.memoryLimit) config.memory_limit = opts.memoryLimit;
    // Past the memory limit DuckDB spills to disk: into a private folder, removed on close
    // (an in-memory database would otherwise spill into the current directory).
    const spill = mkdtempSync(path.join(tmpdir(), 'access-audit-spill-'));
    config.temp_directory = spill;
    const unregister = onInterrupt(() => rmSync(spill, { recursive: true, force: true }));
    const instance = await DuckDBInstance.create(':memory:', config).catch((e: unknown) => {
      rmSync(spill, { recursive: true, force: true });
      unregister();
      throw e;
    });
    const conn = await instance.connect();
    return new Db(instance, conn, spill, unregister);
  }

  /** Run one or more statements. */
  async exec(sql: string, params?: Params): Promise<void> {
    await this.conn.run(sql, params);
  }

  /** Run a file under queries/ (it may hold several statements). */
  async execFile(rel: string, vars?: Record<string, string>): Promise<void> {
    await this.conn.run(loadQuery(rel, vars));
  }

  async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, params);
    return reader.getRowObjectsJS().map((r) => plain(r) as T);
  }

  async one<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Stream a result in chunks of row objects; memory stays bounded by the chunk size. */
  async *stream<T = Row>(sql: string, params?: Params): AsyncGenerator<T[]> {
    const result = await this.conn.stream(sql, params);
    for await (const rows of result.yieldRowObjectJs()) {
      yield rows.map((r) => plain(r) as T);
    }
  }

  /**
   * Stream a result as text: its column names, and chunks of rows of strings (NULL stays
   * null). DuckDB packs each row into one string (queries/report/packed-text.sql) that is
   * split here: for wide text results such as the Review sheet's, several times faster
   * than reading row objects. Characters U+001D–U+001F are dropped from the values.
   */
  async streamText(sql: string): Promise<{ columns: string[]; chunks: AsyncGenerator<Array<Array<string | null>>> }> {
    const { columns, chunks: packed } = await this.streamPacked(sql);
    // A reader that stops early ends the packed stream too (for await returns it).
    async function* chunks(): AsyncGenerator<Array<Array<string | null>>> {
      for await (const lines of packed) yield unpackRows(lines);
    }
    return { columns, chunks: chunks() };
  }

  /**
   * The packed lines themselves: each chunk's rows, one string a row, cheap to hand to a
   * worker thread (see unpackRows); streamText unpacks them.
   */
  async streamPacked(sql: string): Promise<{ columns: string[]; chunks: AsyncGenerator<string[]> }> {
    const prepared = await this.conn.prepare(sql);
    const columns = Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnName(i));
    prepared.destroySync();
    const result = await this.conn.stream(loadQuery('report/packed-text.sql', { query: sql }));
    async function* chunks(): AsyncGenerator<string[]> {
      let next = result.fetchChunk();
      try {
        for (;;) {
          const chunk = await next;
          if (!chunk || chunk.rowCount === 0) return;
          // DuckDB prepares the next chunk while this one is unpacked and written.
          next = result.fetchChunk();
          const lines = chunk.getColumnVector(0);
          const rows = new Array<string>(chunk.rowCount);
          for (let i = 0; i < chunk.rowCount; i++) rows[i] = lines.getItem(i) as string;
          yield rows;
        }
      } finally {
        next.catch(() => undefined); // a reader that stops early leaves one fetch in flight
      }
    }
    return { columns, chunks: chunks() };
  }

  /**
   * A second connection to the same database, for work that runs alongside this one's (a
   * connection runs one query at a time, and a new query ends the stream of the previous).
   * Close it before this one.
   */
  async fork(): Promise<Db> {
    return new Db(this.instance, await this.instance.connect(), null);
  }

  close(): void {
    this.conn.closeSync();
    if (this.spillDir === null) return; // a fork: the database stays open
    this.instance.closeSync();
    rmSync(this.spillDir, { recursive: true, force: true });
    this.unregister();
  }
}

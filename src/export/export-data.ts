// --export-data: the audit's tables for analysts' notebooks and BI tools, each as Parquet
// (DuckDB's own writer, COPY … (FORMAT parquet)) and as an Arrow IPC file (apache-arrow;
// pandas `read_feather`, polars `read_ipc`, R `arrow::read_ipc_file`), with a README.md
// naming every table and column. Written into the run's staging folder, so it appears with
// the other outputs or not at all, and listed and hashed in the manifest.
//
// Arrow conversion is columnar: DuckDB hands over one chunk (2,048 rows) at a time as
// column vectors, each becomes an Arrow vector of its type, and each chunk one record batch
// streamed to the file; no row objects are built.
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBTypeId, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import {
  Bool, DateDay, Field, Float64, Int32, Int64, List, RecordBatch, RecordBatchFileWriter, Schema, Struct, TimestampMillisecond, Utf8,
  makeData, vectorFromArray, type Data, type DataType,
} from 'apache-arrow';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Db } from '../db.js';
import { loadFragment, sqlString } from '../db.js';
import { QUERIES_DIR } from '../paths.js';

/** The tables exported, in README order. */
export const EXPORT_TABLES = ['seats', 'user_state', 'findings', 'review_rows', 'access'] as const;

export interface ExportedFile {
  /** Relative to the run's output folder, forward slashes. */
  file: string;
  rows: number;
}

interface Described {
  description: string;
  columns: Record<string, string>;
}

function queryOf(platform: string, table: string): string {
  const own = `${platform}/export/${table}.sql`;
  return loadFragment(existsSync(path.join(QUERIES_DIR, own)) ? own : `export/${table}.sql`).trim().replace(/;\s*$/, '');
}

function descriptions(platform: string): Record<string, Described> {
  const read = (rel: string): Record<string, Described> => {
    const f = path.join(QUERIES_DIR, rel);
    return existsSync(f) ? ((parse(readFileSync(f, 'utf8')) as { tables: Record<string, Described> }).tables ?? {}) : {};
  };
  const common = read('export/columns.yaml');
  const own = read(`${platform}/export/columns.yaml`);
  const out: Record<string, Described> = {};
  for (const t of EXPORT_TABLES) {
    out[t] = {
      description: own[t]?.description ?? common[t]?.description ?? '',
      columns: { ...(common[t]?.columns ?? {}), ...(own[t]?.columns ?? {}) },
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// DuckDB column → Arrow vector.

interface ColumnPlan {
  name: string;
  duckType: string;
  arrow: DataType;
  convert: (v: DuckDBValue) => unknown;
}

const asString = (v: DuckDBValue): string | null => (v === null ? null : typeof v === 'string' ? v : String(v));

function plan(name: string, type: DuckDBType): ColumnPlan {
  const duckType = type.toString();
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { name, duckType, arrow: new Bool(), convert: (v) => v };
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return { name, duckType, arrow: new Int32(), convert: (v) => (v === null ? null : Number(v)) };
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
      return { name, duckType, arrow: new Int64(), convert: (v) => (v === null ? null : BigInt(v as bigint | number)) };
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return { name, duckType, arrow: new Float64(), convert: (v) => (v === null ? null : typeof v === 'number' ? v : Number(String(v))) };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      // Microseconds since the epoch → milliseconds, UTC.
      return { name, duckType, arrow: new TimestampMillisecond('UTC'), convert: (v) => (v === null ? null : Number((v as { micros: bigint }).micros / 1000n)) };
    case DuckDBTypeId.DATE:
      return { name, duckType, arrow: new DateDay(), convert: (v) => (v === null ? null : new Date((v as { days: number }).days * 86_400_000)) };
    case DuckDBTypeId.LIST:
      return {
        name,
        duckType,
        arrow: new List(new Field('item', new Utf8(), true)),
        convert: (v) => (v === null ? null : (v as { items: DuckDBValue[] }).items.map(asString)),
      };
    default:
      return { name, duckType, arrow: new Utf8(), convert: asString };
  }
}

/**
 * Arrow data for one column of a chunk. Text and plain numbers are laid out directly (one
 * UTF-8 encode per column, typed arrays): apache-arrow's generic builder costs ~3 µs a
 * string. Other types go through vectorFromArray.
 */
function columnData(values: unknown[], type: DataType): Data {
  const n = values.length;
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  const valid = (i: number): boolean => {
    if (values[i] === null || values[i] === undefined) {
      nulls++;
      return false;
    }
    bitmap[i >> 3]! |= 1 << (i & 7);
    return true;
  };
  if (type instanceof Utf8) {
    const offsets = new Int32Array(n + 1);
    const parts: string[] = [];
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      if (valid(i)) {
        const v = values[i] as string;
        bytes += Buffer.byteLength(v, 'utf8');
        parts.push(v);
      }
      offsets[i + 1] = bytes;
    }
    const data = new Uint8Array(Buffer.from(parts.join(''), 'utf8'));
    return makeData({ type, length: n, nullCount: nulls, nullBitmap: nulls ? bitmap : null, valueOffsets: offsets, data });
  }
  if (type instanceof Float64 || type instanceof Int32) {
    const data = type instanceof Float64 ? new Float64Array(n) : new Int32Array(n);
    for (let i = 0; i < n; i++) if (valid(i)) data[i] = values[i] as number;
    return makeData({ type, length: n, nullCount: nulls, nullBitmap: nulls ? bitmap : null, data } as never);
  }
  if (type instanceof Int64) {
    const data = new BigInt64Array(n);
    for (let i = 0; i < n; i++) if (valid(i)) data[i] = values[i] as bigint;
    return makeData({ type, length: n, nullCount: nulls, nullBitmap: nulls ? bitmap : null, data });
  }
  return vectorFromArray(values, type).data[0]!;
}

async function writeArrow(db: Db, query: string, file: string): Promise<{ rows: number; columns: ColumnPlan[] }> {
  const result = await db.conn.stream(query);
  const columns = Array.from({ length: result.columnCount }, (_, i) => plan(result.columnName(i), result.columnType(i)));
  const schema = new Schema(columns.map((c) => new Field(c.name, c.arrow, true)));
  const writer = new RecordBatchFileWriter();
  const done = pipeline(writer.toNodeStream(), createWriteStream(file));
  const batch = (cols: unknown[][], length: number): RecordBatch => {
    const children = columns.map((c, i) => columnData(cols[i]!, c.arrow));
    return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children }));
  };
  let rows = 0;
  let batches = 0;
  try {
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const cols = columns.map((c, i) => chunk.getColumnValues(i).map(c.convert));
      writer.write(batch(cols, chunk.rowCount));
      rows += chunk.rowCount;
      batches++;
    }
    // An empty table still carries its schema.
    if (batches === 0) writer.write(batch(columns.map(() => []), 0));
  } finally {
    writer.finish();
    await done;
  }
  return { rows, columns };
}

function readme(platform: string, asOf: string, tables: Array<{ name: string; rows: number; columns: ColumnPlan[] }>): string {
  const about = descriptions(platform);
  const lines = [
    `# Audit data (${platform === 'dagster' ? 'Dagster+' : 'Domino Data Lab'}, as of ${asOf})`,
    '',
    'The tables behind this audit, written by access-audit beside findings.json, the workbook and the page, and',
    'hashed in manifest.json like them. Each table is here twice, with the same rows and columns:',
    '',
    '- `<table>.parquet` — Parquet (DuckDB). pandas `pd.read_parquet`, polars `pl.read_parquet`, R `arrow::read_parquet`, DuckDB `FROM \'<table>.parquet\'`.',
    '- `<table>.arrow` — Arrow IPC file (Feather v2). pandas `pd.read_feather`, polars `pl.read_ipc`, R `arrow::read_ipc_file`.',
    '',
    'Timestamps are UTC. An empty cell (null) is unknown or not applicable, never zero.',
    '',
  ];
  for (const t of tables) {
    const d = about[t.name]!;
    lines.push(`## ${t.name} (${t.rows.toLocaleString('en-US')} rows)`, '');
    if (d.description) lines.push(d.description.trim(), '');
    lines.push('| column | type | meaning |', '|---|---|---|');
    for (const c of t.columns) lines.push(`| \`${c.name}\` | ${c.duckType} | ${(d.columns[c.name] ?? '').replace(/\|/g, '\\|')} |`);
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * Write every export table into `dir` (an absolute folder inside the staging folder; `rel`
 * its path relative to the output folder). Needs the run's tables, review_rows included.
 */
export async function exportData(db: Db, platform: string, asOf: string, dir: string, rel: string): Promise<ExportedFile[]> {
  await mkdir(dir, { recursive: true });
  const out: ExportedFile[] = [];
  const written: Array<{ name: string; rows: number; columns: ColumnPlan[] }> = [];
  for (const name of EXPORT_TABLES) {
    // The query runs once; both files are written from its rows.
    await db.exec(`CREATE OR REPLACE TEMP TABLE aa_export AS ${queryOf(platform, name)}`);
    await db.exec(`COPY (SELECT * FROM aa_export) TO ${sqlString(path.join(dir, `${name}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
    const { rows, columns } = await writeArrow(db, 'SELECT * FROM aa_export', path.join(dir, `${name}.arrow`));
    out.push({ file: `${rel}/${name}.parquet`, rows }, { file: `${rel}/${name}.arrow`, rows });
    written.push({ name, rows, columns });
  }
  await db.exec('DROP TABLE IF EXISTS aa_export');
  await writeFile(path.join(dir, 'README.md'), readme(platform, asOf, written));
  out.push({ file: `${rel}/README.md`, rows: written.length });
  return out;
}

// --export-data: the audit's tables as Parquet (read back with DuckDB) and Arrow IPC files
// (read back with apache-arrow), a README naming every table and column, all listed and
// hashed in manifest.json, written with the other outputs or not at all.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { sha256File } from '../src/output/manifest.js';
import type { FindingsDocument } from '../src/model.js';
import { ROOT, cli, tempDir } from './helpers.js';

const SAMPLE = path.join(ROOT, 'sample-data');
const TABLES = ['seats', 'user_state', 'findings', 'review_rows', 'access'];

async function parquet(file: string, sql = 'SELECT * FROM t'): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const r = await conn.runAndReadAll(sql.replace(/\bt\b/, `read_parquet('${file.replace(/'/g, "''")}')`));
    return r.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

describe('Domino sample, --export-data data', () => {
  let out: string;
  let doc: FindingsDocument;
  beforeAll(() => {
    out = path.join(tempDir(), 'out');
    const r = cli(['run', '--input', SAMPLE, '--out', out, '--as-of', '2026-09-30', '--config', path.join(SAMPLE, 'access-audit.config.yaml'), '-q', '--export-data', 'data']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    doc = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')) as FindingsDocument;
  });

  test('every table as Parquet and Arrow, and a README', () => {
    expect(readdirSync(path.join(out, 'data')).sort()).toEqual(['README.md', ...TABLES.flatMap((t) => [`${t}.arrow`, `${t}.parquet`])].sort());
  });

  test('Arrow files read back with apache-arrow: the seats are findings.json\'s, typed', () => {
    const seats = tableFromIPC(readFileSync(path.join(out, 'data/seats.arrow')));
    expect(seats.numRows).toBe(doc.seats!.length);
    const rows = seats.toArray().map((r) => r.toJSON() as Record<string, unknown>);
    const plain = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
    expect(plain).toEqual(doc.seats);
    const users = tableFromIPC(readFileSync(path.join(out, 'data/user_state.arrow')));
    expect(users.numRows).toBe(300);
    expect(String(users.schema.fields.find((f) => f.name === 'last_seen')!.type)).toMatch(/Timestamp/);
    expect(String(users.schema.fields.find((f) => f.name === 'roles')!.type)).toMatch(/List/);
    const findings = tableFromIPC(readFileSync(path.join(out, 'data/findings.arrow')));
    expect(findings.numRows).toBe(doc.findings.length);
    expect(findings.getChild('id')!.toArray().sort()).toEqual(doc.findings.map((f) => f.id).sort());
  });

  test('Parquet files read back with DuckDB, the same rows as the Arrow files', async () => {
    for (const t of TABLES) {
      const arrow = tableFromIPC(readFileSync(path.join(out, `data/${t}.arrow`)));
      const [n] = await parquet(path.join(out, `data/${t}.parquet`), 'SELECT count(*)::INTEGER AS n FROM t');
      expect(n!.n, t).toBe(arrow.numRows);
      const pq = await parquet(path.join(out, `data/${t}.parquet`), 'SELECT * FROM t LIMIT 0');
      expect(pq).toEqual([]);
    }
    const seats = await parquet(path.join(out, 'data/seats.parquet'));
    expect(seats.map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])))).toEqual(doc.seats);
  });

  test('the README names every table and every column', () => {
    const md = readFileSync(path.join(out, 'data/README.md'), 'utf8');
    for (const t of TABLES) {
      expect(md).toContain(`## ${t} (`);
      const arrow = tableFromIPC(readFileSync(path.join(out, `data/${t}.arrow`)));
      for (const f of arrow.schema.fields) expect(md, `${t}.${f.name}`).toContain(`| \`${f.name}\` |`);
    }
  });

  test('listed and hashed in manifest.json; verify checks them', async () => {
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { outputs: Array<{ file: string; sha256: string }> };
    const files = manifest.outputs.map((o) => o.file).filter((f) => f.startsWith('data/'));
    expect(files.sort()).toEqual(['data/README.md', ...TABLES.flatMap((t) => [`data/${t}.arrow`, `data/${t}.parquet`])].sort());
    const seats = manifest.outputs.find((o) => o.file === 'data/seats.parquet')!;
    expect(seats.sha256).toBe(await sha256File(path.join(out, 'data/seats.parquet')));
    expect(cli(['verify', out]).status).toBe(0);
    writeFileSync(path.join(out, 'data/seats.arrow'), 'tampered');
    const v = cli(['verify', out]);
    expect(v.status).toBe(1);
    expect(v.stdout + v.stderr).toContain('data/seats.arrow');
  });
});

describe('where the export goes', () => {
  test('into an existing --out (last quarter\'s) and an existing export folder', () => {
    const out = path.join(tempDir(), 'out');
    mkdirSync(path.join(out, 'data'), { recursive: true });
    writeFileSync(path.join(out, 'data/notes.txt'), 'mine');
    const r = cli(['run', '--input', SAMPLE, '--out', out, '--as-of', '2026-09-30', '-q', '--export-data', path.join(out, 'data')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(path.join(out, 'data'))).toEqual(expect.arrayContaining(['notes.txt', 'seats.arrow', 'README.md']));
  });

  test('a folder outside --out is refused before any work, nothing written', () => {
    const dir = tempDir();
    const r = cli(['run', '--input', SAMPLE, '--out', path.join(dir, 'out'), '--as-of', '2026-09-30', '--export-data', path.join(dir, 'elsewhere')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--export-data .* must be a folder inside --out/);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('Dagster+: the seat, users, findings, review rows and effective access', () => {
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', '--input', path.join(SAMPLE, 'dagster'), '--out', out, '--as-of', '2026-09-30', '--config', path.join(SAMPLE, 'dagster/access-audit.config.yaml'), '-q', '--export-data', 'tables']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const seats = tableFromIPC(readFileSync(path.join(out, 'tables/seats.arrow')));
    expect(seats.getChild('license')!.toArray()).toEqual(['Dagster+ seat']);
    expect(Number(seats.getChild('purchased')!.get(0))).toBe(38);
    expect(tableFromIPC(readFileSync(path.join(out, 'tables/access.arrow'))).schema.fields.map((f) => f.name)).toContain('effective_role');
  });
});

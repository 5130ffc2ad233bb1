// run --packets builds its packets on a worker thread (src/report/packets-worker.ts): the
// packets, their hashes and index.csv must be what the same rows make on the main thread,
// for template packets (byte for byte) and for the ones exceljs writes (a reviewer name to
// neutralise), and an error on the worker must reach the run with its errno code.
// The worker is the compiled one: run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db, sqlString } from '../src/db.js';
import { writePackets } from '../src/report/packets.js';
import { crc32, crc32Js } from '../src/report/packet-template.js';
import { REVIEW_LAYOUT } from '../src/report/review-layout.js';
import { ZipArchive } from '../src/review/zip.js';
import { ROOT, cli, tempDir } from './helpers.js';

const WORKER_BUILT = existsSync(path.join(ROOT, 'dist/report/packets-worker.js'));
const OPTS = { currency: 'USD', asOf: '2026-09-30', auditId: 'sha256:abc', creator: 'access-audit test', created: new Date('2026-09-30T00:00:00Z') };

/** Values a packet must carry through: plain, escaped, neutralised, control characters, empty, NULL. */
const VALUES = ['plain', 'a < b & c > d', '=HYPERLINK("http://x")', "'quoted", '@SUM(A1)', '-1', 'tab\there', 'bell\u0007x', '', null, 'é ü 中文 🙂', '"dq"'];

async function reviewDb(): Promise<Db> {
  const db = await Db.open({ threads: 1 });
  const keys = [...new Set([...REVIEW_LAYOUT.map((c) => c.key).filter((k): k is string => k !== null), 'reviewer', 'reviewer_email', 'privileged'])];
  const rows: string[] = [];
  // 900 reviewers (more than a few chunks of DuckDB rows), one to neutralise (exceljs writes its packet), one with many rows
  for (let i = 0; i < 2600; i++) {
    const reviewer = i % 900 === 7 ? '=evil()' : i % 900 === 8 ? 'Big Reviewer' : `rev${String(i % 900).padStart(4, '0')}`;
    const count = i % 900 === 8 ? 40 : 1;
    for (let k = 0; k < count; k++) {
      const cells = keys.map((key, j) => {
        if (key === 'reviewer') return sqlString(reviewer);
        if (key === 'privileged') return (i + k) % 3 === 0 ? "'true'" : "'false'";
        if (key === 'reviewer_email') return i % 5 === 0 ? 'NULL' : sqlString(`${reviewer}@example.com`);
        const v = VALUES[(i + j + k) % VALUES.length]!;
        return v === null ? 'NULL' : sqlString(`${v}`);
      });
      rows.push(`(${cells.join(', ')})`);
    }
  }
  await db.exec(`CREATE TABLE review_rows (${keys.map((k) => `"${k}" VARCHAR`).join(', ')})`);
  for (let i = 0; i < rows.length; i += 500) await db.exec(`INSERT INTO review_rows VALUES ${rows.slice(i, i + 500).join(', ')}`);
  return db;
}

async function partsOf(file: string): Promise<Record<string, string>> {
  const z = await ZipArchive.open(file);
  const out: Record<string, string> = {};
  for (const n of z.names()) out[n] = await text(await z.openText(z.entry(n)!));
  return out;
}

describe.skipIf(!WORKER_BUILT)('packets on the worker thread', () => {
  let db: Db;
  const root = tempDir('aa-packets-worker-');
  beforeAll(async () => {
    db = await reviewDb();
  });
  afterAll(() => db?.close());

  it('are the packets the main thread makes: the same files, bytes, hashes and index', async () => {
    const main = path.join(root, 'main');
    const worker = path.join(root, 'worker');
    const a = await writePackets(db, main, { ...OPTS, inProcess: true });
    const b = await writePackets(db, worker, OPTS);
    expect(b).toEqual(a);
    expect(a.packets).toBe(900);
    const files = readdirSync(path.join(main, 'packets')).sort();
    expect(readdirSync(path.join(worker, 'packets')).sort()).toEqual(files);
    expect(readFileSync(path.join(worker, 'packets/index.csv'), 'utf8')).toBe(readFileSync(path.join(main, 'packets/index.csv'), 'utf8'));
    let viaExcelJs = 0;
    for (const o of a.outputs) {
      const [x, y] = [path.join(main, o.file), path.join(worker, o.file)];
      if (o.sha256 !== undefined) {
        expect(readFileSync(y).equals(readFileSync(x)), o.file).toBe(true);
      } else if (o.file.endsWith('.xlsx')) {
        viaExcelJs++; // exceljs stamps its zip entries with the time: the same parts, not the same bytes
        expect(await partsOf(y), o.file).toEqual(await partsOf(x));
      }
    }
    expect(viaExcelJs).toBe(1);
    const evil = await partsOf(path.join(worker, 'packets/evil.xlsx'));
    expect(evil['xl/worksheets/sheet2.xml']).toContain('&apos;=evil()'); // neutralised, as exceljs writes it
    const big = await partsOf(path.join(worker, 'packets/Big_Reviewer.xlsx'));
    expect(big['xl/worksheets/sheet1.xml']).toContain('a &lt; b &amp; c &gt; d');
    expect(big['xl/worksheets/sheet1.xml']).toContain('<row r="121"'); // 3 × 40 rows and the header
  });

  it('an error writing on the worker reaches the run with its code, and the stream is ended', async () => {
    const blocked = path.join(root, 'blocked');
    writeFileSync(blocked, 'a file where the output folder should be');
    await expect(writePackets(db, blocked, OPTS)).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(writePackets(db, blocked, { ...OPTS, inProcess: true })).rejects.toMatchObject({ code: 'ENOTDIR' });
    // the connection is usable again: nothing of the failed stream is left running on it
    expect(await db.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM review_rows')).toEqual({ n: 2597 + 3 * 40 });
  });
});

// A full disk while the packets are written (a tmpfs that holds the reports but not 164 packets).
const mounted: string[] = [];
function tmpfs(size: string): string | null {
  if (process.getuid?.() !== 0) return null;
  const dir = tempDir('aa-packets-mnt-');
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status !== 0) return null;
  mounted.push(dir);
  return dir;
}
afterAll(() => {
  for (const m of mounted) spawnSync('umount', [m]);
});

const canMount = WORKER_BUILT && tmpfs('64k') !== null;

describe.skipIf(!canMount)('run --packets on a full disk (needs root to mount a tmpfs)', () => {
  it('is exit 2, one line naming the full disk, and nothing is left in --out', () => {
    const mnt = tmpfs('1m')!;
    const r = cli(['run', '--input', path.join(ROOT, 'sample-data'), '--out', mnt, '--as-of', '2026-09-30', '--packets', '-q']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot write the outputs: the disk is full \(ENOSPC\); nothing was written/);
    expect(readdirSync(mnt)).toEqual([]);
  });
});

describe("a packet's CRC-32", () => {
  it('is the same from zlib (Node 20.15+, 22.2+) and from the fallback for older Node', () => {
    const samples = [Buffer.alloc(0), Buffer.from('a'), Buffer.from('<row r="2"><c r="A2" t="str"><v>é 中文 🙂</v></c></row>'), Buffer.alloc(70_000, 0xff)];
    for (let i = 0; i < 20; i++) samples.push(Buffer.from(Array.from({ length: 1 + i * 97 }, (_, k) => (k * 31 + i * 7) & 0xff)));
    for (const b of samples) expect(crc32(b)).toBe(crc32Js(b));
    expect(crc32Js(Buffer.from('123456789'))).toBe(0xcbf43926); // the standard check value
  });
});

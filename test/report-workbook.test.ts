// access-review.xlsx read back by independent readers: openpyxl (python3-openpyxl) for
// structure, types, validations and styles; LibreOffice headless, a real spreadsheet app,
// converting it to CSV and PDF; and exceljs's own reader for the round trip.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { unneutralise } from '../src/report/neutralise.js';
import { REVIEW_HEADER, writeWorkbook } from '../src/report/workbook.js';
import { HOSTILE, fixtureDocument, fixtureFindings } from './fixtures/report/findings.js';
import { buildFixture } from './fixtures/report/helpers.js';
import { PYTHON, SOFFICE, tools } from './fixtures/report/tools.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const READER = path.join(HERE, 'fixtures/report/read_xlsx.py');
const t = tools();

interface Cell { v: unknown; t: string; fmt: string; qp: boolean }
interface Sheet { name: string; max_row: number; rows_seen: number; freeze: string | null; auto_filter: string | null; validations: Array<{ type: string; formula1: string; sqref: string }>; formula_cells: number; rows: Cell[][] }

function readWithOpenpyxl(file: string, rows = 80): { sheets: Sheet[] } {
  const out = execFileSync(PYTHON, [READER, file, String(rows)], { maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8')) as { sheets: Sheet[] };
}

let dir: string;
let file: string;
let written: { rows: number };
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'report-wb-'));
  file = path.join(dir, 'access-review.xlsx');
  const fx = await buildFixture();
  try {
    written = await writeWorkbook(fx.ctx, file);
  } finally {
    fx.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const values = (s: Sheet, r: number) => s.rows[r]!.map((c) => c.v);
const headerIndex = (s: Sheet) => s.rows.findIndex((r) => r[0]?.v === 'Finding ID' || r[0]?.v === 'Key' || r[0]?.v === 'License');

describe.skipIf(!t.openpyxl.available)('workbook read by openpyxl', () => {
  let wb: { sheets: Sheet[] };
  beforeAll(() => {
    wb = readWithOpenpyxl(file);
  });
  const sheet = (name: string) => wb.sheets.find((s) => s.name === name)!;

  test('sheets: Summary, Licenses, one per rule, Review, Sign-off, Evidence', () => {
    expect(wb.sheets.map((s) => s.name)).toEqual([
      'Summary', 'Licenses', 'Chargeback', 'inactive-seat', 'overprivileged-project-manager', 'mislicensed-user', 'sole-owner-risk', 'Review', 'Sign-off', 'Evidence',
    ]);
    expect(written.rows).toBe(5 + 8 + 12 + 29); // license rows + chargeback rows + findings + review rows
  });

  test('no cell anywhere is a formula', () => {
    for (const s of wb.sheets) expect(s.formula_cells, s.name).toBe(0);
  });

  test('Review: contract header in row 1, user and name frozen, filtered, a Keep/Revoke/Modify dropdown on every row', () => {
    const s = sheet('Review');
    expect(values(s, 0)).toEqual([...REVIEW_HEADER]);
    // who and what on the left, Decision and Comment within the first nine columns, the key last
    expect(values(s, 0).slice(0, 9)).toEqual(['User', 'Full name', 'Scope', 'Scope name', 'Role', 'Decision', 'Comment', 'Suggestion', 'Findings']);
    expect(values(s, 0).at(-1)).toBe('Key');
    expect(s.freeze).toBe('C2');
    expect(s.auto_filter).toBe(`A1:V${s.max_row}`);
    expect(s.max_row).toBe(30);
    expect(s.validations).toEqual([{ type: 'list', formula1: '"Keep,Revoke,Modify"', sqref: 'F2:F30', allow_blank: true }]);
  });

  test('hostile names are stored as text with a leading apostrophe and quotePrefix', () => {
    const cells = wb.sheets.flatMap((s) => s.rows.flat());
    for (const h of [HOSTILE.hyperlink, HOSTILE.plus, HOSTILE.minus, HOSTILE.at, HOSTILE.tab]) {
      const hits = cells.filter((c) => typeof c.v === 'string' && unneutralise(c.v) === h);
      expect(hits.length, h).toBeGreaterThan(0);
      for (const c of hits) {
        expect(c.t).toBe('s');
        expect(c.v).toBe(`'${h}`);
        expect(c.qp).toBe(true);
      }
    }
    // Text that starts with a safe character is stored as it is.
    const script = cells.filter((c) => c.v === HOSTILE.script2);
    expect(script.length).toBeGreaterThan(0);
    expect(script.every((c) => !c.qp)).toBe(true);
    // No string cell anywhere starts with a formula trigger.
    for (const c of cells) if (typeof c.v === 'string') expect(c.v).not.toMatch(/^[=+\-@\t\r]/);
  });

  test('rule sheets: typed evidence columns (dates as dates, numbers as numbers), frozen header, filter', () => {
    const s = sheet('inactive-seat');
    const h = headerIndex(s);
    const header = values(s, h);
    expect(header.slice(0, 5)).toEqual(['Finding ID', 'Severity', 'Status', 'Subject ID', 'Subject']);
    expect(s.freeze).toBe(`A${h + 2}`);
    expect(s.auto_filter).toBe(`A${h + 1}:${String.fromCharCode(64 + header.length)}${s.max_row}`);
    const col = (name: string) => header.indexOf(name);
    const u03 = s.rows.slice(h + 1).find((r) => r[3]!.v === 'u03')!;
    expect(u03[col('Last seen (UTC)')]).toMatchObject({ t: 'd', v: { datetime: '2026-05-01T12:00:00' }, fmt: 'yyyy-mm-dd hh:mm' });
    expect(u03[col('Days since seen')]).toMatchObject({ t: 'n', v: 152 });
    expect(u03[col('Monthly cost')]).toMatchObject({ t: 'n', v: 450 });
    expect(u03[col('Monthly cost')]!.fmt).toContain('USD');
    expect(u03[col('Roles')]!.v).toBe('Practitioner; ProjectManager');
    // Most severe first; severity cells are coloured (checked through the style in exceljs below).
    expect(s.rows.slice(h + 1).map((r) => r[1]!.v)).toEqual(['high', 'high', 'medium', 'medium']);
    // The review cycle's columns are there because the document has them.
    expect(header).toEqual(expect.arrayContaining(['Change', 'First seen', 'Exception reason', 'Approved by', 'Exception expires']));
    const first = s.rows.slice(h + 1).find((r) => r[3]!.v === 'u02')!;
    expect(first[col('First seen')]).toMatchObject({ t: 'd', v: { datetime: '2026-06-30T00:00:00' }, fmt: 'yyyy-mm-dd' });
  });

  test('Licenses: numbers and money typed, NULL price left blank (unknown), total row last', () => {
    const s = sheet('Licenses');
    const h = headerIndex(s);
    const header = values(s, h);
    const data = s.rows.slice(h + 1);
    expect(data.map((r) => r[0]!.v)).toEqual(['Lite', 'Data Analyst', 'Data Science Professional', 'Unknown license', 'Total']);
    const da = data[1]!;
    expect(da[header.indexOf('In use')]).toMatchObject({ t: 'n', v: 5, fmt: '#,##0' });
    expect(da[header.indexOf('Cost in use per year')]).toMatchObject({ t: 'n', v: 9000 });
    expect(da[header.indexOf('Cost purchased per year')]).toMatchObject({ t: 'n', v: 7200 });
    expect(data[3]![header.indexOf('Cost in use per year')]!.v).toBeNull();
    expect(da[header.indexOf('Over-deployed')]).toMatchObject({ t: 'n', v: 1 });
  });

  test('Summary states as-of, parameters, counts per rule and severity, warnings', () => {
    const s = sheet('Summary');
    const text = s.rows.flat().map((c) => String(c.v ?? '')).join('\n');
    expect(text).toContain('As of 2026-09-30');
    expect(text).toContain('inactive_days');
    expect(text).toContain('unknown-license');
    const rule = s.rows.find((r) => r[0]!.v === 'overprivileged-project-manager')!;
    expect(rule.slice(2, 10).map((c) => c.v)).toEqual([1, 1, 0, 0, 0, 2, 2, 0]);
  });

  test('Evidence lists inputs with SHA-256 and rows, the tool version and the config', () => {
    const s = sheet('Evidence');
    const users = s.rows.find((r) => r[0]!.v === 'users.csv')!;
    expect(users.map((c) => c.v)).toEqual(['users.csv', 'canonical', 'users', 13, 2048, 'a'.repeat(64)]);
    const text = s.rows.flat().map((c) => String(c.v ?? '')).join('\n');
    expect(text).toContain('access-audit 0.1.0');
    expect(text).toContain('licenses[1].monthly_price');
    expect(text).toContain("'=cmd|evil.csv");
  });

  test('a rule that was not evaluated says so on its sheet and in the Summary', async () => {
    const f = await buildFixture({ doc: fixtureDocument(fixtureFindings(), { notEvaluated: ['mislicensed-user'] }) });
    const out = path.join(dir, 'not-evaluated.xlsx');
    try {
      await writeWorkbook(f.ctx, out);
    } finally {
      f.close();
    }
    const r = readWithOpenpyxl(out);
    const s = r.sheets.find((x) => x.name === 'mislicensed-user')!;
    expect(String(s.rows[1]![0]!.v)).toMatch(/^NOT EVALUATED: activity\.csv is missing/);
    const summary = r.sheets[0]!.rows.flat().map((c) => String(c.v ?? '')).join('\n');
    expect(summary).toContain('mislicensed-user: not evaluated');
    // Licenses: what mislicensed-user feeds is blank (unknown), with the reason above.
    const lic = r.sheets.find((x) => x.name === 'Licenses')!;
    expect(String(lic.rows[2]![0]!.v)).toMatch(/^mislicensed-user was not evaluated/);
    const h = headerIndex(lic);
    const header = values(lic, h);
    const da = lic.rows.slice(h + 1).find((row) => row[0]!.v === 'Data Analyst')!;
    expect(da[header.indexOf('Under-licensed users')]!.v).toBeNull();
    expect(da[header.indexOf('Upgrade cost per year (under-licensed)')]!.v).toBeNull();
    expect(da[header.indexOf('Idle seats to reclaim (open findings)')]!.v).toBe(1); // inactive-seat was evaluated
  });
});

describe.skipIf(!t.openpyxl.available)('a value longer than Excel allows in a cell', () => {
  test('is cut below 32,767 characters and says so, instead of breaking the file', async () => {
    const findings = fixtureFindings();
    findings[0]!.evidence.roles = Array.from({ length: 5000 }, (_, i) => `=Role${i}`);
    const f = await buildFixture({ doc: fixtureDocument(findings) });
    const out = path.join(dir, 'long.xlsx');
    try {
      await writeWorkbook(f.ctx, out);
    } finally {
      f.close();
    }
    const s = readWithOpenpyxl(out).sheets.find((x) => x.name === 'inactive-seat')!;
    const cell = s.rows.flat().find((c) => typeof c.v === 'string' && c.v.startsWith("'=Role0; =Role1"))!;
    expect((cell.v as string).length).toBeLessThanOrEqual(32_767);
    expect(cell.v as string).toMatch(/…\[truncated: the full value is in findings\.json\]$/);
    expect(cell.qp).toBe(true);
  });
});

describe.skipIf(!t.openpyxl.available)('tables longer than a sheet continue on the next sheet', () => {
  test('Review and rule sheets split at the row limit, each part with its header and dropdown', async () => {
    const f = await buildFixture();
    const out = path.join(dir, 'split.xlsx');
    try {
      // 9 rows a sheet: the Review's header + 8 rows each, so its 29 rows take 4 sheets.
      const res = await writeWorkbook(f.ctx, out, { maxRowsPerSheet: 9 });
      expect(res.rows).toBe(54); // 46 + the 8 chargeback rows
    } finally {
      f.close();
    }
    const wb = readWithOpenpyxl(out);
    const reviews = wb.sheets.filter((s) => s.name.startsWith('Review'));
    expect(reviews.map((s) => s.name)).toEqual(['Review', 'Review (2)', 'Review (3)', 'Review (4)']);
    expect(reviews.map((s) => s.max_row - 1)).toEqual([8, 8, 8, 5]);
    for (const s of reviews) {
      expect(values(s, 0)).toEqual([...REVIEW_HEADER]);
      expect(s.validations[0]).toMatchObject({ formula1: '"Keep,Revoke,Modify"', sqref: `F2:F${s.max_row}` });
    }
    const keys = reviews.flatMap((s) => s.rows.slice(1).map((r) => r.at(-1)!.v));
    expect(new Set(keys).size).toBe(29);
    // inactive-seat: 5 heading rows + header, then 3 of its 4 findings; the 4th goes on.
    expect(wb.sheets.filter((s) => s.name.startsWith('inactive-seat')).map((s) => s.name)).toEqual(['inactive-seat', 'inactive-seat (2)']);
  });
});

describe('workbook read back by exceljs', () => {
  test('severity cells are coloured, hostile cells keep their apostrophe, dates are dates', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('overprivileged-project-manager')!;
    let found = 0;
    ws.eachRow((row) => {
      const sev = row.getCell(2).value;
      if (sev === 'critical') {
        found++;
        expect((row.getCell(2).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FF991B1B');
        expect(row.getCell(5).value).toBe(`'${HOSTILE.hyperlink}`);
      }
    });
    expect(found).toBe(1);
    const seat = wb.getWorksheet('inactive-seat')!;
    const dates: unknown[] = [];
    seat.eachRow((row) => dates.push(row.getCell(8).value));
    expect(dates.some((d) => d instanceof Date)).toBe(true);
  });
});

describe.skipIf(!t.libreoffice.available)('LibreOffice (a real spreadsheet app) opens and converts the workbook', () => {
  let out: string;
  beforeAll(() => {
    out = path.join(dir, 'lo');
    const profile = path.join(dir, 'lo-profile');
    const run = (args: string[]) => {
      const r = spawnSync(SOFFICE, ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, ...args, '--outdir', out, file], {
        timeout: 180_000,
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
    };
    // One CSV per sheet (the last token, -1, asks for every sheet), then a PDF.
    run(['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1']);
    run(['--convert-to', 'pdf']);
  }, 240_000);

  test('every sheet converts; the CSV export keeps hostile names as inert text', () => {
    const csvs = readdirSync(out).filter((f) => f.endsWith('.csv')).sort();
    expect(csvs).toEqual(expect.arrayContaining(['access-review-Review.csv', 'access-review-Summary.csv', 'access-review-inactive-seat.csv']));
    const review = readFileSync(path.join(out, 'access-review-Review.csv'), 'utf8');
    const lines = review.trim().split('\n');
    expect(lines[0]).toBe(REVIEW_HEADER.join(','));
    expect(review).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(review).toContain(",'+1,");
    expect(review).toContain(",'-2,");
    expect(review).toContain(",'@SUM(A1),");
    // No exported field starts with a formula trigger (fields may be quoted).
    for (const f of csvs) {
      for (const field of readFileSync(path.join(out, f), 'utf8').split(/,|\n/)) {
        expect(field.replace(/^"/, ''), f).not.toMatch(/^[=+@]/);
      }
    }
    const seat = readFileSync(path.join(out, 'access-review-inactive-seat.csv'), 'utf8');
    expect(seat).toContain('2026-05-01 12:00:00'); // a real date, formatted by the app
  });

  test('the PDF rendering exists and is not empty', () => {
    const pdf = path.join(out, 'access-review.pdf');
    expect(existsSync(pdf)).toBe(true);
    expect(statSync(pdf).size).toBeGreaterThan(10_000);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('at scale the writer streams', () => {
  // Time and memory are the bench's (npm run bench, README): on shared machines a bound here
  // is noise. What a user relies on is that the rows are streamed to disk as they come.
  test('~224k review rows and 100k findings: every row written, to disk as it goes', async () => {
    const { REVIEW_200K, fillScale, scaleDocument } = await import('./fixtures/report/scale.js');
    const { loadFindings } = await import('./fixtures/report/helpers.js');
    const doc = scaleDocument(100_000, REVIEW_200K.users);
    const f = await buildFixture({ doc: { ...doc, findings: [] } });
    const out = path.join(dir, 'scale.xlsx');
    try {
      await fillScale(f.ctx.db, REVIEW_200K);
      await loadFindings(f.ctx.db, doc);
      f.ctx.doc = doc;
      const sizes: number[] = [];
      const sample = setInterval(() => sizes.push(existsSync(out) ? statSync(out).size : 0), 25);
      const res = await writeWorkbook(f.ctx, out).finally(() => clearInterval(sample));
      const final = statSync(out).size;
      expect(res.rows).toBe(223_999 + 100_000 + 5 + 8); // review + findings + 3 licenses, the Unknown license row and Total + chargeback
      // A writer that built the workbook in memory would show nothing, then the whole file.
      expect(new Set(sizes.filter((n) => n > 0 && n < final)).size).toBeGreaterThan(3);
    } finally {
      f.close();
    }
  }, 300_000);
});

// The workbook's data rows are written as XML by FastRows instead of exceljs's Row/Cell
// objects. A reviewer must not be able to tell: the sheet and the style table must be the
// very bytes exceljs writes for the same rows, formula-looking text neutralised, long text
// cut, every type and style the same.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';

import { neutralise, needsNeutralising } from '../src/report/neutralise.js';
import type { CellValue } from '../src/report/values.js';
import { EXCEL_MAX_CELL_CHARS, FastRows, fitCell } from '../src/report/xlsx-fast-rows.js';
import { installQuotePrefixSupport } from '../src/report/xlsx-quote-prefix.js';
import { tempDir } from './helpers.js';

type Style = Partial<ExcelJS.Style> & { quotePrefix?: boolean };

const plain = (numFmt?: string, extra: Style = {}): { plain: Style; quoted: Style } => {
  const p: Style = { ...extra, ...(numFmt ? { numFmt } : {}) };
  return { plain: p, quoted: { ...p, quotePrefix: true } };
};
const COLUMNS = [
  plain(),
  plain('#,##0'),
  plain('#,##0.00 "EUR";-#,##0.00 "EUR"'),
  plain('yyyy-mm-dd'),
  plain('"Yes";"Yes";"No"'),
  plain(undefined, { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFBEB' } }, protection: { locked: false } }),
];
const RED: Style = { font: { bold: true, color: { argb: 'FF991B1B' } } };

const long = 'x'.repeat(EXCEL_MAX_CELL_CHARS + 10);
const ROWS: Array<{ values: CellValue[]; red?: number }> = [
  { values: ['alice', 3, 1234.5, new Date(Date.UTC(2026, 8, 30)), true, null] },
  { values: ['=HYPERLINK("http://evil","x")', -7, 0, new Date(Date.UTC(2026, 0, 1, 13, 45)), false, '+cmd'] },
  { values: ["'already", 1e21, 0.1 + 0.2, null, null, '@SUM(A1)'] },
  { values: ['<script>alert("x")</script> & \'q\'', null, null, null, null, 'ctl\u0001\u001fchars\ttab'] },
  { values: [long, 12, null, null, true, '-' + long] },
  { values: [null, null, null, null, null, null] },
  { values: ['high', 1, 2, null, null, null], red: 0 },
  { values: ['=1+1', null, null, null, null, null], red: 0 },
  { values: [null, 5, null, null, null, null], red: 0 },
  { values: ['\u0001=HYPERLINK("http://x")', null, null, null, null, '\u007f@cmd'] },
  { values: ['ünïcødé ✓ 𝔘', 2 ** 53, -0.000001, new Date(Date.UTC(1999, 11, 31)), false, 'ok'] },
];

/** The reference: exceljs's own Row and Cell path, as workbook.ts wrote rows before FastRows. */
function viaExceljs(ws: ExcelJS.Worksheet, values: CellValue[], red?: number): void {
  const row = ws.addRow([]);
  values.forEach((v, i) => {
    const cols = COLUMNS[i]!;
    const style = i === red ? RED : typeof v === 'string' && (needsNeutralising(fitCell(v)) || v.length >= EXCEL_MAX_CELL_CHARS) ? cols.plain : undefined;
    if (!style) {
      if (v !== null) row.getCell(i + 1).value = v;
      return;
    }
    const cell = row.getCell(i + 1);
    const text = typeof v === 'string' ? fitCell(v) : v;
    if (typeof text === 'string' && needsNeutralising(text)) {
      cell.value = neutralise(text);
      cell.style = (i === red ? { ...RED, quotePrefix: true } : cols.quoted) as ExcelJS.Style;
    } else {
      cell.value = text;
      cell.style = style as ExcelJS.Style;
    }
  });
  row.commit();
}

async function write(file: string, fast: boolean): Promise<void> {
  installQuotePrefixSupport();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  wb.created = wb.modified = new Date(Date.UTC(2026, 8, 30));
  const ws = wb.addWorksheet('Data');
  ws.columns = COLUMNS.map((c) => ({ width: 14, style: c.plain as ExcelJS.Style }));
  // A heading row through exceljs first, as the real sheets have, then the data rows.
  const head = ws.addRow(['Name', 'Count', 'Cost', 'Date', 'Flag', 'Note']);
  head.font = { bold: true };
  head.commit();
  const rows = fast ? new FastRows(ws, COLUMNS) : null;
  for (const r of ROWS) {
    if (rows) rows.write(r.values, r.red === undefined ? undefined : (i) => (i === r.red ? RED : undefined));
    else viaExceljs(ws, r.values, r.red);
  }
  // And a closing row through exceljs again: the row numbers must carry on.
  rows?.flush();
  const tail = ws.addRow(['total', 99]);
  tail.commit();
  ws.commit();
  await wb.commit();
}

/** Equal, or the first difference with some context (the sheets are long). */
function expectSame(actual: string, expected: string): void {
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  if (i === actual.length && i === expected.length) return;
  expect(actual.slice(Math.max(0, i - 120), i + 120)).toBe(expected.slice(Math.max(0, i - 120), i + 120));
  expect(actual.length).toBe(expected.length);
}

const part = async (file: string, name: string): Promise<string> => (await JSZip.loadAsync(readFileSync(file))).file(name)!.async('string');

describe('data rows written directly as sheet XML', () => {
  it('are byte-identical to the rows exceljs writes, styles included', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'exceljs.xlsx');
    const b = path.join(dir, 'fast.xlsx');
    await write(a, false);
    await write(b, true);
    const sheetA = await part(a, 'xl/worksheets/sheet1.xml');
    expectSame(await part(b, 'xl/worksheets/sheet1.xml'), sheetA);
    expectSame(await part(b, 'xl/styles.xml'), await part(a, 'xl/styles.xml'));
    // The comparison is only worth something if the rows hold what the test means.
    const has = (text: string): boolean => sheetA.includes(text);
    expect(has('<v>&apos;=HYPERLINK(&quot;http://evil&quot;,&quot;x&quot;)</v>'), 'formula neutralised').toBe(true);
    expect(has('&lt;script&gt;'), 'markup escaped').toBe(true);
    expect(has('[truncated: the full value is in findings.json]'), 'long text cut').toBe(true);
    expect(has('<v>&apos;=HYPERLINK(&quot;http://x&quot;)</v>'), 'a formula behind a control character neutralised').toBe(true);
    expect(has('<v>&apos;@cmd</v>'), 'a formula behind DEL neutralised').toBe(true);
    expect(has('<row r="13"'), 'the closing row follows eleven data rows and the heading').toBe(true);
    expect(has('<row r="7"'), 'the all-empty row is not written').toBe(false);
  });

  it('refuse to write after exceljs added rows while some of theirs were not flushed', async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path.join(tempDir(), 'x.xlsx') });
    const ws = wb.addWorksheet('Data');
    const rows = new FastRows(ws, COLUMNS);
    rows.write(['first']);
    ws.addRow(['exceljs']).commit();
    expect(() => rows.write(['next'])).toThrow(/before flush/);
    expect(() => rows.flush()).toThrow(/before flush/);
  });

  it('refuse to write while exceljs holds an uncommitted row (rows must stay in order)', async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path.join(tempDir(), 'x.xlsx') });
    const ws = wb.addWorksheet('Data');
    const rows = new FastRows(ws, COLUMNS);
    ws.addRow(['pending']);
    expect(() => rows.write(['next'])).toThrow(/uncommitted/);
  });
});

// src/review/sheet-xml.ts must make of a worksheet exactly what exceljs's streaming reader
// made of it (the values decisions has always checked), quirks included: each case is read
// by both and compared value by value.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { attr, parseSharedStrings, parseSheetRows, parseWorkbookSheets, type SharedString } from '../src/review/sheet-xml.js';

// As review-sheet.ts did while it read through exceljs: entities decoded once, by the SAX parser.
const utils = createRequire(import.meta.url)('exceljs/lib/utils/utils.js') as { xmlDecode(s: string): string };
utils.xmlDecode = (s: string) => s;

interface Internals {
  sharedStrings?: unknown[];
  _parseSharedStrings(entry: unknown): AsyncGenerator<unknown>;
  _parseWorksheet(entry: unknown, id: string): Generator<{ value: AsyncIterable<{ number: number; values: unknown[] }> }>;
}

async function viaExceljs(sheet: string, sst?: string): Promise<Array<{ number: number; values: unknown[] }>> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader('unused.xlsx', { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' }) as unknown as Internals;
  if (sst !== undefined) for await (const _ of reader._parseSharedStrings(Readable.from([sst]))) void _;
  const ws = reader._parseWorksheet([sheet], '1').next().value!.value;
  const rows: Array<{ number: number; values: unknown[] }> = [];
  // Rich text: the texts are what a cell shows (cellText); the runs' fonts are not read.
  const plain = (v: unknown) =>
    v && typeof v === 'object' && 'richText' in v ? { richText: (v as { richText: Array<{ text: unknown }> }).richText.map((r) => ({ text: r.text })) } : v;
  for await (const row of ws) rows.push({ number: row.number, values: [...row.values].map(plain) });
  return rows;
}

async function viaScanner(sheet: string, sst?: string, chunk = 0): Promise<Array<{ number: number; values: unknown[] }>> {
  const table: SharedString[] | undefined = sst === undefined ? undefined : await parseSharedStrings(sst);
  const rows: Array<{ number: number; values: unknown[] }> = [];
  const input =
    chunk > 0
      ? (async function* () {
          for (let i = 0; i < sheet.length; i += chunk) yield sheet.slice(i, i + chunk);
        })()
      : sheet;
  await parseSheetRows(input, table, (r) => rows.push({ number: r.number, values: [...r.values] }));
  return rows;
}

const ws = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="1" max="2" width="9"/></cols><sheetData>${rows}</sheetData></worksheet>`;

const CASES: Record<string, { sheet: string; sst?: string }> = {
  'inline strings, entities, character references, CDATA, comments': {
    sheet: ws(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Key</t></is></c><c r="B1" t="inlineStr"><is><t xml:space="preserve"> tom&amp;jerry &lt;b&gt; &#233;&#x263A; </t></is></c></row>' +
        '<!-- a comment --><row r="2"><c r="A2" t="inlineStr"><is><t>a<![CDATA[hidden]]>b</t></is></c><c r="C2" t="inlineStr"><is><r><t>first</t></r><r><rPr><b/></rPr><t>second</t></r></is></c></row>',
    ),
  },
  'pretty-printed XML (text after a cell part is appended to it), CRLF line ends': {
    sheet: ws('\r\n  <row r="1">\r\n    <c r="A1" t="inlineStr">\r\n      <is>\r\n        <t>x</t>\r\n      </is>\r\n    </c>\r\n    <c r="B1"><v>7</v>\r\n</c>\r\n  </row>\r\n'),
  },
  'numbers, booleans, errors, str, dates as numbers, empty values': {
    sheet: ws(
      '<row r="3"><c r="A3"><v>1.5</v></c><c r="B3" t="b"><v>1</v></c><c r="C3" t="b"><v>0</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="E3" t="str"><v>text</v></c>' +
        '<c r="F3" s="4"><v>46300</v></c><c r="G3" t="d"><v>2026-10-02T00:00:00Z</v></c><c r="H3"/><c r="I3" t="s"><v></v></c><c r="J3"><v>abc</v></c></row><row r="4"/>',
    ),
  },
  'formulas: with and without results, falsy results, shared formulas': {
    sheet: ws(
      '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2" t="str"><f>"=A"&amp;"B"</f><v>=AB</v></c><c r="C2"><f>0*1</f><v>0</v></c><c r="D2" t="str"><f>""</f><v></v></c>' +
        '<c r="E2"><f>SUM(A1)</f></c><c r="F2"><f t="shared" ref="F2:F3" si="0">A2</f><v>3</v></c></row><row r="3"><c r="F3"><f t="shared" si="0"/><v>4</v></c></row>',
    ),
  },
  'shared strings: plain, rich text, phonetic runs, empty, out of range': {
    sheet: ws('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>9</v></c></row>'),
    sst: '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>Keep</t></si><si><r><t>Re</t></r><r><rPr><b/></rPr><t>voke</t></r></si><si><t>漢字</t><rPh sb="0" eb="1"><t>かんじ</t></rPh></si><si><t/></si></sst>',
  },
  'cells out of order, repeated; prefixed elements ignored': {
    sheet:
      '<worksheet><sheetData><row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c><x:c r="B1"><x:v>5</x:v></x:c></row></sheetData></worksheet>',
  },
};

describe('worksheet values, as exceljs read them', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      const expected = await viaExceljs(c.sheet, c.sst);
      expect(expected.length).toBeGreaterThan(0);
      expect(await viaScanner(c.sheet, c.sst)).toEqual(expected);
      // The same in chunks of any size (a tag, an entity or a character split across them).
      for (const n of [1, 2, 3, 7, 64]) expect(await viaScanner(c.sheet, c.sst, n)).toEqual(expected);
    });
  }
});

describe('long parts in chunks', () => {
  it('a cell of megabytes of text, with entities and CRLFs across chunk ends, reads whole', async () => {
    const text = 'ab&amp;c\r\nd'.repeat(300_000);
    const sheet = ws(`<row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row>`);
    const rows = await viaScanner(sheet, undefined, 65_536 + 3);
    expect(rows[0]!.values[1]).toBe('ab&c\nd'.repeat(300_000));
  });
});

describe('the XML the scanner refuses', () => {
  it('an undefined entity, a DOCTYPE, a document cut inside a tag', async () => {
    await expect(viaScanner(ws('<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>'))).rejects.toThrow(/undefined entity/);
    await expect(viaScanner('<!DOCTYPE x [<!ENTITY a "b">]><worksheet/>')).rejects.toThrow(/DOCTYPE/);
    await expect(viaScanner('<worksheet><sheetData><row r="1"><c r="A1"')).rejects.toThrow(/ends inside a tag/);
  });
});

describe('workbook parts', () => {
  it('sheet names and relationship ids, whatever a name holds', async () => {
    const xml = '<workbook><sheets><sheet name="a r:id=&quot;rId9&quot; &amp; b" sheetId="1" r:id="rId1"/><sheet name=\'Review (2)\' sheetId="2" r:id="rId2"></sheet></sheets><sheet name="outside" r:id="rId3"/></workbook>';
    expect(await parseWorkbookSheets(xml)).toEqual([
      { name: 'a r:id="rId9" & b', rId: 'rId1' },
      { name: 'Review (2)', rId: 'rId2' },
    ]);
    expect(attr(' xr:r="B" r = "C"', 'r')).toBe('C');
    expect(attr(' t="x r=1" r="A1"', 'r')).toBe('A1');
  });
});

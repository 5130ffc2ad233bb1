// Data rows written straight into an exceljs streaming worksheet as sheet XML.
//
// exceljs builds a Row, a Cell per value, a model per cell and an XmlStream for every row
// it commits: ~20–30 µs a row, which made the workbook the slowest phase at 100k users
// (a Review sheet of half a million rows). The bytes of a data row are simple and fixed —
// `<row r spans x14ac:dyDescent><c r s t><v>…</v></c>…</row>` — so this module writes them
// itself, with the same style ids (asked of exceljs's own style registry, the same way
// and in the same order exceljs asks), the same escaping (exceljs's xmlEncode) and the
// same number and date encoding. The result is byte-identical to `addRow` + `commit`
// (test/report-fast-rows.test.ts compares the two), several times faster.
//
// It relies on internals of exceljs 4.4.0 (pinned exactly): WorksheetWriter's `_rows`,
// `_rowZero`, `startedData`, `_writeColumns`, `_writeOpenSheetData`, `stream`, and
// `_workbook.styles.addStyleModel`; `lib/utils/utils.js` (xmlEncode, dateToExcel) and
// `lib/utils/col-cache.js` (n2l). The constructor checks they are there, so an upgrade
// that moves them fails loudly instead of writing a broken sheet.
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

import { neutralise, needsNeutralising } from './neutralise.js';
import type { CellValue } from './values.js';

const require = createRequire(import.meta.url);

type Style = Partial<ExcelJS.Style> & { quotePrefix?: boolean };

/** exceljs's ValueType numbers for the cell types a data row holds (lib/doc/enums.js). */
const VT = { Null: 0, Number: 2, String: 3, Date: 4, Boolean: 9 } as const;
type ValueTypeId = (typeof VT)[keyof typeof VT];

interface Styles {
  addStyleModel(model: Style, cellType?: number): number;
}
interface WriterInternals {
  _rows: unknown[] | null;
  _rowZero: number;
  startedData: boolean;
  _writeColumns(): void;
  _writeOpenSheetData(): void;
  stream: { write(xml: string): unknown };
  _workbook: { styles: Styles };
}
interface ExcelUtils {
  xmlEncode(text: string): string;
  dateToExcel(d: Date, date1904?: boolean): number;
}

const utils = require('exceljs/lib/utils/utils.js') as ExcelUtils;
const colCache = require('exceljs/lib/utils/col-cache.js') as { n2l(n: number): string };

/** Text that needs more than copying: characters to drop or escape, or a formula-like start. */
const SPECIAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F<>&'"\uFFFE\uFFFF\uD800-\uDFFF]|^[=+\-@\t\r]/;
const FLUSH_AT = 1 << 16;

/** Excel's limit on the characters of one cell; longer text makes Excel "repair" the file. */
export const EXCEL_MAX_CELL_CHARS = 32_767;
const TRUNCATED = ' …[truncated: the full value is in findings.json]';

/** Characters XML 1.0 cannot hold, so no sheet can; exceljs drops them as it writes. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const XML_INVALID_ALL = new RegExp(XML_INVALID.source, 'g');
/**
 * Non-characters and lone surrogates XML 1.0 cannot hold either (one U+FFFE makes the whole
 * sheet invalid: openpyxl refuses the file, LibreOffice drops the rest of the sheet): shown as
 * U+FFFD, the replacement character, so the reader sees that something was there.
 */
const XML_NONCHAR = /[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_NONCHAR = /[\uFFFE\uFFFF\uD800-\uDFFF]/;

/**
 * A string as a cell will hold it: without the characters a sheet cannot hold, cut to
 * Excel's limit. Whether it needs neutralising is decided on this text, so a control
 * character in front of "=HYPERLINK(…)" does not slip the formula past the defence.
 */
export function fitCell(value: string): string {
  if (XML_INVALID.test(value)) value = value.replace(XML_INVALID_ALL, '');
  if (HAS_NONCHAR.test(value)) value = value.replace(XML_NONCHAR, '\uFFFD');
  return value.length > EXCEL_MAX_CELL_CHARS - 1 ? value.slice(0, EXCEL_MAX_CELL_CHARS - 1 - TRUNCATED.length) + TRUNCATED : value;
}

/** The styles of one column: its plain (column) style and the quotePrefix variant for neutralised text. */
export interface FastColumn {
  plain: Style;
  quoted: Style;
}

function internalsOf(ws: ExcelJS.Worksheet): WriterInternals {
  const w = ws as unknown as WriterInternals;
  const ok =
    Array.isArray(w._rows) &&
    typeof w._rowZero === 'number' &&
    typeof w._writeColumns === 'function' &&
    typeof w._writeOpenSheetData === 'function' &&
    typeof w.stream?.write === 'function' &&
    typeof w._workbook?.styles?.addStyleModel === 'function' &&
    typeof utils.xmlEncode === 'function' &&
    typeof utils.dateToExcel === 'function' &&
    typeof colCache.n2l === 'function';
  if (!ok) throw new Error('exceljs internals changed: cannot write rows directly (see src/report/xlsx-fast-rows.ts)');
  return w;
}

export class FastRows {
  private readonly w: WriterInternals;
  private readonly styles: Styles;
  private readonly letters: string[];
  /** Style id of a column's own (merged) style, per cell type: exceljs copies the column style into each cell. */
  private readonly columnIds: Array<Map<ValueTypeId, number>>;
  private rowStyleId: number | undefined;
  /** Rows rendered but not yet handed to the sheet's stream: one write per ~64 KiB, not per row. */
  private pending = '';
  /** The row number exceljs will give next, as this writer left it (to catch an unflushed interleave). */
  private expectedNext = -1;

  constructor(
    ws: ExcelJS.Worksheet,
    private readonly columns: FastColumn[],
  ) {
    this.w = internalsOf(ws);
    this.styles = this.w._workbook.styles;
    this.letters = columns.map((_, i) => colCache.n2l(i + 1));
    this.columnIds = columns.map(() => new Map());
  }

  /**
   * Write one row: values in column order, an optional style per cell replacing the
   * column's. Strings are cut to Excel's cell limit and neutralised, as `put` in
   * workbook.ts does for exceljs rows.
   */
  write(values: readonly CellValue[], cellStyle?: (i: number) => Style | undefined): void {
    const w = this.w;
    if (!w._rows || w._rows.length !== 0) throw new Error('FastRows: the sheet has uncommitted or closed rows');
    if (this.pending && w._rowZero !== this.expectedNext) throw new Error('FastRows: rows were added to the sheet before flush()');
    if (!w.startedData) {
      w._writeColumns();
      w._writeOpenSheetData();
      w.startedData = true;
    }
    const r = w._rowZero;
    // exceljs prepares the row's own (empty) style before its cells.
    if (this.rowStyleId === undefined) this.rowStyleId = this.styles.addStyleModel({}, undefined);
    let cells = '';
    let min = 0;
    let max = 0;
    let hasValues = false;
    for (let i = 0; i < this.columns.length; i++) {
      const v = values[i] ?? null;
      const override = cellStyle?.(i);
      if (v === null && !override) continue;
      let type: ValueTypeId;
      let style: Style | null;
      /** A string's cell text, XML-escaped. */
      let text = '';
      if (typeof v === 'string' && !override && !SPECIAL.test(v) && v.length < EXCEL_MAX_CELL_CHARS) {
        // The common case: nothing to drop, escape or neutralise; one test instead of three.
        type = VT.String;
        style = null;
        text = v;
      } else if (typeof v === 'string') {
        type = VT.String;
        const fitted = fitCell(v);
        const quote = needsNeutralising(fitted);
        if (override) {
          style = quote ? { ...override, quotePrefix: true } : override;
        } else if (quote || v.length >= EXCEL_MAX_CELL_CHARS) {
          style = quote ? this.columns[i]!.quoted : this.columns[i]!.plain;
        } else {
          style = null;
        }
        text = utils.xmlEncode(quote ? neutralise(fitted) : fitted);
      } else {
        type = v === null ? VT.Null : typeof v === 'number' ? VT.Number : typeof v === 'boolean' ? VT.Boolean : VT.Date;
        style = override ?? null;
      }
      const sid = style ? this.styles.addStyleModel(style, type) : this.columnStyleId(i, type);
      const address = this.letters[i]! + r;
      let xml = `<c r="${address}"`;
      if (sid) xml += ` s="${sid}"`;
      switch (type) {
        case VT.Null:
          if (!sid) continue;
          xml += '/>';
          break;
        case VT.String:
          xml += ` t="str"><v>${text}</v></c>`;
          break;
        case VT.Number:
          xml += `><v>${utils.xmlEncode(String(v))}</v></c>`;
          break;
        case VT.Boolean:
          xml += ` t="b"><v>${v ? '1' : '0'}</v></c>`;
          break;
        case VT.Date:
          xml += `><v>${utils.xmlEncode(String(utils.dateToExcel(v as Date)))}</v></c>`;
          break;
      }
      if (type !== VT.Null) hasValues = true;
      if (!min) min = i + 1;
      max = i + 1;
      cells += xml;
    }
    w._rowZero = this.expectedNext = r + 1;
    // exceljs skips a row without a value (and without a height, which data rows never have).
    if (!hasValues) return;
    let row = `<row r="${r}" spans="${min}:${max}"`;
    if (this.rowStyleId) row += ` s="${this.rowStyleId}" customFormat="1"`;
    this.pending += `${row} x14ac:dyDescent="0.25">${cells}</row>`;
    if (this.pending.length >= FLUSH_AT) this.flush();
  }

  /** Hand the rendered rows to the sheet. Call before anything else writes to it (exceljs rows, commit). */
  flush(): void {
    if (!this.pending) return;
    if (this.w._rowZero !== this.expectedNext) throw new Error('FastRows: rows were added to the sheet before flush()');
    this.w.stream.write(this.pending);
    this.pending = '';
  }

  private columnStyleId(i: number, type: ValueTypeId): number {
    const ids = this.columnIds[i]!;
    let id = ids.get(type);
    if (id === undefined) {
      // A fresh copy, as exceljs merges the column style into each new cell: the registry
      // caches by object identity and ignores the cell type on a hit, so the shared column
      // object itself would get the id of whatever type first used it.
      const plain = this.columns[i]!.plain;
      const copy: Style = {};
      for (const k of ['numFmt', 'font', 'alignment', 'border', 'fill', 'protection'] as const) {
        if (plain[k]) (copy as Record<string, unknown>)[k] = plain[k];
      }
      id = this.styles.addStyleModel(copy, type);
      ids.set(type, id);
    }
    return id;
  }
}

// access-review.xlsx: the workbook reviewers and finance work in.
//
//   Summary   — as-of, parameters in force, findings per rule and severity, what was not
//               evaluated and why, data warnings, how to use the workbook.
//   <tables>  — the platform's report tables (Domino: Licenses, the true-up view).
//   <rule>    — one sheet per rule, its evidence as typed columns.
//   Review    — one row per entitlement under review, Decision dropdown and Comment
//               (contract: docs/ARCHITECTURE.md).
//   Evidence  — input files with SHA-256 and row counts, tool version, config in force.
//
// Written with exceljs's streaming writer only: rows come from DuckDB in chunks
// (Db.stream) or from the in-memory findings, and each row is committed as it is written,
// so memory stays flat whatever the row count. A table longer than Excel's sheet limit
// continues on "<name> (2)", "<name> (3)", … with the same heading and header row.
// Every string cell goes through neutralise() (formula-injection defence).
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';

import { loadQuery } from '../db.js';
import { SEVERITIES, type Severity } from '../model.js';
import { neutralise, needsNeutralising } from './neutralise.js';
import { fixedDateWorkbookWriter } from './xlsx-fixed-dates.js';
import { summarise, type RuleSummary, type Summary } from './summary.js';
import { unevaluatedColumns } from './tables.js';
import type { ColumnSpec, ColumnType, InputFileRecord, OutputFile, ReportContext, ReportTableSpec } from './types.js';
import { currencyCode, findingColumns, prettyInstant, typed, type CellValue, type FindingColumn } from './values.js';
import { FastRows, fitCell } from './xlsx-fast-rows.js';
import { fitWidth, formattedLength, reportTableWidths, valuesWidth } from './fit-widths.js';
import { installQuotePrefixSupport } from './xlsx-quote-prefix.js';
import { populationSheetRows } from './population-section.js';
import { ALL_REVIEWERS, DECISION_COLUMN, REVIEW_FROZEN_COLUMNS, REVIEW_LAYOUT, SIGN_OFF_LABELS, SIGN_OFF_SHEET } from './review-layout.js';
import { columnLetters } from '../review/review-sheet.js';
import { auditId } from '../review/audit-id.js';
import { writeChangesSection } from './changes-section.js';
import { countUnassigned, loadChanges } from './changes-data.js';
import type { ReviewChanges } from '../review/changes.js';

/** Rows per worksheet in Excel (and LibreOffice Calc since 7.4; older Calc stops sooner). */
export const EXCEL_MAX_ROWS = 1_048_576;

export interface WorkbookOptions {
  /** Rows per sheet before a table continues on the next sheet (tests lower it). */
  maxRowsPerSheet?: number;
}

/** Header of the Review sheet, row 1 (contract with the `decisions` command; layout: review-layout.ts). */
export const REVIEW_HEADER: readonly string[] = REVIEW_LAYOUT.map((c) => c.header);
export const REVIEW_DECISIONS = ['Keep', 'Revoke', 'Modify'] as const;

// ---------------------------------------------------------------------------------------
// Styles. exceljs caches a style by object identity, so each is built once and shared.

type Style = Partial<ExcelJS.Style> & { quotePrefix?: boolean };

const INK = 'FF1E293B';
const MUTED = 'FF64748B';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF334155' } };
const thin = { style: 'thin' as const, color: { argb: 'FFCBD5E1' } };

const SEVERITY_STYLE: Record<Severity, Style> = {
  critical: { font: { bold: true, color: { argb: 'FFFFFFFF' } }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF991B1B' } } },
  high: { font: { bold: true, color: { argb: 'FF991B1B' } }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFECACA' } } },
  medium: { font: { color: { argb: 'FF92400E' } }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFEF3C7' } } },
  low: { font: { color: { argb: 'FF1E40AF' } }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDBEAFE' } } },
  info: { font: { color: { argb: 'FF334155' } }, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF1F5F9' } } },
};

const S = {
  title: { font: { bold: true, size: 16, color: { argb: INK } } } as Style,
  subtitle: { font: { italic: true, color: { argb: MUTED } } } as Style,
  heading: { font: { bold: true, size: 12, color: { argb: 'FF0F172A' } }, border: { bottom: { style: 'medium', color: { argb: 'FF334155' } } } } as Style,
  paragraph: { alignment: { wrapText: true, vertical: 'top' } } as Style,
  warn: { font: { bold: true, color: { argb: 'FF991B1B' } }, alignment: { wrapText: true, vertical: 'top' } } as Style,
  warnInline: { font: { bold: true, color: { argb: 'FF991B1B' } } } as Style,
  header: {
    font: { bold: true, color: { argb: 'FFFFFFFF' } },
    fill: HEADER_FILL,
    alignment: { wrapText: true, vertical: 'middle' },
    border: { bottom: thin },
  } as Style,
  label: { font: { bold: true, color: { argb: INK } } } as Style,
  input: {
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFBEB' } },
    border: { left: thin, right: thin, bottom: thin },
    protection: { locked: false },
  } as Style,
  total: { font: { bold: true }, border: { top: { style: 'thin', color: { argb: 'FF334155' } } } } as Style,
};

function numFmt(type: ColumnType, currency: string): string | undefined {
  switch (type) {
    case 'integer':
      return '#,##0';
    case 'number':
      return '#,##0.00';
    case 'money': {
      const code = currencyCode(currency);
      return code ? `#,##0.00 "${code}";-#,##0.00 "${code}"` : '#,##0.00';
    }
    case 'date':
      return 'yyyy-mm-dd';
    case 'datetime':
      return 'yyyy-mm-dd hh:mm';
    case 'boolean':
      // Excel shows booleans as TRUE/FALSE whatever the format; LibreOffice applies it.
      return '"Yes";"Yes";"No"';
    default:
      return undefined;
  }
}

/** Per-column styles: plain, text with quotePrefix, and the bold total-row variants. */
interface ColumnStyles {
  plain: Style;
  quoted: Style;
  total: Style;
  totalQuoted: Style;
}
const styleCache = new Map<string, ColumnStyles>();
function columnStyles(type: ColumnType, currency: string, extra?: Style): ColumnStyles {
  const key = `${type}|${currency}|${extra ? JSON.stringify(extra) : ''}`;
  let s = styleCache.get(key);
  if (!s) {
    const fmt = numFmt(type, currency);
    const plain: Style = { ...(extra ?? {}), ...(fmt ? { numFmt: fmt } : {}) };
    const total: Style = { ...plain, ...S.total };
    s = { plain, quoted: { ...plain, quotePrefix: true }, total, totalQuoted: { ...total, quotePrefix: true } };
    styleCache.set(key, s);
  }
  return s;
}

// ---------------------------------------------------------------------------------------
// Sheet names: at most 31 characters, none of []:*?/\, unique without regard to case.

const usedNames = new WeakMap<object, Set<string>>();
function sheetName(wb: object, base: string): string {
  let used = usedNames.get(wb);
  if (!used) usedNames.set(wb, (used = new Set()));
  const clean = base.replace(/[[\]:*?/\\]/g, '-').replace(/^'+|'+$/g, '').trim() || 'Sheet';
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : ` (${n})`;
    const name = clean.slice(0, 31 - suffix.length) + suffix;
    if (!used.has(name.toLowerCase())) {
      used.add(name.toLowerCase());
      return name;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Writing cells. Every string is neutralised here, and nowhere else needs to care.

type Ws = ExcelJS.Worksheet;

function put(cell: ExcelJS.Cell, value: CellValue, style?: Style, quotedStyle?: Style): void {
  if (typeof value === 'string') {
    value = fitCell(value);
    if (needsNeutralising(value)) {
      cell.value = neutralise(value);
      cell.style = (quotedStyle ?? { ...(style ?? {}), quotePrefix: true }) as ExcelJS.Style;
      return;
    }
    cell.value = value;
  } else {
    cell.value = value;
  }
  if (style) cell.style = style as ExcelJS.Style;
}

/** Write one row of plain values (optionally one shared style) and commit it. */
function line(ws: Ws, values: CellValue[], style?: Style, height?: number): void {
  const row = ws.addRow([]);
  values.forEach((v, i) => put(row.getCell(i + 1), v, style));
  if (height) row.height = height;
  row.commit();
}

/** A paragraph of text across the first columns of the sheet, wrapped, with a fitting height. */
function paragraph(ws: Ws, text: string, widths: number[], style: Style = S.paragraph): void {
  let span = 0;
  let chars = 0;
  while (span < widths.length && chars < 110) chars += widths[span++]!;
  span = Math.max(span, 1);
  const row = ws.addRow([]);
  put(row.getCell(1), text, style);
  // A column width unit is the width of a digit; running text fits ~1.2 characters a unit,
  // bold text ~1.
  const perUnit = style.font?.bold ? 1.0 : 1.2;
  const lines = Math.max(1, Math.ceil(text.length / (Math.max(chars, 20) * perUnit)));
  row.height = Math.min(409, 15 * lines + 2);
  if (span > 1) ws.mergeCells(row.number, 1, row.number, span);
  row.commit();
}

function headerRow(ws: Ws, headers: string[], widths: number[]): void {
  const row = ws.addRow([]);
  headers.forEach((h, i) => put(row.getCell(i + 1), h, S.header));
  // Headers wrap (bold, so ~1 character a width unit): as tall as the longest needs.
  const lines = Math.max(1, ...headers.map((h, i) => Math.ceil(h.length / Math.max(4, (widths[i] ?? 10) - 1))));
  row.height = Math.min(4, Math.max(2, lines)) * 15 + 2;
  row.commit();
}

interface TableSheetSetup {
  base: string;
  title: string;
  /** Paragraphs under the title (rationale, remediation, …). */
  lines: Array<{ text: string; style?: Style }>;
  columns: Array<{ header: string; width: number; styles: ColumnStyles }>;
  tabColor?: string;
  /** Extra per-sheet work once its rows are written (e.g. a data validation). */
  finish?: (ws: Ws, firstDataRow: number, lastDataRow: number) => void;
  /** Row 1 is the header (no title/lines): the Review sheet's contract. */
  headerOnly?: boolean;
  /** Columns frozen on the left (default none). */
  xSplit?: number;
}

/** A table that continues on a new sheet when it reaches the row limit. */
export class SplitTable {
  private ws!: Ws;
  private fast!: FastRows;
  private headerRowNo = 0;
  private rowsHere = 0;
  rows = 0;
  sheets: string[] = [];

  constructor(
    private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly setup: TableSheetSetup,
    private readonly maxRows: number,
  ) {
    this.open();
  }

  private open(): void {
    const { setup } = this;
    const name = sheetName(this.wb, setup.base);
    this.sheets.push(name);
    const preamble = setup.headerOnly ? 0 : 1 + setup.lines.length + 1;
    this.headerRowNo = preamble + 1;
    const ws = this.wb.addWorksheet(name, {
      views: [{ state: 'frozen', xSplit: setup.xSplit ?? 0, ySplit: this.headerRowNo, activeCell: `${columnLetters((setup.xSplit ?? 0) + 1)}${this.headerRowNo + 1}`, showGridLines: true }],
      properties: setup.tabColor ? { tabColor: { argb: setup.tabColor } } : {},
      pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9, printTitlesRow: `${this.headerRowNo}:${this.headerRowNo}` },
    } as Partial<ExcelJS.AddWorksheetOptions>);
    ws.columns = setup.columns.map((c) => ({ width: c.width, style: c.styles.plain as ExcelJS.Style }));
    if (!setup.headerOnly) {
      const widths = setup.columns.map((c) => c.width);
      const more = this.sheets.length > 1 ? ` (continued, part ${this.sheets.length})` : '';
      line(ws, [setup.title + more], S.title, 24);
      for (const l of setup.lines) paragraph(ws, l.text, widths, l.style);
      line(ws, []);
    }
    headerRow(ws, setup.columns.map((c) => c.header), setup.columns.map((c) => c.width));
    this.ws = ws;
    this.fast = new FastRows(ws, setup.columns.map((c) => c.styles));
    this.rowsHere = 0;
  }

  private close(): void {
    this.fast.flush();
    const first = this.headerRowNo + 1;
    const last = this.headerRowNo + this.rowsHere;
    const ncol = this.setup.columns.length;
    this.ws.autoFilter = { from: { row: this.headerRowNo, column: 1 }, to: { row: Math.max(last, this.headerRowNo), column: ncol } };
    this.setup.finish?.(this.ws, first, last);
    this.ws.commit();
  }

  /** Add a data row: values in column order; per-cell style overrides optional. */
  add(values: CellValue[], opts: { total?: boolean; cellStyle?: (i: number) => Style | undefined; height?: number } = {}): void {
    if (this.headerRowNo + this.rowsHere >= this.maxRows) {
      this.close();
      this.open();
    }
    if (opts.total || opts.height) {
      // Once per table (a total), or a row that needs its height (wrapped notes): the
      // ordinary exceljs path, a total bold and bordered.
      this.fast.flush();
      const row = this.ws.addRow([]);
      this.setup.columns.forEach((c, i) =>
        put(row.getCell(i + 1), values[i] ?? null, opts.total ? c.styles.total : c.styles.plain, opts.total ? c.styles.totalQuoted : c.styles.quoted),
      );
      if (opts.height) row.height = opts.height;
      row.commit();
    } else {
      this.fast.write(values, opts.cellStyle);
    }
    this.rowsHere++;
    this.rows++;
  }

  end(): void {
    this.close();
  }
}

// ---------------------------------------------------------------------------------------

const ruleTab = (r: RuleSummary): string | undefined => {
  if (!r.evaluated) return 'FF94A3B8';
  if (r.bySeverity.critical + r.bySeverity.high > 0) return 'FFDC2626';
  if (r.bySeverity.medium > 0) return 'FFF59E0B';
  if (r.total > 0) return 'FF3B82F6';
  return 'FF16A34A';
};

function writeSummary(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  ctx: ReportContext,
  sum: Summary,
  sheets: Array<{ name: string; what: string }>,
  top: { changes: ReviewChanges | null; unassigned: number } = { changes: null, unassigned: 0 },
): void {
  const ws = wb.addWorksheet(sheetName(wb, 'Summary'), {
    views: [{ state: 'normal', showGridLines: false }],
    properties: { tabColor: { argb: 'FF334155' } },
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  } as Partial<ExcelJS.AddWorksheetOptions>);
  const widths = [34, 52, 11, 11, 11, 11, 11, 11, 11, 11, 11];
  ws.columns = widths.map((width) => ({ width }));
  const doc = ctx.doc;
  line(ws, [`Access review — ${sum.platformName}`], S.title, 26);
  line(ws, [`As of ${doc.as_of} · ${doc.tool.name} ${doc.tool.version} · findings: ${sum.totals.total} (${sum.totals.open} open, ${sum.totals.excepted} excepted)`], S.subtitle);
  line(ws, []);

  const heading = (text: string): void => {
    line(ws, []);
    const row = ws.addRow([]);
    for (let i = 1; i <= widths.length; i++) row.getCell(i).style = S.heading as ExcelJS.Style;
    put(row.getCell(1), text, S.heading);
    row.height = 20;
    row.commit();
  };

  // What changed since the last review comes first (README: the workbook opens with it).
  const kit = { heading, line: (v: CellValue[], st?: Style, h?: number) => line(ws, v, st, h), headerStyle: S.header, warnStyle: S.warn };
  if (top.changes) writeChangesSection(kit, top.changes, top.unassigned);
  else if (top.unassigned > 0) writeChangesSection(kit, null, top.unassigned);

  heading('Findings by rule and severity');
  const sevHeaders = SEVERITIES.map((s) => s[0]!.toUpperCase() + s.slice(1));
  line(ws, ['Rule (sheet)', 'What it finds', ...sevHeaders, 'Total', 'Open', 'Excepted'], S.header, 30);
  for (const r of sum.rules) {
    const row = ws.addRow([]);
    put(row.getCell(1), r.id, S.label);
    put(row.getCell(2), r.evaluated ? r.title : `NOT EVALUATED — ${r.title}`, r.evaluated ? undefined : S.warnInline);
    SEVERITIES.forEach((s, i) => {
      const n = r.bySeverity[s];
      const cell = row.getCell(3 + i);
      if (!r.evaluated) return;
      cell.value = n;
      if (n > 0) cell.style = SEVERITY_STYLE[s] as ExcelJS.Style;
    });
    if (r.evaluated) {
      row.getCell(8).value = r.total;
      row.getCell(9).value = r.open;
      row.getCell(10).value = r.excepted;
    }
    row.commit();
  }
  {
    const row = ws.addRow([]);
    put(row.getCell(1), 'All rules', S.total);
    row.getCell(2).style = S.total as ExcelJS.Style;
    SEVERITIES.forEach((s, i) => put(row.getCell(3 + i), sum.totals[s], S.total));
    put(row.getCell(8), sum.totals.total, S.total);
    put(row.getCell(9), sum.totals.open, S.total);
    put(row.getCell(10), sum.totals.excepted, S.total);
    row.commit();
  }

  heading('Not evaluated, and caveats');
  const notEvaluated = sum.rules.filter((r) => !r.evaluated);
  if (notEvaluated.length === 0 && sum.caveats.length === 0) {
    line(ws, ['Every rule was evaluated; the data covers the whole activity window.']);
  } else {
    for (const r of notEvaluated) {
      const row = ws.addRow([]);
      put(row.getCell(1), `${r.id}: not evaluated`, S.warn);
      put(row.getCell(2), `${r.reason ?? 'no reason given'}. Absence of findings here does not mean absence of risk.`, S.paragraph);
      row.height = 30;
      row.commit();
    }
    for (const c of sum.caveats.filter((c) => !notEvaluated.some((r) => c.startsWith(`${r.id} was not evaluated`)))) {
      paragraph(ws, c, widths);
    }
  }

  heading('Parameters in force');
  for (const p of sum.parameters) {
    const row = ws.addRow([]);
    put(row.getCell(1), p.name, S.label);
    put(row.getCell(2), p.value);
    row.commit();
  }

  heading('Data warnings');
  if (doc.warnings.length === 0) {
    line(ws, ['None: the bundle read cleanly.']);
  } else {
    line(ws, ['File', 'Warning', 'Count', 'Examples'], S.header, 20);
    for (const w of doc.warnings) {
      const row = ws.addRow([]);
      const text = `${w.message} (${w.kind})`;
      put(row.getCell(1), w.file, { alignment: { vertical: 'top' } });
      put(row.getCell(2), text, S.paragraph);
      put(row.getCell(3), w.count, { alignment: { vertical: 'top' } });
      put(row.getCell(4), w.examples.join('; '), { alignment: { vertical: 'top' } });
      row.height = Math.min(120, 15 * Math.max(1, Math.ceil(text.length / 60)) + 2);
      row.commit();
    }
  }

  heading('Sheets in this workbook');
  for (const s of sheets) {
    const row = ws.addRow([]);
    put(row.getCell(1), s.name, S.label);
    put(row.getCell(2), s.what);
    row.commit();
  }
  ws.commit();
}

const WRAP: Style = { alignment: { wrapText: true, vertical: 'top' } };

async function writeReportTable(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  ctx: ReportContext,
  spec: ReportTableSpec,
  maxRows: number,
): Promise<{ sheets: string[]; rows: number }> {
  const currency = ctx.config.currency;
  const unknown = unevaluatedColumns(spec, ctx.doc.rules);
  // Numeric columns as wide as their widest value: no ### in any application.
  const widths = await reportTableWidths(ctx.db, loadQuery(spec.query).trim().replace(/;\s*$/, ''), spec.columns, currency);
  const table = new SplitTable(
    wb,
    {
      base: spec.title,
      title: spec.title,
      lines: [{ text: spec.description }, ...(unknown.note ? [{ text: unknown.note, style: S.warn }] : [])],
      // A note wraps inside its column instead of running across the sheet (and the page).
      columns: spec.columns.map((c) => ({ header: c.header, width: widths.get(c.key) ?? c.width ?? 14, styles: columnStyles(c.type, currency, c.key === 'note' ? WRAP : undefined) })),
      tabColor: 'FF0F766E',
    },
    maxRows,
  );
  // A wrapped note needs a row tall enough for its lines (no application sizes it on open).
  const noteAt = spec.columns.findIndex((c) => c.key === 'note');
  const noteWidth = noteAt >= 0 ? (widths.get('note') ?? spec.columns[noteAt]!.width ?? 14) : 0;
  const height = (v: CellValue[]): number | undefined => {
    const note = noteAt >= 0 ? v[noteAt] : null;
    if (typeof note !== 'string' || note.length <= noteWidth) return undefined;
    return Math.min(409, 15 * Math.ceil(note.length / Math.max(10, noteWidth - 2)) + 2);
  };
  // A total row is known only when the next row does not come: hold one row back.
  let pending: CellValue[] | null = null;
  for await (const chunk of ctx.db.stream(loadQuery(spec.query))) {
    for (const r of chunk) {
      if (pending) table.add(pending, { height: height(pending) });
      pending = spec.columns.map((c: ColumnSpec) => (unknown.columns.has(c.key) ? null : typed(r[c.key], c.type)));
    }
  }
  if (pending) table.add(pending, { total: spec.total_row === true, height: height(pending) });
  table.end();
  return { sheets: table.sheets, rows: table.rows };
}

async function writeRuleSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, ctx: ReportContext, r: RuleSummary, maxRows: number): Promise<{ sheets: string[]; rows: number }> {
  const currency = ctx.config.currency;
  const cols: FindingColumn[] = findingColumns(r.meta?.evidence_columns ?? [], r.findings);
  const meta = r.meta;
  const lines: TableSheetSetup['lines'] = [];
  if (!r.evaluated) lines.push({ text: `NOT EVALUATED: ${r.reason ?? 'no reason given'}. An empty sheet here does not mean there is no risk.`, style: S.warn });
  if (meta?.rationale) lines.push({ text: `Why it matters: ${meta.rationale}` });
  if (meta?.remediation) lines.push({ text: `What to do: ${meta.remediation}` });
  const facts = [
    r.evaluated ? `${r.total} finding(s): ${SEVERITIES.filter((s) => r.bySeverity[s] > 0).map((s) => `${r.bySeverity[s]} ${s}`).join(', ') || 'none'}; ${r.open} open, ${r.excepted} excepted.` : null,
    meta?.severity_logic ? `Severity: ${meta.severity_logic}.` : null,
    meta?.controls.length ? `Controls: ${meta.controls.join(', ')}.` : null,
  ].filter((x): x is string => x !== null);
  if (facts.length) lines.push({ text: facts.join(' ') });
  const sevCol = cols.findIndex((c) => c.severity);
  const table = new SplitTable(
    wb,
    {
      base: r.id,
      title: `${r.title} (${r.id})`,
      lines,
      columns: cols.map((c) => ({ header: c.header, width: valuesWidth(c.width ?? 14, c.type, r.findings.map((f) => c.get(f)), currency), styles: columnStyles(c.type, currency) })),
      tabColor: ruleTab(r),
    },
    maxRows,
  );
  let n = 0;
  for (const f of r.findings) {
    const values = cols.map((c) => typed(c.get(f), c.type));
    table.add(values, { cellStyle: (i) => (i === sevCol ? SEVERITY_STYLE[f.severity] : undefined) });
    // Let the zip stream drain now and then, so written rows do not pile up in memory.
    if (++n % 2000 === 0) await nextTurn();
  }
  table.end();
  return { sheets: table.sheets, rows: table.rows };
}

/**
 * The Review sheet(s) of a workbook or a packet: rows are the packed text rows of the Review
 * query (`columns` names their fields), laid out as REVIEW_LAYOUT says.
 */
export class ReviewSheetWriter {
  private readonly table: SplitTable;
  private readonly at: number[];

  constructor(wb: ExcelJS.stream.xlsx.WorkbookWriter, currency: string, columns: readonly string[], maxRows: number, source = 'the Review query') {
    const text = columnStyles('string', currency);
    const input = columnStyles('string', currency, S.input);
    const machine = columnStyles('string', currency, { font: { color: { argb: MUTED } } });
    const decision = columnLetters(DECISION_COLUMN);
    this.at = REVIEW_LAYOUT.map((c) => (c.key === null ? -1 : columns.indexOf(c.key)));
    const missing = REVIEW_LAYOUT.filter((c, i) => c.key !== null && this.at[i]! < 0).map((c) => c.key);
    if (missing.length) throw new Error(`${source} lacks the Review column(s) ${missing.join(', ')}`);
    this.table = new SplitTable(
      wb,
      {
        base: 'Review',
        title: 'Review',
        lines: [],
        headerOnly: true,
        xSplit: REVIEW_FROZEN_COLUMNS,
        columns: REVIEW_LAYOUT.map((c) => ({ header: c.header, width: c.width, styles: c.input ? input : c.machine ? machine : text })),
        tabColor: 'FF7C3AED',
        finish: (ws, first, last) => {
          (ws as Ws & { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${decision}${first}:${decision}${Math.max(last, first)}`, {
            type: 'list',
            allowBlank: true,
            formulae: [`"${REVIEW_DECISIONS.join(',')}"`],
            showInputMessage: true,
            promptTitle: 'Decision',
            prompt: 'Keep, Revoke or Modify. A Modify, and a Keep on a row with a critical or high finding, need a Comment.',
            showErrorMessage: true,
            errorStyle: 'stop',
            errorTitle: 'Decision',
            error: 'Choose Keep, Revoke or Modify.',
          });
        },
      },
      maxRows,
    );
  }

  add(r: readonly (string | null)[]): void {
    this.table.add(this.at.map((i) => (i < 0 ? null : (r[i] ?? null))));
  }

  end(): { sheets: string[]; rows: number } {
    this.table.end();
    return { sheets: this.table.sheets, rows: this.table.rows };
  }
}

async function writeReview(wb: ExcelJS.stream.xlsx.WorkbookWriter, ctx: ReportContext, maxRows: number): Promise<{ sheets: string[]; rows: number }> {
  // All text, and the longest sheet by far: read as packed text rows (Db.streamText).
  const query = await ctx.reviewQuery;
  const { columns, chunks } = await ctx.db.streamText(loadQuery(query));
  const sheet = new ReviewSheetWriter(wb, ctx.config.currency, columns, maxRows, query);
  for await (const chunk of chunks) for (const r of chunk) sheet.add(r);
  return sheet.end();
}

export interface SignOff {
  reviewer: string;
  auditId: string;
  asOf: string;
  rows: number;
}

/**
 * The Sign-off sheet (docs/spec/outputs.md): column A the labels, column B the values; the
 * reviewer fills `Signed by` and `Signed on`, the other rows are the tool's.
 */
export function writeSignOff(wb: ExcelJS.stream.xlsx.WorkbookWriter, s: SignOff): void {
  const ws = wb.addWorksheet(sheetName(wb, SIGN_OFF_SHEET), {
    views: [{ state: 'normal', showGridLines: false }],
    properties: { tabColor: { argb: 'FF16A34A' } },
    pageSetup: { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  } as Partial<ExcelJS.AddWorksheetOptions>);
  ws.columns = [{ width: 16 }, { width: 90 }];
  const L = SIGN_OFF_LABELS;
  const statement =
    s.reviewer === ALL_REVIEWERS
      ? 'I have reviewed every row of the Review sheet of this workbook and recorded a decision (Keep, Revoke or Modify) for each, with a Comment where one is required.'
      : `I, the reviewer named below, have reviewed every row of the Review sheet of this packet and recorded a decision (Keep, Revoke or Modify) for each, with a Comment where one is required.`;
  const rows: Array<[string, CellValue, boolean]> = [
    [L.statement, statement, false],
    [L.reviewer, s.reviewer, false],
    [L.audit_id, s.auditId, false],
    [L.as_of, s.asOf, false],
    [L.rows, s.rows, false],
    [L.signed_by, null, true],
    [L.signed_on, null, true],
  ];
  for (const [label, value, input] of rows) {
    const row = ws.addRow([]);
    put(row.getCell(1), label, S.label);
    if (input) row.getCell(2).style = { ...S.input, ...(label === L.signed_on ? { numFmt: 'yyyy-mm-dd' } : {}) } as ExcelJS.Style;
    else put(row.getCell(2), value, label === L.statement ? S.paragraph : { alignment: { horizontal: 'left' } });
    if (label === L.statement) row.height = 47;
    row.commit();
  }
  const note = ws.addRow([]);
  put(note.getCell(2), 'Fill the shaded cells: your name in Signed by, the date in Signed on (YYYY-MM-DD). Do not edit the other rows: the audit id ties this file to its audit.', S.subtitle);
  note.commit();
  ws.commit();
}

function flatten(v: unknown, prefix: string, out: Array<[string, CellValue]>): void {
  if (Array.isArray(v)) {
    // A list of plain values stays on one line, as JSON (exact: "" and spaces show).
    if (v.every((x) => x === null || typeof x !== 'object')) out.push([prefix, JSON.stringify(v)]);
    else v.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out));
  } else if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) out.push([prefix, '{}']);
    for (const [k, x] of entries) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.push([prefix, v === undefined ? null : (v as CellValue)]);
  }
}

function writeEvidence(wb: ExcelJS.stream.xlsx.WorkbookWriter, ctx: ReportContext, inputs: InputFileRecord[]): number {
  const ws = wb.addWorksheet(sheetName(wb, 'Evidence'), {
    views: [{ state: 'normal', showGridLines: false }],
    properties: { tabColor: { argb: 'FF64748B' } },
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  } as Partial<ExcelJS.AddWorksheetOptions>);
  const widths = [40, 11, 12, 11, 13, 70];
  ws.columns = [
    { width: 40 },
    { width: 11 },
    { width: 12 },
    { width: fitWidth(11, Math.max(0, ...inputs.map((f) => formattedLength(f.rows, 'integer', '')))), style: { numFmt: '#,##0' } },
    { width: fitWidth(13, Math.max(0, ...inputs.map((f) => formattedLength(f.bytes, 'integer', '')))), style: { numFmt: '#,##0' } },
    { width: 70, style: { font: { name: 'Consolas' } } },
  ] as Partial<ExcelJS.Column>[];
  const doc = ctx.doc;
  line(ws, ['Evidence of this run'], S.title, 26);
  paragraph(
    ws,
    'What was read and how. Recompute a SHA-256 (sha256sum, Get-FileHash) to prove an input is the one audited. ' +
      'The hashes of the outputs, this workbook included, are in manifest.json beside it.',
    widths,
    { ...S.subtitle, alignment: { wrapText: true, vertical: 'top' } },
  );
  line(ws, []);
  line(ws, ['Input file', 'Shape', 'Kind', 'Rows', 'Bytes', 'SHA-256'], S.header, 20);
  for (const f of inputs) line(ws, [f.file, f.shape, f.kind, f.rows, f.bytes, f.sha256]);
  if (inputs.length === 0) line(ws, ['(no input files recorded)']);
  writePopulation(ws, ctx, widths);
  line(ws, []);
  line(ws, ['Run', 'Value'], S.header, 20);
  const run: Array<[string, CellValue]> = [
    ['Tool', `${doc.tool.name} ${doc.tool.version}`],
    ['Platform', doc.platform],
    ['As-of date', doc.as_of],
    ['Evaluation instant', prettyInstant(doc.coverage.evaluation_instant)],
    ['Activity cutoff', prettyInstant(doc.coverage.cutoff)],
    ['Findings', doc.findings.length],
    ['Rules evaluated', doc.rules.filter((r) => r.evaluated).map((r) => r.id).join(', ')],
    ['Rules not evaluated', doc.rules.filter((r) => !r.evaluated).map((r) => r.id).join(', ') || 'none'],
  ];
  const left: Style = { alignment: { horizontal: 'left' } };
  for (const [k, v] of run) {
    const row = ws.addRow([]);
    put(row.getCell(1), k, S.label);
    put(row.getCell(2), v, left);
    row.commit();
  }
  line(ws, []);
  line(ws, ['Config in force (key)', 'Value'], S.header, 20);
  const cfg: Array<[string, CellValue]> = [];
  flatten(ctx.config, '', cfg);
  for (const [k, v] of cfg) {
    const row = ws.addRow([]);
    put(row.getCell(1), k);
    put(row.getCell(2), typeof v === 'boolean' ? String(v) : v, left);
    row.commit();
  }
  ws.commit();
  return inputs.length;
}

/** The population section (src/report/population-section.ts), under the input files. */
function writePopulation(ws: Ws, ctx: ReportContext, widths: number[]): void {
  const wrap: Style = { font: { name: 'Calibri' }, alignment: { wrapText: true, vertical: 'top' } };
  const top = (i: number): Style => (i === 3 || i === 4 ? { numFmt: '#,##0', alignment: { vertical: 'top' } } : { alignment: { vertical: 'top' } });
  for (const r of populationSheetRows(ctx.population)) {
    if (r.role === 'text') paragraph(ws, String(r.values[0]), widths);
    else if (r.role === 'heading') line(ws, r.values, S.heading, 20);
    else if (r.role === 'header') line(ws, r.values, S.header, r.values.length > 1 ? 32 : 20);
    else if (r.role === 'blank') line(ws, []);
    else {
      const row = ws.addRow([]);
      r.values.forEach((v, i) => put(row.getCell(i + 1), v, i === 5 ? wrap : top(i)));
      const how = String(r.values[5] ?? '');
      row.height = Math.min(409, 15 * Math.max(1, Math.ceil(how.length / 80)) + 2);
      row.commit();
    }
  }
}

/** The audit id of this run (review/audit-id.ts), as `decisions` recomputes it from the manifest. */
export function auditOf(ctx: Pick<ReportContext, 'doc' | 'config'>, inputs: readonly InputFileRecord[]): string {
  return auditId({ inputs, as_of: ctx.doc.as_of, config: ctx.config, tool_version: ctx.doc.tool.version });
}

/** Write access-review.xlsx. `rows` = data rows of the tabular sheets (tables, rules, Review). */
export async function writeWorkbook(ctx: ReportContext, file: string, opts: WorkbookOptions = {}): Promise<OutputFile> {
  installQuotePrefixSupport();
  const maxRows = Math.min(opts.maxRowsPerSheet ?? EXCEL_MAX_ROWS, EXCEL_MAX_ROWS);
  // The longest heading (title, four lines, a blank row) and the header take 7 rows.
  if (maxRows < 8) throw new Error('maxRowsPerSheet must leave room for a heading, the header and a row');
  const sum = summarise(ctx);
  // Dated with the audit's evaluation instant (zip entries and properties): the same inputs make the same bytes.
  const instant = new Date(ctx.doc.coverage.evaluation_instant);
  const stamp = Number.isNaN(instant.getTime()) ? new Date(Date.UTC(1980, 0, 1)) : instant;
  const wb = fixedDateWorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false }, stamp);
  wb.creator = `${ctx.doc.tool.name} ${ctx.doc.tool.version}`;
  wb.title = `Access review — ${sum.platformName} — as of ${ctx.doc.as_of}`;

  // The Summary lists the sheets, so their names are settled before anything is written:
  // sheet names are reserved in writing order (Summary first), and split parts are named
  // after the base name with " (2)" etc., which the guide mentions.
  const tables = ctx.tables.filter((t) => (t.placement ?? 'both') !== 'page');
  const guide: Array<{ name: string; what: string }> = [
    { name: 'Summary', what: 'This page: findings per rule, caveats, parameters, data warnings.' },
    ...tables.map((t) => ({ name: t.title.slice(0, 31), what: t.description.split('. ')[0]! + '.' })),
    ...sum.rules.map((r) => ({
      name: r.id.slice(0, 31),
      what: `${r.title}: ${r.evaluated ? `${r.total} finding(s)` : 'not evaluated'}.`,
    })),
    { name: 'Review', what: 'One row per entitlement. Fill Decision (Keep / Revoke / Modify) and Comment; do not edit other columns or add rows.' },
    { name: SIGN_OFF_SHEET, what: 'Who signed the review off and when; the audit id that ties this workbook to its audit.' },
    { name: 'Evidence', what: 'Input files with SHA-256 and row counts, the population (records against stated totals, files not read), tool version, config in force.' },
  ];
  writeSummary(wb, ctx, sum, guide, { changes: await loadChanges(ctx), unassigned: await countUnassigned(ctx) });

  let rows = 0;
  for (const t of tables) rows += (await writeReportTable(wb, ctx, t, maxRows)).rows;
  for (const r of sum.rules) rows += (await writeRuleSheet(wb, ctx, r, maxRows)).rows;
  const review = await writeReview(wb, ctx, maxRows);
  rows += review.rows;
  const inputs = await ctx.inputs;
  writeSignOff(wb, { reviewer: ALL_REVIEWERS, auditId: auditOf(ctx, inputs), asOf: ctx.doc.as_of, rows: review.rows });
  writeEvidence(wb, ctx, inputs);
  await wb.commit();
  return { file, rows };
}

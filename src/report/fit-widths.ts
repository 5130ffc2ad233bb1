// Column widths that fit the formatted values: a number wider than its column prints as
// `###` in Excel and LibreOffice, so every numeric column of the workbook is made at least
// as wide as its widest value in its number format (computed from the data: one aggregate
// query for a report table, a pass over the findings for a rule sheet).
import { loadQuery, sqlIdent, type Db } from '../db.js';
import type { ColumnSpec, ColumnType } from './types.js';
import { currencyCode } from './values.js';

const NUMERIC: ReadonlySet<ColumnType> = new Set(['integer', 'number', 'money']);

/** Characters a value takes in the workbook's number format for its type (see workbook.ts numFmt). */
export function formattedLength(v: number, type: ColumnType, currency: string): number {
  if (type === 'date') return 10;
  if (type === 'datetime') return 16;
  if (type === 'boolean') return 3;
  const whole = Math.round(Math.abs(v)).toLocaleString('en-US').length + (v < 0 ? 1 : 0);
  if (type === 'integer') return whole;
  if (type === 'number') return whole + 3;
  const code = currencyCode(currency);
  return whole + 3 + (code ? code.length + 1 : 0);
}

/**
 * A width (in Excel's units, about one digit each) that holds `chars` characters of a
 * number, bold included (a total row), and never narrower than the column's own width.
 */
export function fitWidth(base: number, chars: number): number {
  return Math.max(base, Math.ceil(chars * 1.15) + 2);
}

/** Widths for the numeric and date columns of a report table, from its query's extremes. */
export async function reportTableWidths(db: Db, query: string, columns: ColumnSpec[], currency: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const numeric = columns.filter((c) => NUMERIC.has(c.type));
  for (const c of columns) {
    if (c.type === 'date' || c.type === 'datetime' || c.type === 'boolean') out.set(c.key, fitWidth(c.width ?? 14, formattedLength(0, c.type, currency)));
  }
  if (numeric.length === 0) return out;
  const exprs = numeric
    .flatMap((c, i) => [`max(TRY_CAST(${sqlIdent(c.key)} AS DOUBLE)) AS hi${i}`, `min(TRY_CAST(${sqlIdent(c.key)} AS DOUBLE)) AS lo${i}`])
    .join(', ');
  const row = (await db.one<Record<string, number | null>>(loadQuery('report/extents.sql', { query, exprs }))) ?? {};
  numeric.forEach((c, i) => {
    const len = Math.max(formattedLength(row[`hi${i}`] ?? 0, c.type, currency), formattedLength(row[`lo${i}`] ?? 0, c.type, currency));
    out.set(c.key, fitWidth(c.width ?? 14, len));
  });
  return out;
}

/** Widths for numeric columns of values held in memory (a rule sheet's findings). */
export function valuesWidth(base: number, type: ColumnType, values: Iterable<unknown>, currency: string): number {
  if (type === 'date' || type === 'datetime' || type === 'boolean') return fitWidth(base, formattedLength(0, type, currency));
  if (!NUMERIC.has(type)) return base;
  let len = 0;
  for (const v of values) {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (Number.isFinite(n)) len = Math.max(len, formattedLength(n, type, currency));
  }
  return fitWidth(base, len);
}

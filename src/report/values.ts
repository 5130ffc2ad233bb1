// Typed values shared by the workbook and the page: a raw value (from DuckDB or a finding's
// evidence JSON) becomes a typed cell value for its column, then a display text and a sort
// key for the page.
import { SEVERITIES, type Finding, type Severity } from '../model.js';
import type { ColumnSpec, ColumnType } from './types.js';

export type CellValue = string | number | boolean | Date | null;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const NUMERIC = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(text).join('; ');
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

function toDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'string') {
    const s = v.trim();
    if (DATE_ONLY.test(s)) return new Date(`${s}T00:00:00.000Z`);
    if (DATE_TIME.test(s)) {
      // A timestamp with no offset is UTC (input contract).
      const d = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
      return Number.isNaN(d.getTime()) ? null : d;
    }
  }
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v);
  return null;
}

/** The value a cell of this column type holds. Never throws: what does not fit stays text. */
export function typed(v: unknown, type: ColumnType): CellValue {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'integer':
    case 'number':
    case 'money': {
      if (typeof v === 'number') return Number.isFinite(v) ? v : null;
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'string' && NUMERIC.test(v.trim())) return Number(v.trim());
      return text(v);
    }
    case 'date':
    case 'datetime': {
      if (v === '') return null;
      return toDate(v) ?? text(v);
    }
    case 'boolean': {
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 1) return true;
      if (v === 'false' || v === 0) return false;
      return text(v);
    }
    case 'list':
      return Array.isArray(v) ? v.map(text).join('; ') : text(v);
    default:
      return text(v);
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');
export const isoDate = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
export const isoMinute = (d: Date): string => `${isoDate(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;

/** 2026-09-30T23:59:59.999Z → 2026-09-30 23:59:59 UTC; anything else unchanged. */
export function prettyInstant(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(s);
  return m ? `${m[1]} ${m[2]} UTC` : s;
}

/** A safe currency code for number formats and Intl (letters only), or null. */
export const currencyCode = (c: string | undefined): string | null => (c && /^[A-Za-z]{3,8}$/.test(c) ? c.toUpperCase() : null);

const moneyFormats = new Map<string, Intl.NumberFormat>();
/** A whole amount is shown without cents (USD 321,000), any other with them (USD 199.50). */
function formatMoney(n: number, currency: string): string {
  const code = currencyCode(currency);
  const whole = Number.isInteger(n);
  const key = `${code}|${whole}`;
  let f = code ? moneyFormats.get(key) : undefined;
  if (code && !f) {
    try {
      f = new Intl.NumberFormat('en-US', { style: 'currency', currency: code, currencyDisplay: 'code', ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}) });
    } catch {
      f = undefined;
    }
    if (f) moneyFormats.set(key, f);
  }
  if (f) return f.format(n).replace(/\u00a0/g, ' ');
  const digits = whole ? 0 : 2;
  return `${n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}${code ? ` ${code}` : ''}`;
}

/** What the page shows for a typed value (plain text: the template escapes it). */
export function display(v: CellValue, type: ColumnType, currency: string): string {
  if (v === null) return '';
  if (v instanceof Date) return type === 'date' ? isoDate(v) : `${isoMinute(v)} UTC`;
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'number') {
    if (type === 'money') return formatMoney(v, currency);
    if (type === 'integer') return v.toLocaleString('en-US', { maximumFractionDigits: 0 });
    return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
  }
  return v;
}

/** A sort key for the page's script: numbers and times numerically, text case-insensitively. */
export function sortKey(v: CellValue): string {
  if (v === null) return '';
  if (v instanceof Date) return String(v.getTime());
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  return v.toLowerCase();
}

/** Is this column sorted as a number (the page's script needs to know)? */
export const numericType = (t: ColumnType): boolean => ['integer', 'number', 'money', 'date', 'datetime', 'boolean'].includes(t);

export const severityRankOf = (s: string): number => {
  const i = SEVERITIES.indexOf(s as Severity);
  return i < 0 ? SEVERITIES.length : i;
};

/** Most severe first, open before excepted, then by subject name and id: the page's cut. */
export function bySeverity(a: Finding, b: Finding): number {
  return (
    severityRankOf(a.severity) - severityRankOf(b.severity) ||
    (a.status === b.status ? 0 : a.status === 'open' ? -1 : 1) ||
    (a.subject.name ?? '').localeCompare(b.subject.name ?? '') ||
    (a.subject.id < b.subject.id ? -1 : a.subject.id > b.subject.id ? 1 : 0)
  );
}

/** The columns a rule's sheet and table show, in order. Review-cycle columns only when used. */
export interface FindingColumn extends ColumnSpec {
  get(f: Finding): unknown;
  /** Colour the cell by the finding's severity. */
  severity?: boolean;
}

export function findingColumns(evidence: ColumnSpec[], findings: readonly Finding[]): FindingColumn[] {
  const cols: FindingColumn[] = [
    { key: '__id', header: 'Finding ID', type: 'string', width: 18, get: (f) => f.id },
    { key: '__severity', header: 'Severity', type: 'string', width: 10, get: (f) => f.severity, severity: true },
    { key: '__status', header: 'Status', type: 'string', width: 10, get: (f) => f.status },
    { key: '__subject_id', header: 'Subject ID', type: 'string', width: 14, get: (f) => f.subject.id },
    { key: '__subject', header: 'Subject', type: 'string', width: 26, get: (f) => f.subject.name },
  ];
  for (const c of evidence) cols.push({ ...c, get: (f) => f.evidence[c.key] });
  cols.push({ key: '__message', header: 'Message', type: 'string', width: 70, get: (f) => f.message });
  if (findings.some((f) => f.confidence !== 'normal')) {
    cols.push({ key: '__confidence', header: 'Confidence', type: 'string', width: 16, get: (f) => f.confidence });
  }
  if (findings.some((f) => f.change !== undefined)) {
    cols.push({ key: '__change', header: 'Change', type: 'string', width: 11, get: (f) => f.change });
    cols.push({ key: '__first_seen', header: 'First seen', type: 'date', width: 11, get: (f) => f.first_seen });
  }
  if (findings.some((f) => f.exception !== undefined || f.exception_expired)) {
    cols.push({ key: '__exc_reason', header: 'Exception reason', type: 'string', width: 30, get: (f) => f.exception?.reason });
    cols.push({ key: '__exc_by', header: 'Approved by', type: 'string', width: 20, get: (f) => f.exception?.approved_by });
    cols.push({ key: '__exc_expires', header: 'Exception expires', type: 'date', width: 12, get: (f) => f.exception?.expires });
    cols.push({ key: '__exc_expired', header: 'Exception expired', type: 'boolean', width: 10, get: (f) => (f.exception || f.exception_expired ? (f.exception_expired ?? false) : null) });
  }
  return cols;
}

// Streaming reader of the `Review` sheets of an access-review workbook (the contract in
// docs/ARCHITECTURE.md): sheets `Review`, `Review (2)`, …, header row 1
//   Key, User ID, User, Scope, Scope ID, Scope name, Role, Reviewer, Related findings, Decision, Comment
// Columns are found by header name (case, spacing ignored), so a reviewer who moves or adds
// a column does no harm. Rows are streamed: a workbook of hundreds of thousands of rows is
// never held in memory (only its shared-strings table is, as in Excel itself).
//
// Parsing is ./sheet-xml.ts (the values exceljs's streaming reader would make, at a fraction
// of its cost) over ./zip.ts, which finds each part through the archive's central directory:
// exceljs's own single forward zip pass drops entries intermittently (exceljs issue #3064).
// Sheet names come from workbook.xml and its relationships, whatever the writer's path style
// (openpyxl writes absolute targets). A workbook up to WHOLE_FILE_LIMIT is read with one
// read (its SHA-256 taken from the same bytes); a larger one is streamed.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { checkNamedFile } from '../ingest/file-check.js';
import { unneutralise } from '../report/neutralise.js';
import { parseRelationships, parseSharedStrings, parseSheetRows, parseWorkbookSheets, type SharedString } from './sheet-xml.js';
import { ZipArchive, ZipFormatError } from './zip.js';

// Entities are decoded once, by the XML parser: a name typed as `tom&amp;jerry` reads the
// same from the audit's own workbook (inline strings) as from the same workbook saved by
// LibreOffice (shared strings). (exceljs's reader decoded inline strings twice.)

/** A workbook up to this size is read whole, with one read; a larger one is streamed. */
export const WHOLE_FILE_LIMIT = 64 * 1024 * 1024;

/**
 * The shared-strings table is held in memory (the rows are streamed): a part that inflates
 * past this is refused, so a small crafted file (a zip bomb) cannot exhaust memory. A
 * Review of a million rows stays well below it.
 */
export const SHARED_STRINGS_LIMIT = 128 * 1024 * 1024;
const MIB = 1024 * 1024;

/** Columns whose value must be typed, not computed: a formula there is refused (its cached result could say anything). */
const NO_FORMULA: ReadonlySet<string> = new Set(['key', 'user_id', 'user_name', 'scope', 'scope_id', 'role', 'decision']);

const isFormula = (v: unknown): v is { formula?: unknown; sharedFormula?: unknown } =>
  typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v);

export const REVIEW_COLUMNS = {
  key: 'Key',
  user_id: 'User ID',
  user_name: 'User',
  scope: 'Scope',
  scope_id: 'Scope ID',
  scope_name: 'Scope name',
  role: 'Role',
  reviewer: 'Reviewer',
  related_findings: 'Related findings',
  decision: 'Decision',
  comment: 'Comment',
} as const;
export type ReviewColumn = keyof typeof REVIEW_COLUMNS;

/** `Review`, `Review (2)`, `Review (3)`, … */
export const REVIEW_SHEET_NAME = /^Review(?: \((\d+)\))?$/;

/** One data row of a Review sheet; cell texts are trimmed ('' for an empty cell). */
export interface ReviewRow {
  sheet: string;
  row: number;
  text(c: ReviewColumn): string;
  /** A1 reference with the sheet, e.g. `Review!J17`. */
  ref(c: ReviewColumn): string;
}

export interface ReadSummary {
  /** Review sheets read, in workbook order. */
  sheets: string[];
  /** Non-empty data rows passed to onRow. */
  rows: number;
}

/** Column number (1-based) → letters: 1 → A, 27 → AA. */
export function columnLetters(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A1 reference with the sheet name, quoted as Excel does when it has spaces. */
export function cellRef(sheet: string, col: number, row: number): string {
  const name = /^[A-Za-z0-9_]+$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${columnLetters(col)}${row}`;
}

/** The text a person sees in a cell, whatever kind of value exceljs made of it. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text?: unknown }>).map((r) => cellText(r.text)).join('');
    // A formula shows its result; one saved without a result (some writers turn a text that
    // starts with "=" into a formula) is shown as typed.
    if ('formula' in o) return o.result !== undefined ? cellText(o.result) : `=${String(o.formula)}`;
    if ('sharedFormula' in o) return cellText(o.result);
    if ('error' in o) return String(o.error);
    if ('text' in o) return cellText(o.text);
    if ('sharedString' in o) return ''; // a shared string the workbook does not define
  }
  return String(v);
}

const normHeader = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Refuse what is not an .xlsx before the zip reader sees it (its errors are obscure). */
async function checkIsXlsx(file: string, shown: string): Promise<void> {
  let head: Buffer;
  checkNamedFile(file, shown, 'workbook', { text: false }); // a FIFO would block the open below
  try {
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(8);
      const { bytesRead } = await fh.read(buf, 0, 8, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw cannotRead(e, shown);
  }
  checkHead(head, shown);
}

function cannotRead(e: unknown, shown: string): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  return new InputError({ file: shown }, `cannot read the workbook (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (code ?? String(e))})`);
}

function checkHead(head: Buffer, shown: string): void {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return; // "PK\3\4": a zip
  if (head.length >= 4 && head.readUInt32BE(0) === 0xd0cf11e0) {
    throw new InputError({ file: shown }, 'is a password-protected workbook or an old .xls file; save it as an .xlsx workbook without a password');
  }
  throw new InputError({ file: shown }, head.length === 0 ? 'is empty, not an .xlsx workbook' : 'is not an .xlsx workbook');
}

/** The whole file in one read, or null when it is larger than WHOLE_FILE_LIMIT. */
function readWhole(file: string, shown: string): Buffer | null {
  checkNamedFile(file, shown, 'workbook', { text: false }); // a FIFO would block the open below
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw cannotRead(e, shown);
  }
  try {
    const { size } = fstatSync(fd);
    if (size > WHOLE_FILE_LIMIT) return null;
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    return got === size ? buf : buf.subarray(0, got);
  } catch (e) {
    throw cannotRead(e, shown);
  } finally {
    closeSync(fd);
  }
}

/** An .xlsx opened once: its parts, its sheets, and (when it was read whole) the digest of its bytes. */
export interface OpenWorkbook {
  shown: string;
  zip: ZipArchive;
  sheets: Array<{ name: string; rId: string | undefined }>;
  rels: Array<{ Id: string | undefined; Type: string | undefined; Target: string }>;
  /** SHA-256 and size of the file, when it was read whole (else null: hash it separately). */
  digest: { sha256: string; bytes: number } | null;
  /** The shared-strings table once read (undefined: the workbook has none). */
  sharedStrings?: SharedString[] | undefined;
  sharedStringsRead?: boolean;
}

/** The error a reading problem becomes: InputErrors as they are, anything else naming `shown`. */
export function asInputError(e: unknown, shown: string): InputError {
  if (e instanceof InputError) return e;
  if (e instanceof ZipFormatError) return new InputError({ file: shown }, `is not a complete .xlsx workbook: ${e.message}`);
  return new InputError({ file: shown }, `cannot be read as an .xlsx workbook (${(e as Error)?.message ?? String(e)})`);
}

/**
 * Open a workbook: refuse what is not an .xlsx, read its zip directory, workbook.xml and its
 * relationships. Problems are InputErrors naming `shown`.
 */
export async function openWorkbook(file: string, shown: string): Promise<OpenWorkbook> {
  const whole = readWhole(file, shown);
  if (whole) checkHead(whole.subarray(0, 8), shown);
  else await checkIsXlsx(file, shown);
  try {
    const zip = whole ? await ZipArchive.fromBuffer(file, whole) : await ZipArchive.open(file);
    const workbookPart = zip.entry('xl/workbook.xml');
    const relsPart = zip.entry('xl/_rels/workbook.xml.rels');
    if (!workbookPart || !relsPart) {
      throw new InputError({ file: shown }, 'is a zip archive but not an .xlsx workbook (it has no xl/workbook.xml)');
    }
    const rels = await parseRelationships(await zip.content(relsPart));
    const sheets = await parseWorkbookSheets(await zip.content(workbookPart));
    const digest = whole ? { sha256: createHash('sha256').update(whole).digest('hex'), bytes: whole.length } : null;
    return { shown, zip, sheets, rels, digest };
  } catch (e) {
    throw asInputError(e, shown);
  }
}

/** The shared-strings table (read once per workbook; refused past SHARED_STRINGS_LIMIT). */
export async function sharedStringsOf(wb: OpenWorkbook, limit = true): Promise<SharedString[] | undefined> {
  if (wb.sharedStringsRead) return wb.sharedStrings;
  const sstRel = wb.rels.find((r) => r.Type?.endsWith('/sharedStrings'));
  const sstPart = wb.zip.entry(sstRel ? partOf(sstRel.Target) : 'xl/sharedStrings.xml');
  let table: SharedString[] | undefined;
  if (sstPart) {
    if (limit && sstPart.size > SHARED_STRINGS_LIMIT) {
      throw new InputError({ file: wb.shown }, `its shared strings (${sstPart.name}) expand to ${Math.round(sstPart.size / MIB)} MiB, more than the ${SHARED_STRINGS_LIMIT / MIB} MiB a review workbook needs (a zip bomb?); save the workbook again from Excel or LibreOffice`);
    }
    table = await parseSharedStrings(await wb.zip.content(sstPart, limit ? SHARED_STRINGS_LIMIT : undefined));
  }
  wb.sharedStrings = table;
  wb.sharedStringsRead = true;
  return table;
}

/** The zip entry a relationship of xl/workbook.xml points to ("worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml", …). */
export function partOf(target: string): string {
  return target.startsWith('/') ? target.slice(1) : path.posix.normalize(`xl/${target}`);
}

/**
 * Stream every non-empty data row of every Review sheet to `onRow`. `need` are the
 * columns that must have a header (else an InputError naming the sheet's row 1).
 * Problems are InputErrors naming `shown`; `onRow` may throw its own.
 */
export async function readReviewSheets(
  file: string,
  shown: string,
  need: readonly ReviewColumn[],
  onRow: (row: ReviewRow) => void,
): Promise<ReadSummary> {
  return readReviewRows(await openWorkbook(file, shown), need, onRow);
}

/** readReviewSheets over a workbook already opened. */
export async function readReviewRows(wb: OpenWorkbook, need: readonly ReviewColumn[], onRow: (row: ReviewRow) => void): Promise<ReadSummary> {
  const { shown, zip, rels } = wb;
  const summary: ReadSummary = { sheets: [], rows: 0 };
  const otherSheets: string[] = [];
  try {
    const sharedStrings = await sharedStringsOf(wb);
    for (const sheet of wb.sheets) {
      if (!REVIEW_SHEET_NAME.test(sheet.name)) {
        otherSheets.push(sheet.name);
        continue;
      }
      const rel = rels.find((r) => r.Id === sheet.rId);
      const part = rel ? zip.entry(partOf(rel.Target)) : undefined;
      if (!part) throw new InputError({ file: shown }, `the sheet "${sheet.name}" is listed but its content is missing from the file`);
      const name = sheet.name;
      summary.sheets.push(name);
      let columns: Map<ReviewColumn, number> | undefined;
      await parseSheetRows(await zip.content(part), sharedStrings, (row) => {
        if (!columns) {
          if (row.number !== 1) throw new InputError({ file: shown }, `${cellRef(name, 1, 1)}: row 1 must hold the headers (${Object.values(REVIEW_COLUMNS).join(', ')}) but it is empty`);
          columns = headerColumns(row, name, shown, need);
          return;
        }
        const values = row.values;
        let empty = true;
        for (const v of values) {
          if (cellText(v).trim() !== '') {
            empty = false;
            break;
          }
        }
        if (empty) return; // blank or only formatted: not a row anyone added
        summary.rows++;
        const cols = columns;
        const r = row.number;
        for (const [c, n] of cols) {
          const v = values[n];
          if (NO_FORMULA.has(c) && isFormula(v)) {
            const f = String(v.formula ?? v.sharedFormula ?? '');
            throw new InputError(
              { file: shown },
              `${cellRef(name, n, r)}: the ${REVIEW_COLUMNS[c]} cell holds a formula (=${f.slice(0, 60)}), whose saved result cannot be trusted; type the value${c === 'decision' ? ' (Keep, Revoke or Modify)' : ''} instead`,
            );
          }
        }
        onRow({
          sheet: name,
          row: r,
          text: (c) => {
            const n = cols.get(c);
            // The audit's workbook stores formula-like text with a guard apostrophe (see
            // ../report/neutralise.ts); the value is the text without it.
            return n === undefined ? '' : unneutralise(cellText(values[n])).trim();
          },
          ref: (c) => cellRef(name, cols.get(c) ?? 1, r),
        });
      });
      if (!columns) throw new InputError({ file: shown }, `${cellRef(name, 1, 1)}: the sheet is empty; row 1 must hold the headers (${Object.values(REVIEW_COLUMNS).join(', ')})`);
    }
  } catch (e) {
    throw asInputError(e, shown);
  }
  if (summary.sheets.length === 0) {
    const found = otherSheets.length ? `its sheets are ${otherSheets.map((s) => `"${s}"`).join(', ')}` : 'it has no sheets';
    throw new InputError({ file: shown }, `has no sheet named "Review" (${found}); is this the access-review workbook?`);
  }
  return summary;
}

function headerColumns(row: { values: unknown[] }, sheet: string, shown: string, need: readonly ReviewColumn[]): Map<ReviewColumn, number> {
  const byHeader = new Map<string, ReviewColumn>();
  for (const [id, header] of Object.entries(REVIEW_COLUMNS)) byHeader.set(normHeader(header), id as ReviewColumn);
  const columns = new Map<ReviewColumn, number>();
  const values = row.values;
  for (let n = 1; n < values.length; n++) {
    const id = byHeader.get(normHeader(cellText(values[n])));
    if (id === undefined) continue;
    const first = columns.get(id);
    if (first !== undefined) {
      throw new InputError({ file: shown }, `${cellRef(sheet, n, 1)}: a second column headed "${REVIEW_COLUMNS[id]}" (the first is ${cellRef(sheet, first, 1)}); keep one`);
    }
    columns.set(id, n);
  }
  const missing = need.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw new InputError(
      { file: shown },
      `${cellRef(sheet, 1, 1)}: row 1 has no column headed ${missing.map((c) => `"${REVIEW_COLUMNS[c]}"`).join(', ')} (the Review sheet's headers are ${Object.values(REVIEW_COLUMNS).join(', ')})`,
    );
  }
  return columns;
}

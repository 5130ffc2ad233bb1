// Reading one returned workbook or packet for `decisions`, into plain data that a worker
// thread can post back (./returned-pool.ts): the texts of the cells decisions checks, row
// by row, the Sign-off sheet, and the SHA-256 of the bytes read. The file is opened once:
// its Review sheets and its Sign-off sheet come from the same read (and, for a file up to
// WHOLE_FILE_LIMIT, so does its digest). The checks against the audit stay with the caller,
// which sees every file (a key in two files, a missing key, a packet's reviewer).
import { InputError } from '../errors.js';
import { hashFile } from '../output/hash-file.js';
import { cellRef, openWorkbook, readReviewRows, type ReviewColumn, type ReviewRow } from './review-sheet.js';
import { readSignOffFrom, type SignOffRead } from './signoff-sheet.js';

/** The columns decisions reads from a returned file, in the order of ReturnedRead.cells. */
export const RETURNED_COLUMNS: readonly ReviewColumn[] = ['key', 'user_id', 'user_name', 'scope', 'scope_id', 'role', 'decision', 'comment'];
const WIDTH = RETURNED_COLUMNS.length;
const NUL = '\u0000';

/** An InputError as plain data (a worker's message cannot carry the class). */
export interface InputErrorData {
  file: string;
  line?: number;
  column?: number;
  detail: string;
}

export interface ReturnedRead {
  /** Reading its Review sheets failed: the refusal (nothing else is set). */
  error?: InputErrorData;
  /** Non-empty data rows (ReadSummary.rows). */
  rows: number;
  /** Review sheet names; each row says which by index. */
  sheets: string[];
  /** Per sheet, the column number of each of RETURNED_COLUMNS (1 where the sheet has none, as refs name it). */
  columns: number[][];
  sheetOf: number[];
  rowOf: number[];
  /**
   * RETURNED_COLUMNS' texts, row after row, joined by NUL (a character XML cannot hold):
   * one string per file costs a fraction of the memory and copying of 8 per row.
   */
  cells: string;
  signOff?: SignOffRead;
  /** Reading its Sign-off sheet failed (checked after its rows, as before). */
  signOffError?: InputErrorData;
  sha256: string;
  bytes: number;
}

export const toData = (e: InputError): InputErrorData => ({ file: e.file, line: e.line, column: e.column, detail: e.detail });
export const fromData = (d: InputErrorData): InputError => new InputError({ file: d.file, line: d.line, column: d.column }, d.detail);

function asData(e: unknown, shown: string): InputErrorData {
  if (e instanceof InputError) return toData(e);
  return { file: shown, detail: `cannot be read as an .xlsx workbook (${(e as Error)?.message ?? String(e)})` };
}

/** Read one returned file; a problem reading it is data (error / signOffError), never a throw. */
export async function readReturned(file: string, shown: string): Promise<ReturnedRead> {
  try {
    return await readOne(file, shown);
  } catch (e) {
    // Not expected (every reading problem is caught below): still a refusal naming the file, not a dead worker.
    return { rows: 0, sheets: [], columns: [], sheetOf: [], rowOf: [], cells: '', sha256: '', bytes: 0, error: asData(e, shown) };
  }
}

async function readOne(file: string, shown: string): Promise<ReturnedRead> {
  const out: ReturnedRead = { rows: 0, sheets: [], columns: [], sheetOf: [], rowOf: [], cells: '', sha256: '', bytes: 0 };
  const cells: string[] = [];
  let wb;
  try {
    wb = await openWorkbook(file, shown);
    const sheetIndex = new Map<string, number>();
    const summary = await readReviewRows(wb, ['key', 'user_id', 'user_name', 'scope', 'scope_id', 'role', 'decision', 'comment'], (r: ReviewRow) => {
      let s = sheetIndex.get(r.sheet);
      if (s === undefined) {
        s = out.sheets.length;
        sheetIndex.set(r.sheet, s);
        out.sheets.push(r.sheet);
        out.columns.push(RETURNED_COLUMNS.map((c) => columnOf(r.ref(c))));
      }
      out.sheetOf.push(s);
      out.rowOf.push(r.row);
      for (let i = 0; i < WIDTH; i++) cells.push(r.text(RETURNED_COLUMNS[i]!).replaceAll(NUL, '\uFFFD'));
    });
    out.rows = summary.rows;
    out.cells = cells.join(NUL);
  } catch (e) {
    return { ...out, error: asData(e, shown) };
  }
  try {
    out.signOff = await readSignOffFrom(wb);
  } catch (e) {
    out.signOffError = asData(e, shown);
  }
  try {
    const digest = wb.digest ?? (await hashFile(file));
    out.sha256 = digest.sha256;
    out.bytes = digest.bytes;
  } catch (e) {
    return { ...out, error: { file: shown, detail: `cannot read the workbook (${(e as NodeJS.ErrnoException).code ?? (e as Error)?.message ?? String(e)})` } };
  }
  return out;
}

/** The column number of an A1 reference such as `'Review (2)'!J17`. */
function columnOf(ref: string): number {
  const m = /!\$?([A-Z]+)\$?\d+$/.exec(ref);
  let n = 0;
  for (const ch of m ? m[1]! : 'A') n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** The rows of a read as ReviewRow (what readReviewSheets would have passed to onRow). */
export function* returnedRows(read: ReturnedRead): Generator<ReviewRow> {
  const cells = read.sheetOf.length === 0 ? [] : read.cells.split(NUL);
  for (let i = 0; i < read.sheetOf.length; i++) {
    const s = read.sheetOf[i]!;
    const sheet = read.sheets[s]!;
    const cols = read.columns[s]!;
    const row = read.rowOf[i]!;
    const base = i * WIDTH;
    yield {
      sheet,
      row,
      text: (c) => {
        const k = RETURNED_COLUMNS.indexOf(c);
        return k < 0 ? '' : cells[base + k]!;
      },
      ref: (c) => {
        const k = RETURNED_COLUMNS.indexOf(c);
        return cellRef(sheet, k < 0 ? 1 : cols[k]!, row);
      },
    };
  }
}

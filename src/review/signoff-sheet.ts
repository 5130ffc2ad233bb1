// Reading the Sign-off sheet of a returned workbook or packet (docs/spec/outputs.md): column
// A the labels, column B the values. The tool's rows (reviewer, audit id) say which audit and
// which reviewer the file belongs to; `Signed by` and `Signed on` are the reviewer's.
// Labels are matched without regard to case or spacing, wherever the rows are. Parsing is
// the same as for the Review sheets (review-sheet.ts), from the same open of the file.
import { InputError } from '../errors.js';
import { SIGN_OFF_LABELS, SIGN_OFF_SHEET } from '../report/review-layout.js';
import { asInputError, cellRef, cellText, openWorkbook, partOf, sharedStringsOf, type OpenWorkbook } from './review-sheet.js';
import { parseSheetRows } from './sheet-xml.js';
import { ZipArchive } from './zip.js';

export interface SignOffRead {
  /** false when the workbook has no Sign-off sheet (a workbook of an older version). */
  present: boolean;
  reviewer: string | null;
  audit_id: string | null;
  signed_by: string | null;
  /** YYYY-MM-DD */
  signed_on: string | null;
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** An Excel date serial (1900 system) or a typed date → YYYY-MM-DD; null when it is no date. */
export function signedOnDate(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 2958466) {
    return new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86_400_000).toISOString().slice(0, 10);
  }
  const t = cellText(v).trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(t);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === `${m[1]}-${m[2]}-${m[3]}` ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** Read the Sign-off sheet of `file` (already known to be an .xlsx); problems name `shown`. */
export async function readSignOff(file: string, shown: string): Promise<SignOffRead> {
  let wb: OpenWorkbook;
  try {
    const zip = await ZipArchive.open(file);
    // A file without the workbook parts has no Sign-off sheet (the Review reading refuses it).
    if (!zip.entry('xl/workbook.xml') || !zip.entry('xl/_rels/workbook.xml.rels')) {
      return { present: false, reviewer: null, audit_id: null, signed_by: null, signed_on: null };
    }
    wb = await openWorkbook(file, shown);
  } catch (e) {
    throw asInputError(e, shown);
  }
  return readSignOffFrom(wb);
}

/** readSignOff over a workbook already opened (by the Review reading). */
export async function readSignOffFrom(wb: OpenWorkbook): Promise<SignOffRead> {
  const { shown, zip } = wb;
  const out: SignOffRead = { present: false, reviewer: null, audit_id: null, signed_by: null, signed_on: null };
  try {
    const sheet = wb.sheets.find((s) => norm(s.name) === norm(SIGN_OFF_SHEET));
    if (!sheet) return out;
    const rel = wb.rels.find((r) => r.Id === sheet.rId);
    const part = rel ? zip.entry(partOf(rel.Target)) : undefined;
    if (!part) return out;
    out.present = true;
    const sharedStrings = await sharedStringsOf(wb, false);
    const L = SIGN_OFF_LABELS;
    await parseSheetRows(await zip.content(part), sharedStrings, (row) => {
      const values = row.values;
      const label = norm(cellText(values[1]));
      const v = values[2];
      const text = cellText(v).trim();
      if (label === norm(L.reviewer)) out.reviewer = text || null;
      else if (label === norm(L.audit_id)) out.audit_id = text || null;
      else if (label === norm(L.signed_by)) out.signed_by = text || null;
      else if (label === norm(L.signed_on) && text !== '') {
        const d = signedOnDate(v);
        if (d === null) throw new InputError({ file: shown }, `${cellRef(sheet.name, 2, row.number)}: Signed on "${text}" is not a date; write the date of the sign-off as YYYY-MM-DD`);
        out.signed_on = d;
      }
    });
  } catch (e) {
    throw asInputError(e, shown);
  }
  return out;
}

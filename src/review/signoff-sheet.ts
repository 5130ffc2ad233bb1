// Reading the Sign-off sheet of a returned workbook or packet (docs/spec/outputs.md): column
// A the labels, column B the values. The tool's rows (reviewer, audit id) say which audit and
// which reviewer the file belongs to; `Signed by` and `Signed on` are the reviewer's.
// Labels are matched without regard to case or spacing, wherever the rows are. Parsing is
// exceljs's streaming reader over ./zip.ts, as for the Review sheets (review-sheet.ts).
import path from 'node:path';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { InputError } from '../errors.js';
import { SIGN_OFF_LABELS, SIGN_OFF_SHEET } from '../report/review-layout.js';
import { cellRef, cellText } from './review-sheet.js';
import { ZipArchive, ZipFormatError } from './zip.js';

export interface SignOffRead {
  /** false when the workbook has no Sign-off sheet (a workbook of an older version). */
  present: boolean;
  reviewer: string | null;
  audit_id: string | null;
  signed_by: string | null;
  /** YYYY-MM-DD */
  signed_on: string | null;
}

interface ReaderInternals {
  model?: { sheets?: Array<{ name: string; rId: string }> };
  workbookRels?: Array<{ Id: string; Type?: string; Target: string }>;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: Readable, sheetNo: string): Generator<{ eventType: string; value: ExcelJS.stream.xlsx.WorksheetReader }>;
}

const partOf = (target: string): string => (target.startsWith('/') ? target.slice(1) : path.posix.normalize(`xl/${target}`));
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
  const out: SignOffRead = { present: false, reviewer: null, audit_id: null, signed_by: null, signed_on: null };
  try {
    const zip = await ZipArchive.open(file);
    const workbookPart = zip.entry('xl/workbook.xml');
    const relsPart = zip.entry('xl/_rels/workbook.xml.rels');
    if (!workbookPart || !relsPart) return out;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      entries: 'ignore',
    }) as unknown as ReaderInternals;
    await reader._parseRels(await zip.openText(relsPart));
    await reader._parseWorkbook(await zip.openText(workbookPart));
    const sheet = (reader.model?.sheets ?? []).find((s) => norm(s.name) === norm(SIGN_OFF_SHEET));
    if (!sheet) return out;
    const rels = reader.workbookRels ?? [];
    const rel = rels.find((r) => r.Id === sheet.rId);
    const part = rel ? zip.entry(partOf(rel.Target)) : undefined;
    if (!part) return out;
    out.present = true;
    const sstRel = rels.find((r) => r.Type?.endsWith('/sharedStrings'));
    const sstPart = zip.entry(sstRel ? partOf(sstRel.Target) : 'xl/sharedStrings.xml');
    if (sstPart) for await (const _ of reader._parseSharedStrings(await zip.openText(sstPart))) void _;
    const ws = reader._parseWorksheet(await zip.openText(part), sheet.name).next().value!.value;
    const L = SIGN_OFF_LABELS;
    for await (const row of ws) {
      const values = row.values as unknown[];
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
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (e instanceof ZipFormatError) throw new InputError({ file: shown }, `is not a complete .xlsx workbook: ${e.message}`);
    throw new InputError({ file: shown }, `cannot be read as an .xlsx workbook (${(e as Error)?.message ?? String(e)})`);
  }
  return out;
}

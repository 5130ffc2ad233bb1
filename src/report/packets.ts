// `run --packets`: one workbook per reviewer (docs/spec/outputs.md, "The review campaign").
//
//   packets/<reviewer>.xlsx — a Review sheet with only that reviewer's rows (the same
//                             columns and keys as the full workbook) and a Sign-off sheet
//                             carrying the audit id;
//   packets/index.csv       — reviewer, e-mail where known, file, rows, privileged rows.
//
// One pass over the materialised Review rows ordered by reviewer (then the Review's own
// order, by rowid): a packet is opened when its reviewer's first row comes and committed when
// the next reviewer's does, so only one packet is open at a time and no query runs per
// reviewer. File names are made safe for any filesystem; two reviewers whose safe names
// collide (case-insensitively) get "-2", "-3", … in the order of their names.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Db } from '../db.js';
import { csvCell } from '../review/decisions.js';
import type { OutputFile } from './types.js';
import { ReviewSheetWriter, writeSignOff, EXCEL_MAX_ROWS } from './workbook.js';
import { installQuotePrefixSupport } from './xlsx-quote-prefix.js';
import { PacketTemplate } from './packet-template.js';

import { PACKETS_DIR } from './packets-dir.js';

export { PACKETS_DIR };
export const PACKET_INDEX = 'index.csv';
export const INDEX_COLUMNS = ['reviewer', 'email', 'file', 'rows', 'privileged_rows'] as const;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** A file name (without extension) for a reviewer: letters, digits, . _ - @ +; at most 100 characters. */
export function safeFileBase(reviewer: string): string {
  let s = reviewer
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._@+-]+/g, '_')
    .replace(/^[._-]+|[._ -]+$/g, '')
    .slice(0, 100);
  if (s === '') s = 'reviewer';
  if (WINDOWS_RESERVED.test(s)) s = `${s}_`;
  return s;
}

export interface PacketsOptions {
  currency: string;
  asOf: string;
  auditId: string;
  creator: string;
  created?: Date;
  maxRowsPerSheet?: number;
}

/** An output whose hash is known as it is written (manifest.json takes it as is). */
export interface HashedOutput extends OutputFile {
  sha256?: string;
  bytes?: number;
}

export interface PacketsResult {
  outputs: HashedOutput[];
  packets: number;
  unassignedRows: number;
}

interface Open {
  reviewer: string;
  email: string | null;
  file: string;
  rows: number;
  privileged: number;
  /** exceljs, for a packet the template cannot make (see packet-template.ts); else the template. */
  wb: ExcelJS.stream.xlsx.WorkbookWriter | null;
  sheet: { add(r: readonly (string | null)[]): void };
}

/** Write packets/ into `outDir` (a staging folder) from the `review_rows` table. */
export async function writePackets(db: Db, outDir: string, opts: PacketsOptions): Promise<PacketsResult> {
  installQuotePrefixSupport();
  const dir = path.join(outDir, PACKETS_DIR);
  await mkdir(dir, { recursive: true });
  const maxRows = Math.min(opts.maxRowsPerSheet ?? EXCEL_MAX_ROWS, EXCEL_MAX_ROWS);
  // rows per reviewer first: a stream ends when its connection runs another query
  const counts = new Map((await db.all<{ reviewer: string; n: number }>('SELECT reviewer, count(*)::INTEGER AS n FROM review_rows GROUP BY reviewer')).map((r) => [r.reviewer, r.n]));
  const { columns, chunks } = await db.streamText('SELECT * FROM review_rows ORDER BY reviewer, rowid');
  const ri = columns.indexOf('reviewer');
  const ei = columns.indexOf('reviewer_email');
  const pi = columns.indexOf('privileged');
  if (ri < 0) throw new Error('review_rows lacks the reviewer column');
  const template = await PacketTemplate.create(columns, opts);
  const used = new Set<string>();
  const index: string[] = [INDEX_COLUMNS.join(',')];
  const outputs: HashedOutput[] = [];
  let unassignedRows = 0;
  let cur: Open | null = null;
  const inFlight: Array<Promise<void>> = [];

  const close = async (p: Open): Promise<void> => {
    let hash: { sha256: string; bytes: number } | undefined;
    if (p.wb) {
      (p.sheet as ReviewSheetWriter).end();
      writeSignOff(p.wb, { reviewer: p.reviewer, auditId: opts.auditId, asOf: opts.asOf, rows: p.rows });
      await p.wb.commit();
    } else {
      const w = template.write(path.join(dir, p.file), p.reviewer, titleOf(p.reviewer));
      hash = { sha256: w.sha256, bytes: w.bytes };
      inFlight.push(w.written);
      if (inFlight.length >= 16) await inFlight.shift();
    }
    index.push([p.reviewer, p.email ?? '', `${PACKETS_DIR}/${p.file}`, String(p.rows), String(p.privileged)].map(csvCell).join(','));
    outputs.push({ file: `${PACKETS_DIR}/${p.file}`, rows: p.rows, ...hash });
  };
  const open = (reviewer: string, email: string | null): Open => {
    const base = safeFileBase(reviewer);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    used.add(name.toLowerCase());
    const file = `${name}.xlsx`;
    // the template makes a packet of one sheet; a longer one, or a name to neutralise, goes through exceljs
    if (template.fits(reviewer) && (counts.get(reviewer) ?? 0) < maxRows - 1) {
      template.start();
      return { reviewer, email, file, rows: 0, privileged: 0, wb: null, sheet: template };
    }
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path.join(dir, file), useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]);
    wb.creator = opts.creator;
    if (opts.created) {
      wb.created = opts.created;
      wb.modified = opts.created;
    }
    wb.title = titleOf(reviewer);
    return { reviewer, email, file, rows: 0, privileged: 0, wb, sheet: new ReviewSheetWriter(wb, opts.currency, columns, maxRows, 'review_rows') };
  };

  const titleOf = (reviewer: string): string => `Access review packet — ${reviewer} — as of ${opts.asOf}`;
  for await (const chunk of chunks) {
    for (const r of chunk) {
      const reviewer = r[ri] ?? 'unassigned';
      if (!cur || cur.reviewer !== reviewer) {
        if (cur) await close(cur);
        cur = open(reviewer, ei >= 0 ? (r[ei] ?? null) : null);
      }
      if (!cur.email && ei >= 0 && r[ei]) cur.email = r[ei];
      cur.sheet.add(r);
      cur.rows++;
      if (pi >= 0 && r[pi] === 'true') cur.privileged++;
      if (reviewer === 'unassigned') unassignedRows++;
    }
  }
  if (cur) await close(cur);
  await Promise.all(inFlight);
  await writeFile(path.join(dir, PACKET_INDEX), '\uFEFF' + index.join('\r\n') + '\r\n');
  outputs.push({ file: `${PACKETS_DIR}/${PACKET_INDEX}`, rows: index.length - 1 });
  return { outputs, packets: index.length - 1, unassignedRows };
}

// The packets of `run --packets` from the Review rows in reviewer order (see ./packets.ts):
// a packet is opened when its reviewer's first row comes and committed when the next
// reviewer's does, so only one packet is open at a time. Fed on the main thread, or on the
// worker of ./packets-worker.ts (the same code either way, so the bytes are the same).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { csvCell } from '../review/decisions.js';
import { ReviewSheetWriter, writeSignOff, EXCEL_MAX_ROWS } from './workbook.js';
import { installQuotePrefixSupport } from './xlsx-quote-prefix.js';
import { PacketTemplate } from './packet-template.js';
import { PACKETS_DIR } from './packets-dir.js';
import type { OutputFile } from './types.js';

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

/**
 * A copy of a string that holds none of the text it was cut from. V8 keeps a substring as a
 * slice of its parent, and a chunk's rows are split out of one string of ~2k rows: a name
 * kept for the index would keep its whole chunk alive (tens of thousands of packets: every
 * chunk of the run, hundreds of MiB on the worker).
 */
function own(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le'); // V8 copies shorter ones
}

/** Packet files written at once at most (each holds its bytes until written). */
const IN_FLIGHT = 16;

export class PacketBuilder {
  private readonly used = new Set<string>();
  private readonly index: string[] = [INDEX_COLUMNS.join(',')];
  private readonly outputs: HashedOutput[] = [];
  private readonly inFlight: Array<Promise<void>> = [];
  private unassignedRows = 0;
  private cur: Open | null = null;
  private readonly ri: number;
  private readonly ei: number;
  private readonly pi: number;

  private constructor(
    private readonly dir: string,
    private readonly columns: readonly string[],
    private readonly counts: ReadonlyMap<string, number>,
    private readonly opts: PacketsOptions,
    private readonly template: PacketTemplate,
    private readonly maxRows: number,
    private readonly syncWrites: boolean,
  ) {
    this.ri = columns.indexOf('reviewer');
    this.ei = columns.indexOf('reviewer_email');
    this.pi = columns.indexOf('privileged');
  }

  /**
   * A builder writing into `<outDir>/packets/`; `counts` are the rows per reviewer.
   * `syncWrites` on a thread of its own (the worker): each packet written before the next is built.
   */
  static async create(outDir: string, columns: readonly string[], counts: ReadonlyMap<string, number>, opts: PacketsOptions, syncWrites = false): Promise<PacketBuilder> {
    if (!columns.includes('reviewer')) throw new Error('review_rows lacks the reviewer column');
    installQuotePrefixSupport();
    const dir = path.join(outDir, PACKETS_DIR);
    await mkdir(dir, { recursive: true });
    const maxRows = Math.min(opts.maxRowsPerSheet ?? EXCEL_MAX_ROWS, EXCEL_MAX_ROWS);
    const template = await PacketTemplate.create(columns, opts);
    return new PacketBuilder(dir, columns, counts, opts, template, maxRows, syncWrites);
  }

  /** Add rows (in reviewer order); resolves when the packets they completed are handed to the disk. */
  async add(rows: ReadonlyArray<readonly (string | null)[]>): Promise<void> {
    const { ri, ei, pi } = this;
    for (const r of rows) {
      const reviewer = r[ri] ?? 'unassigned';
      let cur = this.cur;
      if (!cur || cur.reviewer !== reviewer) {
        if (cur) await this.close(cur);
        cur = this.cur = this.open(reviewer, ei >= 0 ? (r[ei] ?? null) : null);
      }
      if (!cur.email && ei >= 0 && r[ei]) cur.email = r[ei];
      cur.sheet.add(r);
      cur.rows++;
      if (pi >= 0 && r[pi] === 'true') cur.privileged++;
      if (reviewer === 'unassigned') this.unassignedRows++;
    }
  }

  /** Commit the last packet, wait for every write and write index.csv. */
  async finish(): Promise<PacketsResult> {
    if (this.cur) await this.close(this.cur);
    this.cur = null;
    await Promise.all(this.inFlight);
    await writeFile(path.join(this.dir, PACKET_INDEX), '\uFEFF' + this.index.join('\r\n') + '\r\n');
    this.outputs.push({ file: `${PACKETS_DIR}/${PACKET_INDEX}`, rows: this.index.length - 1 });
    return { outputs: this.outputs, packets: this.index.length - 1, unassignedRows: this.unassignedRows };
  }

  /** Wait for the writes under way (after a failure: none is left running). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inFlight);
  }

  private titleOf(reviewer: string): string {
    return `Access review packet — ${reviewer} — as of ${this.opts.asOf}`;
  }

  private async close(p: Open): Promise<void> {
    let hash: { sha256: string; bytes: number } | undefined;
    if (p.wb) {
      (p.sheet as ReviewSheetWriter).end();
      writeSignOff(p.wb, { reviewer: p.reviewer, auditId: this.opts.auditId, asOf: this.opts.asOf, rows: p.rows });
      await p.wb.commit();
    } else {
      const w = this.template.write(path.join(this.dir, p.file), p.reviewer, this.titleOf(p.reviewer), this.syncWrites);
      hash = { sha256: w.sha256, bytes: w.bytes };
      w.written.catch(() => undefined); // awaited below or by finish()/settle()
      this.inFlight.push(w.written);
      if (this.inFlight.length >= IN_FLIGHT) await this.inFlight.shift();
    }
    this.index.push(own([p.reviewer, p.email ?? '', `${PACKETS_DIR}/${p.file}`, String(p.rows), String(p.privileged)].map(csvCell).join(',')));
    this.outputs.push({ file: `${PACKETS_DIR}/${p.file}`, rows: p.rows, ...hash });
  }

  private open(reviewer: string, email: string | null): Open {
    const base = own(safeFileBase(reviewer));
    let name = base;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    this.used.add(name.toLowerCase());
    const file = own(`${name}.xlsx`);
    // the template makes a packet of one sheet; a longer one, or a name to neutralise, goes through exceljs
    if (this.template.fits(reviewer) && (this.counts.get(reviewer) ?? 0) < this.maxRows - 1) {
      this.template.start();
      return { reviewer, email, file, rows: 0, privileged: 0, wb: null, sheet: this.template };
    }
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path.join(this.dir, file),
      useStyles: true,
      useSharedStrings: false,
      zip: { zlib: { level: 1 } },
    } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]);
    wb.creator = this.opts.creator;
    if (this.opts.created) {
      wb.created = this.opts.created;
      wb.modified = this.opts.created;
    }
    wb.title = this.titleOf(reviewer);
    return { reviewer, email, file, rows: 0, privileged: 0, wb, sheet: new ReviewSheetWriter(wb, this.opts.currency, this.columns, this.maxRows, 'review_rows') };
  }
}

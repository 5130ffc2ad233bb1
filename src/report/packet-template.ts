// Packets at scale: exceljs costs ~10 ms to set up and commit a workbook, which is minutes for
// tens of thousands of reviewers. So one packet is written by exceljs (the template: the
// Review sheet with two sample rows, plain and neutralised, and the Sign-off sheet with
// placeholders), and every packet is that template with its own rows: the static parts
// (styles, theme, relationships) are compressed once and copied, only the two sheets and
// the document title are built per packet. Cells are the template's own cells (style ids
// read from its sample rows), so a packet is what exceljs would have written.
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { deflateRawSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text as streamText } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { ZipArchive } from '../review/zip.js';
import { needsNeutralising, neutralise } from './neutralise.js';
import { REVIEW_LAYOUT } from './review-layout.js';
import { ReviewSheetWriter, writeSignOff } from './workbook.js';
import { fitCell } from './xlsx-fast-rows.js';

const PARTS = [
  'xl/theme/theme1.xml', '_rels/.rels', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', '[Content_Types].xml',
  'docProps/app.xml', 'docProps/core.xml', 'xl/styles.xml', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml',
];
const REVIEWER = '\u2060REVIEWER\u2060';
const TITLE = '\u2060TITLE\u2060';
const ROWS = 987654321;

// CRC-32 (zip's), table-driven.
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32Js(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
/** zlib's own CRC-32 where Node has it (20.15+, 22.2+): the JS loop was a tenth of a packet's cost. */
const nativeCrc32 = (zlib as { crc32?: (data: Buffer) => number }).crc32;
export const crc32: (buf: Buffer) => number = typeof nativeCrc32 === 'function' ? (b) => nativeCrc32(b) >>> 0 : crc32Js;
export { crc32Js };

interface Part {
  name: Buffer;
  crc: number;
  size: number;
  data: Buffer; // deflated
}
function part(name: string, content: string | Buffer): Part {
  const raw = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { name: Buffer.from(name, 'utf8'), crc: crc32(raw), size: raw.length, data: deflateRawSync(raw, { level: 1 }) };
}

/** A zip archive of deflated parts (fixed DOS time 1980-01-01: the bytes depend on the content only). */
function zip(parts: readonly Part[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0800, 6); // UTF-8 names
    h.writeUInt16LE(8, 8); // deflate
    h.writeUInt16LE(0, 10);
    h.writeUInt16LE(0x21, 12);
    h.writeUInt32LE(p.crc, 14);
    h.writeUInt32LE(p.data.length, 18);
    h.writeUInt32LE(p.size, 22);
    h.writeUInt16LE(p.name.length, 26);
    h.writeUInt16LE(0, 28);
    chunks.push(h, p.name, p.data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(8, 10);
    c.writeUInt16LE(0, 12);
    c.writeUInt16LE(0x21, 14);
    c.writeUInt32LE(p.crc, 16);
    c.writeUInt32LE(p.data.length, 20);
    c.writeUInt32LE(p.size, 24);
    c.writeUInt16LE(p.name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, p.name);
    offset += 30 + p.name.length + p.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, cd, end]);
}

/** Text that fitCell, neutralise and xml() all leave as it is (the common case: one test instead of five). */
const NEEDS_WORK = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F<>&\uFFFE\uFFFF\uD800-\uDFFF]|^[=+\-@\t\r']/;
const FAST_MAX = 32_766; // fitCell cuts longer text

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const LETTERS = REVIEW_LAYOUT.map((_, i) => String.fromCharCode(65 + i)); // 22 columns: A–V

export interface PacketTemplateOptions {
  currency: string;
  asOf: string;
  auditId: string;
  creator: string;
  created?: Date;
}

export class PacketTemplate {
  private constructor(
    statics: Part[],
    private readonly order: string[],
    private readonly sheetHead: string,
    private readonly sheetTail: string,
    private readonly plainAttr: string[],
    private readonly quotedAttr: string[],
    private readonly rowOpen: string,
    private readonly signOff: string,
    private readonly core: string,
    private readonly at: number[],
  ) {
    this.byName = new Map(statics.map((p) => [p.name.toString('utf8'), p]));
  }

  private readonly byName: Map<string, Part>;

  /** Build the template with exceljs (in a temporary folder) and read its parts back. */
  static async create(columns: readonly string[], o: PacketTemplateOptions): Promise<PacketTemplate> {
    const dir = await mkdtemp(path.join(tmpdir(), 'aa-packet-'));
    try {
      const file = path.join(dir, 'template.xlsx');
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
      wb.creator = o.creator;
      if (o.created) {
        wb.created = o.created;
        wb.modified = o.created;
      }
      wb.title = TITLE;
      const sheet = new ReviewSheetWriter(wb, o.currency, columns, 1_048_576, 'review_rows');
      sheet.add(columns.map(() => 'x'));
      sheet.add(columns.map(() => '=x'));
      sheet.end();
      writeSignOff(wb, { reviewer: REVIEWER, auditId: o.auditId, asOf: o.asOf, rows: ROWS });
      await wb.commit();
      const z = await ZipArchive.open(file);
      const texts = new Map<string, string>();
      for (const name of PARTS) {
        const e = z.entry(name);
        if (!e) throw new Error(`exceljs wrote no ${name}: the packet template needs updating (src/report/packet-template.ts)`);
        texts.set(name, await streamText(await z.openText(e)));
      }
      const s1 = texts.get('xl/worksheets/sheet1.xml')!;
      const r2 = s1.indexOf('<row r="2"');
      const r3 = s1.indexOf('<row r="3"');
      const endData = s1.indexOf('</sheetData>');
      if (r2 < 0 || r3 < 0 || endData < 0) throw new Error('unexpected exceljs sheet XML in the packet template');
      const attrs = (rowXml: string, n: number): string[] =>
        LETTERS.map((l) => {
          const m = new RegExp(`<c r="${l}${n}"((?: s="\\d+")?) t="str"><v>`).exec(rowXml);
          return m ? m[1]! : '\u0000';
        });
      const row2 = s1.slice(r2, r3);
      const row3 = s1.slice(r3, endData);
      const rowOpen = /^<row r="2"([^>]*)>/.exec(row2)![1]!;
      const at = REVIEW_LAYOUT.map((c) => (c.key === null ? -1 : columns.indexOf(c.key)));
      const t = new PacketTemplate(
        PARTS.filter((n) => !['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'docProps/core.xml'].includes(n)).map((n) => part(n, texts.get(n)!)),
        PARTS,
        s1.slice(0, r2),
        s1.slice(endData),
        attrs(row2, 2),
        attrs(row3, 3),
        rowOpen,
        texts.get('xl/worksheets/sheet2.xml')!,
        texts.get('docProps/core.xml')!,
        at,
      );
      return t;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Can this reviewer's packet be made from the template? (A name that needs neutralising goes through exceljs.) */
  fits(reviewer: string): boolean {
    return !needsNeutralising(reviewer);
  }

  private rowsXml: string[] = [];
  private n = 0;

  start(): void {
    this.rowsXml = [];
    this.n = 0;
  }

  add(r: readonly (string | null)[]): void {
    const rowNo = this.n + 2;
    let out = `<row r="${rowNo}"${this.rowOpen}>`;
    for (let i = 0; i < this.at.length; i++) {
      const k = this.at[i]!;
      if (k < 0) continue;
      const v = r[k];
      if (v === null || v === undefined || v === '') continue;
      if (v.length <= FAST_MAX && !NEEDS_WORK.test(v)) {
        out += `<c r="${LETTERS[i]}${rowNo}"${this.plainAttr[i]!} t="str"><v>${v}</v></c>`;
        continue;
      }
      const fitted = fitCell(v);
      const quoted = needsNeutralising(fitted);
      const attr = quoted ? this.quotedAttr[i]! : this.plainAttr[i]!;
      out += `<c r="${LETTERS[i]}${rowNo}"${attr} t="str"><v>${xml(quoted ? neutralise(fitted) : fitted)}</v></c>`;
    }
    this.rowsXml.push(out + '</row>');
    this.n++;
  }

  /**
   * Write the packet; returns its SHA-256 and size (for the manifest: no second read of
   * thousands of files) and the pending write, so that the caller can keep a few in flight.
   * `sync`: written before this returns (on a worker thread of its own, blocking costs no one
   * and a synchronous write is a third of the CPU of a promised one).
   */
  write(file: string, reviewer: string, title: string, sync = false): { sha256: string; bytes: number; written: Promise<void> } {
    const last = this.n + 1;
    const tail = this.sheetTail.replace(/<autoFilter ref="A1:V\d+"\/>/, `<autoFilter ref="A1:V${last}"/>`).replace(/sqref="F2:F\d+"/, `sqref="F2:F${Math.max(last, 2)}"`);
    const sheet1 = this.sheetHead + this.rowsXml.join('') + tail;
    const sheet2 = this.signOff.replace(REVIEWER, xml(reviewer)).replace(`<v>${ROWS}</v>`, `<v>${this.n}</v>`);
    const core = this.core.replace(TITLE, xml(title));
    const byName = this.byName;
    const parts = this.order.map((n) =>
      n === 'xl/worksheets/sheet1.xml' ? part(n, sheet1) : n === 'xl/worksheets/sheet2.xml' ? part(n, sheet2) : n === 'docProps/core.xml' ? part(n, core) : byName.get(n)!,
    );
    const bytes = zip(parts);
    let written: Promise<void>;
    if (sync) {
      writeFileSync(file, bytes);
      written = Promise.resolve();
    } else {
      written = writeFile(file, bytes);
    }
    this.rowsXml = [];
    return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, written };
  }

  get rows(): number {
    return this.n;
  }
}

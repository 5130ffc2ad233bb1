// The XML parts of an .xlsx that `decisions` reads (workbook, relationships, shared strings,
// worksheets), parsed by one small scanner instead of exceljs's streaming reader: at 100k
// users a campaign is ~1 GiB of sheet XML (the audit's 508k-row Review sheet and 56k
// packets), and exceljs's SAX events and Row/Cell objects cost minutes where this costs
// seconds.
//
// The values handed on are exactly what exceljs's streaming WorksheetReader makes of the
// same XML (`row.values`: a sparse array by column of string | number | boolean | formula,
// rich-text, error objects), including its quirks (text after a cell's last child is
// appended to it; the last <t> of an inline string wins; a formula's falsy result is
// dropped), so `cellText` and every check built on it see the same thing as before. XML
// itself: elements, attributes, the five predefined entities and character references,
// comments and processing instructions (skipped), CDATA (ignored, as exceljs ignores it);
// a DOCTYPE or an undefined entity is an error.
import { createRequire } from 'node:module';

const colCache = createRequire(import.meta.url)('exceljs/lib/utils/col-cache.js') as { decodeAddress(ref: string): { col: number } };

export class XmlError extends Error {}

/** An unfinished tag held across chunks longer than this is refused (else each chunk would rescan it). */
const MAX_PENDING = 16 * 1024 * 1024;

/** Receives the parts of a document in order; a self-closing element is an open then a close. */
export interface XmlHandler {
  open(name: string, attrs: string): void;
  text(text: string): void;
  close(name: string): void;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&([^;&<]*);?/g, (m, name: string) => {
    if (!m.endsWith(';')) throw new XmlError(`an unterminated entity (${m.slice(0, 20)})`);
    const known = ENTITIES[name];
    if (known !== undefined) return known;
    const num = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
    if (num) {
      const cp = num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2]!, 10);
      if (cp > 0 && cp <= 0x10ffff) return String.fromCodePoint(cp);
    }
    throw new XmlError(`an undefined entity &${name.slice(0, 20)};`);
  });
}

/** Text content: entities decoded, line ends normalised as XML requires. */
function textOf(s: string): string {
  const t = s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n');
  return decode(t);
}

const isSpace = (ch: number): boolean => ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d;

/** The value of attribute `name` in a tag's raw attribute text, decoded; undefined when absent. */
export function attr(raw: string, name: string): string | undefined {
  // Attribute by attribute (a value may itself hold text like ` r="…"`).
  const n = raw.length;
  let p = 0;
  while (p < n) {
    while (p < n && isSpace(raw.charCodeAt(p))) p++;
    const start = p;
    while (p < n && raw.charCodeAt(p) !== 0x3d /* = */ && !isSpace(raw.charCodeAt(p))) p++;
    const key = raw.slice(start, p);
    while (p < n && isSpace(raw.charCodeAt(p))) p++;
    if (raw.charCodeAt(p) !== 0x3d) return undefined; // not attribute syntax
    p++;
    while (p < n && isSpace(raw.charCodeAt(p))) p++;
    const q = raw[p];
    if (q !== '"' && q !== "'") return undefined;
    const end = raw.indexOf(q, p + 1);
    if (end < 0) return undefined;
    if (key === name) {
      const v = raw.slice(p + 1, end);
      return decode(v.indexOf('\r') < 0 && v.indexOf('\n') < 0 && v.indexOf('\t') < 0 ? v : v.replace(/\r\n?|\n|\t/g, ' '));
    }
    p = end + 1;
  }
  return undefined;
}

/** An incremental scanner: feed() text chunks in order, then end(). */
export class XmlScanner {
  private pending = '';
  private started = false;
  constructor(private readonly h: XmlHandler) {}

  feed(chunk: string): void {
    let s = this.pending + chunk;
    if (!this.started && s.length > 0) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const h = this.h;
    const n = s.length;
    let pos = 0;
    while (pos < n) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        // Text to the end of the chunk: pass it on (a long text must not be scanned again with
        // every chunk), but keep an entity or a CR that the next chunk may complete.
        let cut = n;
        const amp = s.lastIndexOf('&');
        if (amp >= pos && s.indexOf(';', amp) < 0) cut = amp;
        if (cut > pos && s.charCodeAt(cut - 1) === 0x0d) cut--;
        if (cut > pos) h.text(textOf(s.slice(pos, cut)));
        pos = cut;
        break;
      }
      if (lt > pos) h.text(textOf(s.slice(pos, lt)));
      pos = lt;
      const c1 = s.charCodeAt(lt + 1);
      if (Number.isNaN(c1)) break;
      if (c1 === 0x2f /* / */) {
        const gt = s.indexOf('>', lt + 2);
        if (gt < 0) break;
        h.close(s.slice(lt + 2, gt).trim());
        pos = gt + 1;
      } else if (c1 === 0x3f /* ? */) {
        const end = s.indexOf('?>', lt + 2);
        if (end < 0) break;
        pos = end + 2;
      } else if (c1 === 0x21 /* ! */) {
        if (s.length < lt + 9 && !s.startsWith('<!--', lt)) break; // not yet known which
        if (s.startsWith('<!--', lt)) {
          const end = s.indexOf('-->', lt + 4);
          if (end < 0) break;
          pos = end + 3;
        } else if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9);
          if (end < 0) break;
          pos = end + 3;
        } else {
          throw new XmlError(s.startsWith('<!DOCTYPE', lt) ? 'a DOCTYPE, which a workbook part never has' : `markup that is not XML (${s.slice(lt, lt + 12)})`);
        }
      } else {
        let gt = s.indexOf('>', lt + 1);
        if (gt < 0) break;
        let body = s.slice(lt + 1, gt);
        if (body.indexOf('"') >= 0 || body.indexOf("'") >= 0) {
          // An attribute value may hold '>': find the '>' outside quotes.
          let q = 0;
          let p = lt + 1;
          for (; p < n; p++) {
            const ch = s.charCodeAt(p);
            if (q !== 0) {
              if (ch === q) q = 0;
            } else if (ch === 0x22 || ch === 0x27) q = ch;
            else if (ch === 0x3e) break;
          }
          if (p >= n) break;
          gt = p;
          body = s.slice(lt + 1, gt);
        }
        const self = body.charCodeAt(body.length - 1) === 0x2f;
        if (self) body = body.slice(0, -1);
        let e = 0;
        while (e < body.length) {
          const ch = body.charCodeAt(e);
          if (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d) break;
          e++;
        }
        const name = body.slice(0, e);
        if (name === '') throw new XmlError(`a tag without a name (${s.slice(lt, lt + 12)})`);
        h.open(name, e < body.length ? body.slice(e) : '');
        if (self) h.close(name);
        pos = gt + 1;
      }
    }
    this.pending = pos < n ? s.slice(pos) : '';
    if (this.pending.length > MAX_PENDING) throw new XmlError(`a tag or entity longer than ${MAX_PENDING / (1024 * 1024)} MiB`);
  }

  end(): void {
    const rest = this.pending;
    this.pending = '';
    if (rest.indexOf('<') >= 0) throw new XmlError('the XML ends inside a tag (truncated?)');
    if (rest !== '') this.h.text(textOf(rest));
  }
}

/** Scan a whole document given as one string or as chunks. */
export async function scanXml(input: string | AsyncIterable<string>, h: XmlHandler): Promise<void> {
  const sc = new XmlScanner(h);
  if (typeof input === 'string') sc.feed(input);
  else for await (const chunk of input) sc.feed(chunk);
  sc.end();
}

/** A shared string as exceljs's reader caches it: text, rich text, or null for an empty one. */
export type SharedString = string | null | { richText: Array<{ text: string | null }> };

/** xl/sharedStrings.xml → the table, in order. */
export async function parseSharedStrings(input: string | AsyncIterable<string>): Promise<SharedString[]> {
  const out: SharedString[] = [];
  let text: string | null = null;
  let rich: Array<{ text: string | null }> = [];
  await scanXml(input, {
    open(name) {
      if (name === 'si') {
        rich = [];
        text = null;
      } else if (name === 't') text = null;
    },
    text(t) {
      text = text ? text + t : t;
    },
    close(name) {
      if (name === 'r') {
        rich.push({ text });
        text = null;
      } else if (name === 'si') {
        out.push(rich.length ? { richText: rich } : text);
        rich = [];
        text = null;
      }
    },
  });
  return out;
}

/** xl/workbook.xml → its sheets in order (name and relationship id). */
export async function parseWorkbookSheets(input: string | AsyncIterable<string>): Promise<Array<{ name: string; rId: string | undefined }>> {
  const sheets: Array<{ name: string; rId: string | undefined }> = [];
  let inSheets = 0;
  await scanXml(input, {
    open(name, a) {
      if (name === 'sheets') inSheets++;
      else if (name === 'sheet' && inSheets > 0) sheets.push({ name: attr(a, 'name') ?? '', rId: attr(a, 'r:id') });
    },
    text() {},
    close(name) {
      if (name === 'sheets') inSheets--;
    },
  });
  return sheets;
}

/** xl/_rels/workbook.xml.rels → its relationships. */
export async function parseRelationships(input: string | AsyncIterable<string>): Promise<Array<{ Id: string | undefined; Type: string | undefined; Target: string }>> {
  const rels: Array<{ Id: string | undefined; Type: string | undefined; Target: string }> = [];
  await scanXml(input, {
    open(name, a) {
      if (name === 'Relationship') rels.push({ Id: attr(a, 'Id'), Type: attr(a, 'Type'), Target: attr(a, 'Target') ?? '' });
    },
    text() {},
    close() {},
  });
  return rels;
}

/** One row of a worksheet: its number (row 1 = headers) and exceljs-shaped values by column. */
export interface SheetRow {
  number: number;
  values: unknown[];
}

interface Part {
  text: string;
}

/**
 * A copy of a cell's text that does not keep the chunk it was cut from alive (V8 cuts
 * substrings as views of their parent: a kept cell would hold its whole chunk of XML, and a
 * 500k-row audit all of its half a gigabyte).
 */
const own = (s: string): string => (s.length < 13 ? s : (s + ' ').slice(0, -1));

/** The value exceljs's Cell gives back for what its reader assigned (its type rules, its formula copy). */
function cellValue(v: unknown): unknown {
  if (v === null || v === undefined || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (o.formula || o.sharedFormula) {
    const copy: Record<string, unknown> = {};
    for (const k of ['formula', 'result', 'ref', 'shareType', 'sharedFormula']) if (o[k]) copy[k] = o[k];
    return copy;
  }
  return v;
}

/**
 * Stream the rows of a worksheet part to `onRow` (called in document order; it may throw to
 * stop). `sharedStrings` is the workbook's table, or undefined when it has none.
 */
export async function parseSheetRows(
  input: string | AsyncIterable<string>,
  sharedStrings: SharedString[] | undefined,
  onRow: (row: SheetRow) => void,
): Promise<void> {
  let inRows = false;
  let row: SheetRow | null = null;
  let c: { ref: string | undefined; t: string | undefined; f?: Part; v?: Part } | null = null;
  let current: Part | null = null;
  await scanXml(input, {
    open(name, a) {
      switch (name) {
        case 'sheetData':
          inRows = true;
          break;
        case 'row':
          if (inRows) row = { number: parseInt(attr(a, 'r') as string, 10), values: [] };
          break;
        case 'c':
          if (row) c = { ref: attr(a, 'r'), t: attr(a, 't') };
          break;
        case 'f':
          if (c) current = c.f = { text: '' };
          break;
        case 'v':
        case 'is':
        case 't':
          if (c) current = c.v = { text: '' };
          break;
        default:
          break;
      }
    },
    text(t) {
      if (current) current.text += t;
    },
    close(name) {
      switch (name) {
        case 'sheetData':
          inRows = false;
          break;
        case 'row':
          if (row) onRow(row);
          row = null;
          break;
        case 'c':
          if (row && c) {
            const col = colCache.decodeAddress(c.ref as string).col;
            let v: unknown;
            let set = true;
            if (c.f) {
              const fv: Record<string, unknown> = { formula: c.f.text };
              if (c.v) fv.result = c.t === 'str' ? c.v.text : parseFloat(c.v.text);
              v = fv;
            } else if (c.v) {
              const text = c.v.text;
              switch (c.t) {
                case 's': {
                  const index = parseInt(text, 10);
                  v = sharedStrings ? sharedStrings[index] : { sharedString: index };
                  break;
                }
                case 'inlineStr':
                case 'str':
                  v = text;
                  break;
                case 'e':
                  v = { error: text };
                  break;
                case 'b':
                  v = parseInt(text, 10) !== 0;
                  break;
                default:
                  v = parseFloat(text);
                  break;
              }
            } else set = false;
            if (set) {
              const value = typeof v === 'string' ? own(v) : cellValue(v);
              if (value === null || value === undefined) delete row.values[col];
              else row.values[col] = value;
            }
            c = null;
          }
          break;
        default:
          break;
      }
    },
  });
}

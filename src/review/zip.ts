// A minimal reader of ZIP archives (an .xlsx is one), through the central directory: each
// entry is found by name and streamed (a file range through zlib's inflate), so a part of
// any size is never held in memory and no entry can be missed.
//
// Why not exceljs's own zip pass: its streaming WorkbookReader reads the archive in one
// forward pass (unzipper's Parse) that intermittently drops entries on Node >= 18 — most
// often the last one, xl/workbook.xml in exceljs-written workbooks (exceljs issue #3064).
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';

export class ZipFormatError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  encrypted: boolean;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CDFH = 0x02014b50;
const LFH = 0x04034b50;
const MAX = 0xffffffff;

type ReadAt = (pos: number, len: number) => Promise<Buffer> | Buffer;

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, pos);
  if (bytesRead !== len) throw new ZipFormatError('the file ends inside the zip directory (truncated?)');
  return buf;
}

/** The same bytes as readAt() above, from a file already in memory. */
function bufferAt(buf: Buffer): (pos: number, len: number) => Buffer {
  return (pos, len) => {
    if (pos < 0 || pos + len > buf.length) throw new ZipFormatError('the file ends inside the zip directory (truncated?)');
    return buf.subarray(pos, pos + len);
  };
}

/** Read and inflate in 1 MiB pieces: with the defaults (64 KiB, 16 KiB), a 500 MB part costs seconds in per-chunk overhead. */
const CHUNK = 1 << 20;

/** Larger parts of an archive in memory are still inflated as a stream (a string has a size limit). */
const TEXT_AT_ONCE = 128 * 1024 * 1024;

export class ZipArchive {
  private constructor(
    readonly file: string,
    private readonly entries: Map<string, ZipEntry>,
    /** The whole file, when it was read into memory (ZipArchive.fromBuffer). */
    private readonly buf: Buffer | null = null,
  ) {}

  /** Read the central directory; a file that is not a complete zip is a ZipFormatError. */
  static async open(file: string): Promise<ZipArchive> {
    const fh = await open(file, 'r');
    try {
      const { size } = await fh.stat();
      return new ZipArchive(file, await readDirectory(size, (pos, len) => readAt(fh, pos, len)));
    } finally {
      await fh.close();
    }
  }

  /** The archive of a file already read into memory (no further reads of the file). */
  static async fromBuffer(file: string, buf: Buffer): Promise<ZipArchive> {
    return new ZipArchive(file, await readDirectory(buf.length, bufferAt(buf)), buf);
  }

  /** Entry names as stored. */
  names(): string[] {
    return [...this.entries.values()].map((e) => e.name);
  }

  /** The entry of that name (case-insensitive, as OPC part names are), or undefined. */
  entry(name: string): ZipEntry | undefined {
    return this.entries.get(name.replace(/^\/+/, '').toLowerCase());
  }

  /** Where the entry's data starts (after its local header). */
  private async dataStart(entry: ZipEntry): Promise<number> {
    if (this.buf) {
      const lfh = bufferAt(this.buf)(entry.localHeaderOffset, 30);
      if (lfh.readUInt32LE(0) !== LFH) throw new ZipFormatError(`a broken zip entry header for ${entry.name}`);
      return entry.localHeaderOffset + 30 + lfh.readUInt16LE(26) + lfh.readUInt16LE(28);
    }
    const fh = await open(this.file, 'r');
    try {
      const lfh = await readAt(fh, entry.localHeaderOffset, 30);
      if (lfh.readUInt32LE(0) !== LFH) throw new ZipFormatError(`a broken zip entry header for ${entry.name}`);
      return entry.localHeaderOffset + 30 + lfh.readUInt16LE(26) + lfh.readUInt16LE(28);
    } finally {
      await fh.close();
    }
  }

  /**
   * The entry's content as UTF-8 text: one string when the archive is in memory and the
   * part is not large, else a stream of text chunks (as openText). The same checks and
   * errors as openText.
   */
  async content(entry: ZipEntry, maxBytes = Number.MAX_SAFE_INTEGER): Promise<string | Readable> {
    if (!this.buf || entry.size > TEXT_AT_ONCE) return this.openText(entry, maxBytes);
    if (entry.encrypted) throw new ZipFormatError(`${entry.name} is encrypted`);
    if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`${entry.name} uses an unsupported compression method (${entry.method})`);
    const dataStart = await this.dataStart(entry);
    const data = this.buf.subarray(dataStart, dataStart + entry.compressedSize);
    const expected = entry.size;
    const limit = Math.min(expected, maxBytes);
    const tooLong = () =>
      new ZipFormatError(limit === expected ? `${entry.name} inflates past the ${expected} bytes the zip directory says (damaged or crafted?)` : `${entry.name} inflates past ${maxBytes} bytes`);
    let out: Buffer;
    if (entry.method === 8 && entry.compressedSize > 0) {
      try {
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, limit) });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLong();
        throw new ZipFormatError(`${entry.name} cannot be decompressed (${(e as Error).message})`);
      }
    } else {
      out = data;
    }
    if (out.length > limit) throw tooLong();
    if (out.length !== expected) throw new ZipFormatError(`${entry.name} is ${out.length} bytes where the zip directory says ${expected} (damaged?)`);
    return out.toString('utf8');
  }

  /**
   * The entry's content as a stream of UTF-8 text (characters split across chunks are kept
   * whole). A corrupt or short entry makes the stream fail with a ZipFormatError.
   */
  async openText(entry: ZipEntry, maxBytes = Number.MAX_SAFE_INTEGER): Promise<Readable> {
    if (entry.encrypted) throw new ZipFormatError(`${entry.name} is encrypted`);
    if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`${entry.name} uses an unsupported compression method (${entry.method})`);
    const dataStart = await this.dataStart(entry);
    const raw =
      entry.compressedSize === 0
        ? Readable.from([])
        : this.buf
          ? Readable.from([this.buf.subarray(dataStart, dataStart + entry.compressedSize)])
          : createReadStream(this.file, { start: dataStart, end: dataStart + entry.compressedSize - 1, highWaterMark: CHUNK });
    let seen = 0;
    const expected = entry.size;
    const limit = Math.min(expected, maxBytes);
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        seen += chunk.length;
        // Stop inflating as soon as the entry is longer than its directory says (or than the
        // caller allows): a crafted entry cannot expand without bound.
        if (seen > limit) {
          cb(new ZipFormatError(seen > expected ? `${entry.name} inflates past the ${expected} bytes the zip directory says (damaged or crafted?)` : `${entry.name} inflates past ${maxBytes} bytes`));
          return;
        }
        cb(null, chunk);
      },
      flush(cb) {
        cb(seen === expected ? null : new ZipFormatError(`${entry.name} is ${seen} bytes where the zip directory says ${expected} (damaged?)`));
      },
    });
    const fail = (e: Error) => counter.destroy(e instanceof ZipFormatError ? e : new ZipFormatError(`${entry.name} cannot be decompressed (${e.message})`));
    raw.on('error', fail);
    if (entry.method === 8) {
      const inflate = createInflateRaw({ chunkSize: CHUNK });
      inflate.on('error', fail);
      raw.pipe(inflate).pipe(counter);
    } else {
      raw.pipe(counter);
    }
    counter.setEncoding('utf8');
    return counter;
  }
}

/** The central directory of an archive of `size` bytes. */
async function readDirectory(size: number, readAt: ReadAt): Promise<Map<string, ZipEntry>> {
  const tailLen = Math.min(size, 22 + 0xffff);
  if (tailLen < 22) throw new ZipFormatError('too short to be a zip archive');
  const tail = await readAt(size - tailLen, tailLen);
  let at = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipFormatError('no zip directory at its end (truncated or not a zip archive)');
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === MAX || cdOffset === MAX) {
    const locAt = size - tailLen + at - 20;
    if (locAt < 0) throw new ZipFormatError('a ZIP64 archive without its ZIP64 directory locator');
    const loc = await readAt(locAt, 20);
    if (loc.readUInt32LE(0) !== EOCD64_LOCATOR) throw new ZipFormatError('a ZIP64 archive without its ZIP64 directory locator');
    const rec = await readAt(Number(loc.readBigUInt64LE(8)), 56);
    if (rec.readUInt32LE(0) !== EOCD64) throw new ZipFormatError('a broken ZIP64 directory record');
    count = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size) throw new ZipFormatError('the zip directory points past the end of the file (truncated?)');
  const cd = await readAt(cdOffset, cdSize);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDFH) throw new ZipFormatError('a broken zip directory entry');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let usize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    // ZIP64 extended information: the 64-bit values of the fields that are 0xFFFFFFFF, in order.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (usize === MAX) (usize = Number(cd.readBigUInt64LE(q))), (q += 8);
        if (compressedSize === MAX) (compressedSize = Number(cd.readBigUInt64LE(q))), (q += 8);
        if (localHeaderOffset === MAX) localHeaderOffset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    entries.set(name.toLowerCase(), { name, method, compressedSize, size: usize, localHeaderOffset, encrypted: (flags & 1) === 1 });
    p = extraEnd + commentLen;
  }
  return entries;
}

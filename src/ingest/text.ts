// Byte-level helpers for the error path: where exactly a file stops being readable.
import { createReadStream } from 'node:fs';

/** Offset of the first byte that breaks UTF-8 in `buf`, or -1. Incomplete tail sequences count as broken only when `final`. */
export function firstInvalidUtf8(buf: Uint8Array, final = true): number {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i]!;
    let need: number;
    if (b < 0x80) { i++; continue; }
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return final ? i : -1;
      const c = buf[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      if (k === 1) {
        if (b === 0xe0 && c < 0xa0) return i; // overlong
        if (b === 0xed && c > 0x9f) return i; // surrogate
        if (b === 0xf0 && c < 0x90) return i; // overlong
        if (b === 0xf4 && c > 0x8f) return i; // > U+10FFFF
      }
    }
    i += need + 1;
  }
  return -1;
}

/** Line and column (1-based, columns in characters) of the first invalid UTF-8 byte of a file, or null. */
export async function locateInvalidUtf8(file: string): Promise<{ line: number; column: number } | null> {
  let line = 1;
  let column = 1;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file)) {
    const buf: Buffer = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const bad = firstInvalidUtf8(buf, false);
    // Keep an incomplete trailing sequence for the next chunk.
    let usable = buf.length;
    if (bad === -1) {
      let back = 0;
      while (back < 3 && usable - back - 1 >= 0 && (buf[usable - back - 1]! & 0xc0) === 0x80) back++;
      const lead = usable - back - 1;
      if (lead >= 0 && buf[lead]! >= 0xc0) usable = lead;
    }
    const end = bad === -1 ? usable : bad;
    for (let i = 0; i < end; i++) {
      const b = buf[i]!;
      if (b === 0x0a) { line++; column = 1; }
      else if ((b & 0xc0) !== 0x80) column++;
    }
    if (bad !== -1) return { line, column };
    carry = buf.subarray(usable);
  }
  if (carry.length) return { line, column };
  return null;
}

export type LineEnding = 'CRLF' | 'LF' | 'CR';
const ENDING_NAME: Record<LineEnding, string> = { CRLF: 'CRLF (Windows)', LF: 'LF (Unix)', CR: 'a bare CR (old Mac)' };
export const describeLineEnding = (e: LineEnding): string => ENDING_NAME[e];

/**
 * The first record terminator of a CSV file that differs from the file's first one, outside
 * quoted fields (a line break inside quotes is part of a value: Excel writes LF inside cells
 * and CRLF between rows). Lines are counted as an editor counts them (CRLF, LF and CR each
 * end a line); `column` is the terminator's position in characters. Null when the file uses
 * one kind throughout.
 */
export async function locateMixedLineEndings(
  file: string,
): Promise<{ line: number; column: number; ending: LineEnding; first: { line: number; ending: LineEnding } } | null> {
  let line = 1;
  let column = 1;
  let quoted = false;
  let pendingCr = false; // a CR ended the previous chunk: CRLF or bare CR depends on the next byte
  let first: { line: number; ending: LineEnding } | null = null;
  const seen = (ending: LineEnding, at: number) => {
    if (!quoted) {
      if (!first) first = { line, ending };
      else if (first.ending !== ending) return { line, column: at, ending, first };
    }
    line++;
    column = 1;
    return null;
  };
  for await (const chunk of createReadStream(file)) {
    const buf = chunk as Buffer;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (pendingCr) {
        pendingCr = false;
        const hit = seen(b === 0x0a ? 'CRLF' : 'CR', column);
        if (hit) return hit;
        if (b === 0x0a) continue;
      }
      if (b === 0x0d) {
        if (i + 1 < buf.length) {
          const crlf = buf[i + 1] === 0x0a;
          const hit = seen(crlf ? 'CRLF' : 'CR', column);
          if (hit) return hit;
          if (crlf) i++;
        } else pendingCr = true;
        continue;
      }
      if (b === 0x0a) {
        const hit = seen('LF', column);
        if (hit) return hit;
        continue;
      }
      if (b === 0x22) quoted = !quoted;
      if ((b & 0xc0) !== 0x80) column++;
    }
  }
  if (pendingCr) return seen('CR', column);
  return null;
}

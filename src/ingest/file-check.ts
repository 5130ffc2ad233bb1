// Before any input is opened: is it a regular file, and is it text we can read? A FIFO
// would block the run forever, a device such as /dev/zero would be read until memory runs
// out, and a folder makes Node throw; a UTF-16 file (Excel's "Unicode text", PowerShell's
// default) looks like binary noise to a UTF-8 reader. Each is refused at once, by name.
import { closeSync, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { InputError } from '../errors.js';

/** What a non-regular file is, in words an admin recognises. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Refuse anything but a regular file (or a symbolic link to one), without opening it.
 * `what` names the input in the message ("config file").
 */
export function checkRegularFile(abs: string, shown: string, what = 'input file'): void {
  let link: Stats;
  try {
    link = lstatSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError({ file: shown }, code === 'ENOENT' ? `cannot read the ${what} (no such file)` : `cannot read the ${what} (${code ?? String(e)})`);
  }
  let st = link;
  if (link.isSymbolicLink()) {
    try {
      st = statSync(abs);
    } catch {
      throw new InputError({ file: shown }, `the ${what} is a symbolic link to something that does not exist`);
    }
    if (!st.isFile()) {
      let target = '';
      try {
        target = ` (${realpathSync(abs)})`;
      } catch {
        /* the kind is enough */
      }
      throw new InputError({ file: shown }, `the ${what} is a symbolic link to ${kindOf(st)}${target}, not a file: nothing was read from it`);
    }
  }
  if (!st.isFile()) throw new InputError({ file: shown }, `the ${what} is ${kindOf(st)}, not a file: nothing was read from it`);
}

/**
 * UTF-16 by its byte-order mark (FF FE / FE FF) or, without one, by NUL bytes interleaved
 * with ASCII in the first bytes (UTF-8 text never holds NUL). Reads at most 4 KiB of a
 * file already known to be regular.
 */
export function detectUtf16(abs: string): 'LE' | 'BE' | null {
  return utf16Of(head(abs));
}

/** The first 4 KiB of a regular file. */
function head(abs: string): Buffer {
  const buf = Buffer.alloc(4096);
  let n = 0;
  const fd = openSync(abs, 'r');
  try {
    n = readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  return buf.subarray(0, n);
}

function utf16Of(b: Buffer): 'LE' | 'BE' | null {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'LE';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'BE';
  // Without a BOM: ASCII text in UTF-16 has a NUL in every other byte.
  let evenNul = 0;
  let oddNul = 0;
  const pairs = Math.floor(b.length / 2);
  for (let i = 0; i < pairs * 2; i += 2) {
    if (b[i] === 0 && b[i + 1] !== 0) evenNul++;
    if (b[i + 1] === 0 && b[i] !== 0) oddNul++;
  }
  if (pairs >= 2 && oddNul >= pairs / 2) return 'LE';
  if (pairs >= 2 && evenNul >= pairs / 2) return 'BE';
  return null;
}

/** A bundle file before it is read: a regular file, and not UTF-16. */
export function checkInputFile(abs: string, shown: string, what = 'input file'): void {
  checkRegularFile(abs, shown, what);
  const b = head(abs);
  // A workbook saved under a .csv name (xlsx is a ZIP archive).
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    throw new InputError({ file: shown, line: 1, column: 1 }, 'the file is a ZIP archive (an Excel workbook?), not text: save it as CSV UTF-8 or as the JSON the API returned');
  }
  const utf16 = utf16Of(b);
  if (utf16) {
    throw new InputError(
      { file: shown, line: 1, column: 1 },
      `the file is UTF-16 (${utf16 === 'LE' ? 'little' : 'big'}-endian), not UTF-8: save it as UTF-8 (in Excel: "CSV UTF-8"; in PowerShell: -Encoding utf8)`,
    );
  }
}

/**
 * For a file named on the command line (config, exceptions, previous findings, manifest;
 * `text: false` for a returned workbook): the same checks when the path exists; a missing
 * one is left to the caller's own message.
 */
export function checkNamedFile(abs: string, shown: string, what: string, opts: { text?: boolean } = {}): void {
  try {
    lstatSync(abs);
  } catch {
    return;
  }
  if (opts.text === false) checkRegularFile(abs, shown, what);
  else checkInputFile(abs, shown, what);
}

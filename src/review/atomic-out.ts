// Writing a command's outputs all together or not at all: the files are written into a
// staging folder beside the destination, then moved in by rename (same file system).
// Nothing is written before the caller has validated everything it reads.
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';

export interface OutFile {
  name: string;
  content: string | Uint8Array;
}

/** Refuse an --out that cannot become a folder of outputs (before any work is done). */
export async function checkOutDir(out: string, flag = '--out'): Promise<void> {
  try {
    const st = await stat(out);
    if (!st.isDirectory()) throw new UsageError(`${flag} ${out} is a file; give a folder`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`${flag} ${out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/**
 * Write `files` into `out`. When `out` does not exist, the staged folder is renamed to it
 * (one atomic step). When it exists, each file is renamed into it (each file atomic; other
 * files in the folder are left alone). A failure leaves `out` as it was and removes the
 * staging folder.
 */
export async function writeOutFiles(out: string, files: readonly OutFile[]): Promise<void> {
  const dest = path.resolve(out);
  const parent = path.dirname(dest);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(path.join(parent, `.${path.basename(dest)}.staging-`));
  try {
    for (const f of files) await writeFile(path.join(staging, f.name), f.content);
    let exists = false;
    try {
      exists = (await stat(dest)).isDirectory();
    } catch {
      exists = false;
    }
    if (!exists) {
      await rename(staging, dest);
      return;
    }
    for (const f of files) await rename(path.join(staging, f.name), path.join(dest, f.name));
    await rm(staging, { recursive: true, force: true });
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
}

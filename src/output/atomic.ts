// Outputs appear all together or not at all: everything is written into a staging folder
// beside the destination, and only when every file is complete is it moved in by rename
// (same file system, so no copy). Nothing is written before the caller has validated
// everything it reads.
import { chmod, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';

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

export class StagedOutput {
  private constructor(
    readonly dir: string,
    private readonly target: string,
  ) {}

  static async create(target: string, flag = '--out'): Promise<StagedOutput> {
    await checkOutDir(target, flag);
    const dest = path.resolve(target);
    const parent = path.dirname(dest);
    await mkdir(parent, { recursive: true });
    const dir = await mkdtemp(path.join(parent, `.${path.basename(dest)}.partial-`));
    return new StagedOutput(dir, dest);
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  /**
   * Move the staged files in. A new destination is the staged folder renamed (one atomic
   * step); into an existing one each file is renamed (each file atomic; other files in the
   * folder are left alone).
   */
  async commit(names: readonly string[]): Promise<void> {
    const exists = await stat(this.target).then((s) => s.isDirectory(), () => false);
    if (!exists) {
      // mkdtemp made the staging folder private (0700); the outputs get the usual mode.
      await chmod(this.dir, 0o777 & ~process.umask());
      await rename(this.dir, this.target);
      return;
    }
    for (const n of names) {
      const dest = path.join(this.target, n);
      // a folder of outputs (packets/) replaces the one an earlier run left there
      if (await stat(this.file(n)).then((s) => s.isDirectory(), () => false)) await rm(dest, { recursive: true, force: true });
      await rename(this.file(n), dest);
    }
    await rm(this.dir, { recursive: true, force: true });
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

export interface OutFile {
  name: string;
  content: string | Uint8Array;
}

/** Write small in-memory outputs all together or not at all. */
export async function writeOutFiles(out: string, files: readonly OutFile[], flag = '--out'): Promise<void> {
  const staged = await StagedOutput.create(out, flag);
  try {
    for (const f of files) await writeFile(staged.file(f.name), f.content);
    await staged.commit(files.map((f) => f.name));
  } catch (e) {
    await staged.discard();
    throw e;
  }
}

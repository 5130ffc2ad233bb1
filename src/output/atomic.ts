// Outputs appear all together or not at all: everything is written into a staging folder
// beside --out, and only when every file is complete are they renamed into place.
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../errors.js';

export class StagedOutput {
  private constructor(
    readonly dir: string,
    private readonly target: string,
  ) {}

  static async create(target: string): Promise<StagedOutput> {
    const abs = path.resolve(target);
    const existing = await stat(abs).catch(() => null);
    if (existing && !existing.isDirectory()) throw new UsageError(`--out ${target} exists and is not a folder`);
    const parent = path.dirname(abs);
    await mkdir(parent, { recursive: true });
    const dir = path.join(parent, `.${path.basename(abs)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
    await mkdir(dir);
    return new StagedOutput(dir, abs);
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  /** Move every staged file into the target folder (rename: same file system, so no copy). */
  async commit(names: string[]): Promise<void> {
    await mkdir(this.target, { recursive: true });
    for (const n of names) await rename(this.file(n), path.join(this.target, n));
    await rm(this.dir, { recursive: true, force: true });
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

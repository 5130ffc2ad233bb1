// Inputs are hashed after they are read (on a worker, off the critical path), so the hash is
// the bytes the audit read only if the file did not change in between. Each file is stamped
// (size, modification and change times, inode) before it is read, and again once it is
// hashed: a file that was appended to, rewritten or replaced during the run is refused
// (exit 2) instead of being vouched for in a state that was never audited. The change time
// cannot be set back by a user, so resetting the modification time does not hide a change.
import { statSync, type BigIntStats } from 'node:fs';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';

type Stamp = Pick<BigIntStats, 'size' | 'mtimeNs' | 'ctimeNs' | 'ino' | 'dev'>;

const stampOf = (file: string): Stamp | undefined => {
  const s = statSync(file, { bigint: true, throwIfNoEntry: false });
  return s ? { size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs, ino: s.ino, dev: s.dev } : undefined;
};

export class InputWatch {
  private readonly stamps = new Map<string, Stamp>();

  /** Stamp a file before it is read. */
  stamp(file: string): void {
    const full = path.resolve(file);
    const s = stampOf(full);
    if (s) this.stamps.set(full, s);
  }

  /** Stamp every file under a folder (an export bundle holds a few files). */
  stampTree(dir: string): void {
    for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (e.isFile()) this.stamp(path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
    }
  }

  /** Refuse the first file that changed since it was stamped (call once it is hashed). */
  check(files: ReadonlyArray<{ path: string; shown: string }>): void {
    for (const f of files) {
      const full = path.resolve(f.path);
      const before = this.stamps.get(full);
      if (!before) continue;
      const now = stampOf(full);
      const same = now && now.size === before.size && now.mtimeNs === before.mtimeNs && now.ctimeNs === before.ctimeNs && now.ino === before.ino && now.dev === before.dev;
      if (!same) {
        const what = !now ? 'was removed' : now.size !== before.size ? `changed size from ${before.size} to ${now.size} bytes` : 'was modified';
        throw new InputError(
          { file: f.shown },
          `${what} while the audit read it; nothing was written — run the audit again on an export that is complete and no longer being written`,
        );
      }
    }
  }
}

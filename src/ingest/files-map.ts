// The config's `files:` map renames the bundle's files (default name → name in this bundle);
// it may not reach outside the bundle folder (an absolute path, `..`, or a symbolic link
// out): the manifest vouches for the bundle, and verify hashes inputs only inside it.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';

export function checkFilesMap(files: Record<string, string>, bundleDir: string, configShown: string): void {
  const root = realpathSync(bundleDir);
  for (const [name, actual] of Object.entries(files)) {
    const full = path.resolve(bundleDir, actual);
    let real = full;
    try {
      real = realpathSync(full);
    } catch {
      // missing: the bundle reader says so
    }
    const inside = (p: string, dir: string) => p.startsWith(dir + path.sep);
    if (path.isAbsolute(actual) || !inside(full, path.resolve(bundleDir)) || !inside(real, root)) {
      throw new InputError(
        { file: configShown },
        `config files.${name}: "${actual}" is outside the bundle folder; the files: map names files inside the bundle (copy the file into it)`,
      );
    }
  }
}

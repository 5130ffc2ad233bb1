// Where --export-data writes: a folder inside --out, so that the data appears with the other
// outputs or not at all (one staging folder, one commit) and manifest.json lists and hashes
// it with paths relative to --out like every other output. A relative path is taken inside
// --out (`--export-data data` → <out>/data); an absolute one must lie inside --out.
import path from 'node:path';
import { UsageError } from '../errors.js';

const RESERVED = new Set(['findings.json', 'access-review.xlsx', 'access-review.html', 'manifest.json', 'packets']);

/** The export folder relative to --out, forward slashes; a UsageError when it cannot be one. */
export function exportDirOf(out: string, value: string): string {
  const outAbs = path.resolve(out);
  const target = path.isAbsolute(value) ? path.resolve(value) : path.resolve(outAbs, value);
  const rel = path.relative(outAbs, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new UsageError(`--export-data ${value} must be a folder inside --out (e.g. --export-data data writes ${path.join(out, 'data')})`);
  }
  const posix = rel.split(path.sep).join('/');
  if (RESERVED.has(posix.split('/')[0]!)) throw new UsageError(`--export-data ${value} would overwrite the output ${posix.split('/')[0]}; choose another folder name`);
  if (posix.split('/').some((p) => p.startsWith('.'))) throw new UsageError(`--export-data ${value}: a folder name may not start with a dot`);
  return posix;
}

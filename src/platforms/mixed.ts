// A bundle whose files point to more than one platform: name the files that point each way.
import type { Platform } from './types.js';

export function mixedBundleFiles(matches: readonly Platform[], files: readonly string[]): string {
  const parts = matches
    .map((p) => ({ p, own: files.filter((f) => p.knownFiles?.includes(f)) }))
    .filter((x) => x.own.length > 0)
    .map((x) => `${x.p.label ?? x.p.id}: ${[...new Set(x.own)].sort().join(', ')}`);
  const known = new Set(matches.flatMap((p) => p.knownFiles ?? []));
  const neither = files.filter((f) => /\.(csv|json)$/i.test(f) && !known.has(f));
  if (neither.length) parts.push(`neither: ${[...new Set(neither)].sort().join(', ')}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

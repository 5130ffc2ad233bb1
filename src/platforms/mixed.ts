// A bundle whose files point to more than one platform: name the files that point each way.
import type { Platform } from './types.js';

/** A file name as the terminal may show it: quoted, control characters escaped, when it holds any. */
export const shown = (f: string): string =>
  /[\u0000-\u001f\u007f-\u009f"]/.test(f)
    ? `"${f.replace(/[\u0000-\u001f\u007f-\u009f"\\]/g, (c) => (c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}"`
    : f;

export function mixedBundleFiles(matches: readonly Platform[], files: readonly string[]): string {
  const parts = matches
    .map((p) => ({ p, own: files.filter((f) => p.knownFiles?.includes(f)) }))
    .filter((x) => x.own.length > 0)
    .map((x) => `${x.p.label ?? x.p.id}: ${[...new Set(x.own)].sort().map(shown).join(', ')}`);
  const known = new Set(matches.flatMap((p) => p.knownFiles ?? []));
  const neither = files.filter((f) => /\.(csv|json)$/i.test(f) && !known.has(f));
  if (neither.length) parts.push(`neither: ${[...new Set(neither)].sort().map(shown).join(', ')}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

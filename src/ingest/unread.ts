// Every file in a bundle is accounted for: a file the run does not read (a misspelt name,
// a stray export, another platform's file) is an `unread-file` warning, with the known
// name it most likely means.
import { readdirSync } from 'node:fs';
import type { UnreadFile } from './population.js';
import { editDistance } from '../edit-distance.js';

/** Files a bundle may hold that are not data: the collect command's record, the tool's config, notes. */
const NOT_DATA = (name: string) => name === 'collection.json' || /^access-audit\.config\.(ya?ml|json)$/i.test(name) || /\.(md|txt|m?js|py|sh)$/i.test(name);

/**
 * The bundle's top-level entries (forward slashes), a folder as `name/`: the tool reads
 * files at the top of the bundle. Hidden entries (.DS_Store, .git) are skipped.
 */
export function bundleFiles(bundleDir: string): string[] {
  return readdirSync(bundleDir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
}

const loose = (name: string) => name.toLowerCase().replace(/_/g, '-');

/** The known name `file` most likely means: same but for case or `_`/`-`, else within a small edit distance. */
export function likelyName(file: string, known: readonly string[]): string | null {
  const base = file;
  const exact = known.find((k) => loose(k) === loose(base));
  if (exact) return exact;
  let best: { name: string; d: number } | null = null;
  for (const k of known) {
    const d = editDistance(loose(base), loose(k));
    if (d <= Math.max(1, Math.min(3, Math.floor(k.length / 5))) && (!best || d < best.d)) best = { name: k, d };
  }
  return best?.name ?? null;
}

/**
 * The bundle's files this run does not read. `read`: bundle-relative paths of the files read;
 * `own`: this platform's file names; `others`: other platforms' file names by platform label.
 */
export function unreadFiles(
  bundleDir: string,
  read: ReadonlySet<string>,
  own: readonly string[],
  others: Record<string, readonly string[]>,
  platformLabel: string,
): UnreadFile[] {
  const out: UnreadFile[] = [];
  for (const file of bundleFiles(bundleDir)) {
    if (read.has(file) || NOT_DATA(file)) continue;
    if (file.endsWith('/')) {
      // A folder holding a file the run read (the config may map names into one) is accounted for.
      if (![...read].some((r) => r.startsWith(file))) out.push({ file, likely: null, why: 'a folder: the tool reads the files at the top of the bundle' });
      continue;
    }
    const base = file;
    const foreign = Object.entries(others).find(([, names]) => names.includes(base) && !own.includes(base));
    if (foreign) {
      out.push({ file, likely: null, why: `a ${foreign[0]} file: this run reads the bundle as ${platformLabel}` });
      continue;
    }
    if (own.includes(file)) {
      out.push({ file, likely: null, why: 'not read: the config names another file for it' });
      continue;
    }
    const likely = likelyName(file, own);
    out.push({
      file,
      likely,
      why: likely ? `not a file name the tool reads; did you mean ${likely}?` : `not a file name the tool reads (${platformLabel} bundle)`,
    });
  }
  return out;
}

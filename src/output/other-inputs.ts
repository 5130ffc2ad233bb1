// The files a run reads besides the bundle — the config, the exceptions file, the previous
// findings.json, a decisions folder's remediation.json, a returned workbook — listed and
// hashed in manifest.json under `other_inputs`. A file inside the bundle folder is named
// relative to it (so `verify --input` finds it again); one elsewhere by its absolute path
// (recorded, never followed by verify).
import path from 'node:path';
import { hashFile } from './hash-file.js';
import type { InputWatch } from './input-watch.js';
import { shownPath } from '../review/json-input.js';

export type OtherInputRole = 'config' | 'exceptions' | 'previous' | 'decisions' | 'workbook';

export interface OtherInput {
  role: OtherInputRole;
  /** Absolute path. */
  path: string;
}

export interface OtherInputRecord {
  role: OtherInputRole;
  /** Relative to the manifest's input_dir (forward slashes) when in_input_dir, else absolute. */
  file: string;
  in_input_dir: boolean;
  sha256: string;
  bytes: number;
}

export async function otherInputRecords(files: readonly OtherInput[], inputDir: string, watch?: InputWatch): Promise<OtherInputRecord[]> {
  const out: OtherInputRecord[] = [];
  for (const f of files) {
    const { sha256, bytes } = await hashFile(f.path);
    watch?.check([{ path: f.path, shown: shownPath(f.path) }]);
    const rel = path.relative(inputDir, f.path);
    const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    out.push({ role: f.role, file: inside ? rel.split(path.sep).join('/') : f.path, in_input_dir: inside, sha256, bytes });
  }
  return out;
}

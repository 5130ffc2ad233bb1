// What a platform contributes: how to recognise its bundle, how to land it in canonical
// tables, and where its SQL (derive, rules, warnings, report) lives under queries/.
import type { Config } from '../config.js';
import type { Db } from '../db.js';
import type { PlatformId } from '../model.js';
import type { InputFileRecord } from '../report/types.js';

export interface IngestResult {
  inputs: InputFileRecord[];
  /** Canonical inputs present (e.g. "users", "roles", "logins", "activity", "projects"). */
  present: Set<string>;
  /** Source number → file name relative to the bundle, for warnings. */
  sourceFiles: string[];
}

export interface Platform {
  id: PlatformId;
  /** Does this folder's file list look like this platform's bundle? */
  recognises(files: string[]): boolean;
  /** `onFile` is told each file as it is read (for progress on a terminal). */
  ingest(db: Db, bundleDir: string, config: Config, onFile?: (file: string, index: number, total: number) => void): Promise<IngestResult>;
  /** Why a rule cannot be evaluated with these inputs, or null. */
  notEvaluatedReason(ruleId: string, present: Set<string>): string | null;
}

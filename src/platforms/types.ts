// What a platform contributes: how to recognise its bundle, how to land it in canonical
// tables, and where its SQL (derive, rules, warnings, report) lives under queries/.
import type { Config } from '../config.js';
import type { Db } from '../db.js';
import type { PlatformId, Warning } from '../model.js';
import type { Completeness } from '../ingest/population.js';
import type { ReadInputFile } from '../report/types.js';

export interface IngestResult {
  inputs: ReadInputFile[];
  /** Canonical inputs present (e.g. "users", "roles", "logins", "activity", "projects"). */
  present: Set<string>;
  /** Source number → file name relative to the bundle, for warnings. */
  sourceFiles: string[];
  /** What each file's envelope said about its completeness, by file (bundle-relative). */
  completeness?: Record<string, Completeness>;
  /** Warnings the readers raised (roles not exported, unread files, …), beside the SQL warnings. */
  warnings?: Warning[];
}

export interface Platform {
  id: PlatformId;
  /** Its name for people ("Domino", "Dagster+"). */
  label?: string;
  /** The default names of every file it reads (for unread-file warnings and mixed bundles). */
  knownFiles?: readonly string[];
  /** The config values its rules use, stated in findings.json as the parameters in force. */
  parameterKeys: readonly (keyof Config)[];
  /** Does this folder's file list look like this platform's bundle? */
  recognises(files: string[], bundleDir: string): boolean;
  /**
   * Optional, for auto-detection when several platforms recognise a folder (Domino and
   * Dagster+ both have a users.csv): does it hold something only this platform's bundle
   * holds, and nothing that points to another? Exactly one distinctive platform wins;
   * otherwise the run asks for --platform.
   */
  distinctive?(files: string[], bundleDir: string): boolean;
  /** `onFile` is told each file as it is read (for progress on a terminal). */
  ingest(db: Db, bundleDir: string, config: Config, onFile?: (file: string, index: number, total: number) => void): Promise<IngestResult>;
  /** Why a rule cannot be evaluated with these inputs, or null. */
  notEvaluatedReason(ruleId: string, present: Set<string>): string | null;
  /**
   * Does the bundle hold activity data (params.has_activity_data)? Without any, nobody can
   * be judged inactive. May add to `present` what it finds (e.g. "last_activity").
   */
  hasActivityData(db: Db, present: Set<string>): Promise<boolean>;
}

// The roster adapter, for every platform's bundle: hr-roster.csv (canonical CSV, through the
// same loader and refusals as any canonical file) or scim-users.json (the IdP's SCIM pages),
// never both, into the `roster` table (queries/common/identity/schema.sql).
import path from 'node:path';
import type { Config } from '../config.js';
import { loadQuery, sqlString, type Db } from '../db.js';
import { checkNativeValues, checkUniqueKeys, refuseDoubleSources, resolveFiles, type Source, type UniqueKey } from '../ingest/bundle.js';
import { loadCsv } from '../ingest/csv.js';
import type { IngestResult } from '../platforms/types.js';
import { HR_ROSTER, HR_ROSTER_SPEC, ROSTER_FILES, SCIM_USERS } from './files.js';
import { stageScimUsers } from './scim.js';

const UNIQUE_KEYS: UniqueKey[] = [
  { table: 'roster', columns: ['lower(trim(email))'], where: 'email IS NOT NULL', label: 'e-mail', column: 'email' },
  { table: 'roster', columns: ['scim_id'], where: 'scim_id IS NOT NULL', label: 'SCIM id', column: 'id' },
];

const SCIM_CHECKS = { roster: { 1: { field: ['meta', 'lastModified'], message: 'meta.lastModified is not an ISO-8601 timestamp' } } };

/**
 * Create the identity tables (empty without a roster) and land the bundle's roster, if any:
 * it becomes the next source of `ingest` (its inputs, source files, and `roster` in present).
 */
export async function ingestRoster(
  db: Db,
  bundleDir: string,
  config: Config,
  ingest: IngestResult,
  onFile?: (file: string, index: number, total: number) => void,
): Promise<void> {
  await db.execFile('common/identity/schema.sql');
  await db.exec(loadQuery('common/identity/params.sql'), { leaver_grace_days: config.leaver_grace_days });
  const files = resolveFiles(bundleDir, config, ROSTER_FILES);
  if (files.size === 0) return;
  refuseDoubleSources(files, { 'people (the HR roster and the IdP users)': ROSTER_FILES });
  const [name, shown] = [...files][0]!;
  const abs = path.join(bundleDir, shown);
  const src = ingest.sourceFiles.length;
  onFile?.(shown, src + 1, src + 1);
  let source: Source;
  let rows: number;
  if (name === HR_ROSTER) {
    const loaded = await loadCsv(db, abs, shown, src, HR_ROSTER_SPEC);
    source = { shown, shape: 'canonical', kind: 'roster', csv: { header: loaded.header, abs } };
    rows = loaded.rows;
  } else if (name === SCIM_USERS) {
    const load = await stageScimUsers(db, abs, shown, src);
    await db.execFile('common/identity/scim.sql', { src: String(src) });
    await checkNativeValues(db, src, shown, SCIM_CHECKS, load);
    source = { shown, shape: 'native', kind: 'roster', native: load };
    rows = load.rows;
  } else {
    throw new Error(`no adapter for roster file ${name}`);
  }
  const sources: Source[] = [];
  sources[src] = source;
  await checkUniqueKeys(db, sources, UNIQUE_KEYS);
  await db.execFile('common/identity/roster-source.sql', { src: String(src), file: sqlString(name) });
  ingest.inputs.push({ file: shown.split(path.sep).join('/'), shape: source.shape, kind: 'roster', rows, path: abs });
  ingest.sourceFiles.push(shown);
  ingest.present.add('roster');
}

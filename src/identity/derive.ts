// After a platform's derive SQL (which defines identity_accounts): the roster's people, each
// account matched to one, and person_of_account filled (queries/common/identity/*.sql, in
// name order). Without a roster the tables are empty and the identity rules not evaluated.
import { loadQuery, type Db } from '../db.js';
import { QUERIES_DIR } from '../paths.js';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const STEPS = readdirSync(path.join(QUERIES_DIR, 'common/identity'))
  .filter((f) => /^\d+-.*\.sql$/.test(f))
  .sort()
  .map((f) => `common/identity/${f}`);

/** Match the accounts to the roster; adds `deactivated_at` to `present` when some account has one. */
export async function deriveIdentity(db: Db, present: Set<string>): Promise<void> {
  for (const f of STEPS) await db.execFile(f);
  const n = (await db.one<{ n: number }>(loadQuery('common/identity/count-deactivated-at.sql')))?.n ?? 0;
  if (n > 0) present.add('deactivated_at');
}

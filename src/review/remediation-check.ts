// run --decisions <decisions folder of the previous review>: were last review's revocations
// carried out? (docs/spec/outputs.md, "Verifying last quarter's decisions".)
//
// The folder's remediation.json is read (and checked) before any work; its Revoke/Modify rows
// become the table previous_remediation; the platform-neutral rule
// queries/common/rules/revocation-not-carried-out runs against this bundle's entitlement_keys
// view; queries/common/remediation-status.sql gives the top-level "remediation" array.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../db.js';
import { loadQuery } from '../db.js';
import { InputError } from '../errors.js';
import type { RemediationStatus } from '../model.js';
import { checkJsonShape, parseJsonText, readTextInput, shownPath } from './json-input.js';

export const REMEDIATION_FILE = 'remediation.json';

const Item = z.object({
  key: z.string().min(1),
  user_id: z.string(),
  user_name: z.string(),
  scope: z.string(),
  scope_id: z.string(),
  scope_name: z.string().optional().default(''),
  role: z.string(),
  decision: z.enum(['Revoke', 'Modify']),
  reviewer: z.string().optional().default(''),
  comment: z.string().optional().default(''),
});
const RemediationDoc = z.object({
  schema_version: z.literal(1, { message: 'this access-audit reads remediation.json schema_version 1' }),
  tool: z.object({ name: z.literal('access-audit', { message: 'not written by access-audit' }) }),
  platform: z.enum(['domino', 'dagster']),
  as_of: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }),
  items: z.array(Item),
});

export interface PreviousDecisions {
  file: string;
  platform: 'domino' | 'dagster';
  as_of: string;
  items: Array<z.infer<typeof Item>>;
}

/** Read and check <folder>/remediation.json; every problem is an InputError naming the file. */
export async function loadPreviousDecisions(folder: string): Promise<PreviousDecisions> {
  const shownDir = shownPath(folder);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new InputError({ file: shownDir }, '--decisions must be the folder `access-audit decisions` wrote for the previous review (it holds remediation.json)');
  }
  const file = path.join(folder, REMEDIATION_FILE);
  const shown = shownPath(file);
  const text = await readTextInput(file, shown, 'remediation.json of the previous review');
  const doc = checkJsonShape(RemediationDoc, parseJsonText(text, shown, 'remediation.json'), text, shown, 'remediation.json');
  return { file: shown, platform: doc.platform, as_of: doc.as_of, items: doc.items };
}

/** Refuse decisions of another platform (their keys can never match). */
export function checkDecisionsPlatform(prev: PreviousDecisions, platform: string): void {
  if (prev.platform !== platform) {
    throw new InputError({ file: prev.file }, `holds decisions of a ${prev.platform} review, but this bundle is ${platform}`);
  }
}

/** Load previous_remediation from the decisions. */
export async function loadPreviousRemediation(db: Db, prev: PreviousDecisions): Promise<void> {
  await db.execFile('common/previous-remediation.sql');
  const app = await db.conn.createAppender('previous_remediation');
  for (const it of prev.items) {
    for (const v of [it.key, it.user_id, it.user_name, it.scope, it.scope_id, it.scope_name, it.role, it.decision, it.reviewer, it.comment, prev.as_of]) app.appendVarchar(v);
    app.endRow();
  }
  app.closeSync();
}

/** The top-level "remediation" array. */
export async function remediationStatus(db: Db): Promise<RemediationStatus[]> {
  return db.all<RemediationStatus>(loadQuery('common/remediation-status.sql'));
}

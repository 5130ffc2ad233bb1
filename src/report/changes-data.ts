// "Changed since last review" for the writers: changesSinceLastReview() with the platform's
// privileged users (queries/<platform>/report/privileged-users.sql), so that new findings
// about privileged access lead. null when the run compared with nothing.
import { loadQuery } from '../db.js';
import type { Finding } from '../model.js';
import { REVOCATION_RULE, changesSinceLastReview, type ReviewChanges } from '../review/changes.js';
import type { ReportContext } from './types.js';

export async function loadChanges(ctx: Pick<ReportContext, 'doc' | 'db'>): Promise<ReviewChanges | null> {
  const doc = ctx.doc;
  const compared = doc.resolved !== undefined || doc.remediation !== undefined || doc.findings.some((f) => f.change !== undefined);
  if (!compared) return null;
  const rows = await ctx.db.all<{ user_id: string }>(loadQuery(`${doc.platform}/report/privileged-users.sql`));
  const privileged = new Set(rows.map((r) => r.user_id));
  const isPrivileged = (f: Finding): boolean =>
    f.rule === REVOCATION_RULE ? f.evidence.privileged === true : (f.subject.kind === 'user' || f.subject.kind === 'service_user') && privileged.has(f.subject.id);
  return changesSinceLastReview(doc, isPrivileged);
}

/** Review rows without a reviewer (the report flags them); awaits the materialised rows. */
export async function countUnassigned(ctx: Pick<ReportContext, 'db' | 'reviewQuery'>): Promise<number> {
  const query = await ctx.reviewQuery;
  const r = await ctx.db.one<{ n: number | bigint }>(`SELECT count(*)::INTEGER AS n FROM (${loadQuery(query)}) WHERE reviewer = 'unassigned'`);
  return Number(r?.n ?? 0);
}

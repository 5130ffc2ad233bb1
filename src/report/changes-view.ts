// The page's "Changed since last review" (templates/partials/changes.hbs), first in <main>;
// the same lists as the workbook's Summary (changes-section.ts). Handlebars escapes every value.
import type { ReviewChanges } from '../review/changes.js';
import { countUnassigned, loadChanges } from './changes-data.js';
import type { ReportContext } from './types.js';

const MAX = 100;
const clip = (s: unknown): string => {
  const t = s === null || s === undefined ? '' : String(s);
  return t.length > 400 ? t.slice(0, 399) + '…' : t;
};

export interface ChangesView {
  unassigned: number;
  compared: boolean;
  summary: string;
  lists: Array<{ title: string; tone: string; headers: string[]; rows: string[][]; more: number }>;
}

function list(title: string, tone: string, headers: string[], all: string[][]): ChangesView['lists'][number] {
  return { title, tone, headers, rows: all.slice(0, MAX).map((r) => r.map(clip)), more: Math.max(0, all.length - MAX) };
}

export function changesViewOf(c: ReviewChanges | null, unassigned: number): ChangesView | null {
  if (!c && unassigned === 0) return null;
  if (!c) return { unassigned, compared: false, summary: '', lists: [] };
  const r = c.remediation;
  const summary =
    `${c.counts.new} new finding(s), ${c.counts.resolved} resolved, ${c.revocations_not_carried_out.length} revocation(s) not carried out` +
    (r ? ` (of last review's decisions: ${r.done} done, ${r.not_done} not done, ${r.check} to check)` : '') +
    `, ${c.counts.expired_exceptions} exception(s) expired, ${c.counts.stale_exceptions} stale exception(s).`;
  const lists: ChangesView['lists'] = [];
  if (c.revocations_not_carried_out.length)
    lists.push(list('Revocations not carried out', 'bad', ['Access still held', 'Severity', 'Decided by', 'Review of'], c.revocations_not_carried_out.map((f) => {
      const e = f.evidence as Record<string, unknown>;
      return [`${String(e.user_name ?? e.user_id)} · ${String(e.role)} on ${String(e.scope_name ?? e.scope_id)} (${String(e.scope)})`, f.severity, String(e.reviewer ?? ''), String(e.decided_as_of ?? '')];
    })));
  if (c.new.length) lists.push(list('New findings (privileged access first)', 'warn', ['Subject', 'Severity', 'Rule', 'Message'], c.new.map((f) => [f.subject.name ?? f.subject.id, f.severity, f.rule, f.message])));
  if (c.resolved.length) lists.push(list('Resolved findings', 'ok', ['Subject', 'Severity', 'Rule', 'First seen'], c.resolved.map((f) => [f.subject.name ?? f.subject.id, f.severity, f.rule, f.first_seen ?? ''])));
  if (c.expired_exceptions.length)
    lists.push(list('Exceptions that expired (open again)', 'warn', ['Subject', 'Rule', 'Expired', 'Approved by'], c.expired_exceptions.map((f) => [f.subject.name ?? f.subject.id, f.rule, f.exception?.expires ?? '', f.exception?.approved_by ?? ''])));
  if (c.stale_exceptions.length)
    lists.push(list('Stale exceptions (match no finding)', 'muted', ['Subject', 'Rule', 'Reason', 'Expires'], c.stale_exceptions.map((e) => [e.subject, e.rule, e.reason, e.expires])));
  return { unassigned, compared: true, summary, lists };
}

export async function changesView(ctx: Pick<ReportContext, 'doc' | 'db' | 'reviewQuery'>): Promise<ChangesView | null> {
  return changesViewOf(await loadChanges(ctx), await countUnassigned(ctx));
}

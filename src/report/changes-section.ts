// "Changed since last review" at the top of the workbook's Summary sheet (the page has the
// same section, templates/partials/changes.hbs): new findings (privileged first), resolved
// findings, revocations not carried out, exceptions that expired, stale exceptions.
// Written with the workbook's own cell helpers (neutralised there), passed in.
import type ExcelJS from 'exceljs';
import type { ReviewChanges } from '../review/changes.js';
import type { CellValue } from './values.js';

type Style = Partial<ExcelJS.Style>;

export interface SheetKit {
  heading(text: string): void;
  line(values: CellValue[], style?: Style, height?: number): void;
  headerStyle: Style;
  warnStyle: Style;
}

/** At most this many rows per list here; the rule sheets and findings.json have them all. */
const MAX_ROWS = 200;

export function writeChangesSection(kit: SheetKit, c: ReviewChanges | null, unassigned: number): void {
  if (unassigned > 0) {
    kit.heading('Review routing');
    kit.line([`${unassigned} Review row(s) have no reviewer ("unassigned"): no other owner, Admin, manager or system administrator qualifies. Assign them before sending the packets.`], kit.warnStyle);
  }
  if (!c) return;
  kit.heading('Changed since last review');
  const r = c.remediation;
  kit.line([
    `${c.counts.new} new finding(s), ${c.counts.resolved} resolved, ${c.revocations_not_carried_out.length} revocation(s) not carried out` +
      (r ? ` (of last review's decisions: ${r.done} done, ${r.not_done} not done, ${r.check} to check)` : '') +
      `, ${c.counts.expired_exceptions} exception(s) expired, ${c.counts.stale_exceptions} stale exception(s).`,
  ]);
  const more = (n: number): void => {
    if (n > MAX_ROWS) kit.line([`… and ${n - MAX_ROWS} more (findings.json has them all).`]);
  };
  // The Summary's columns are wide (A), wider (B), then narrow: the long text goes in B.
  if (c.revocations_not_carried_out.length) {
    kit.line(['Revocation not carried out', 'Decided', 'Severity'], kit.headerStyle, 20);
    for (const f of c.revocations_not_carried_out.slice(0, MAX_ROWS)) {
      const e = f.evidence as Record<string, CellValue>;
      kit.line([
        `${e.user_name ?? e.user_id} · ${e.role} on ${e.scope_name ?? e.scope_id} (${e.scope})`,
        `Revoke, by ${e.reviewer ?? 'the reviewer'} in the review of ${e.decided_as_of ?? '?'}${e.comment ? `: ${e.comment}` : ''}`,
        f.severity,
      ]);
    }
    more(c.revocations_not_carried_out.length);
  }
  if (c.new.length) {
    kit.line(['New finding', 'Message', 'Severity', 'Rule'], kit.headerStyle, 20);
    for (const f of c.new.slice(0, MAX_ROWS)) kit.line([f.subject.name ?? f.subject.id, f.message, f.severity, f.rule]);
    more(c.new.length);
  }
  if (c.resolved.length) {
    kit.line(['Resolved finding', 'Message', 'Severity', 'First seen'], kit.headerStyle, 20);
    for (const f of c.resolved.slice(0, MAX_ROWS)) kit.line([f.subject.name ?? f.subject.id, f.message, f.severity, f.first_seen ?? null]);
    more(c.resolved.length);
  }
  if (c.expired_exceptions.length) {
    kit.line(['Exception expired (open again)', 'Exception', 'Severity'], kit.headerStyle, 20);
    for (const f of c.expired_exceptions.slice(0, MAX_ROWS)) {
      kit.line([f.subject.name ?? f.subject.id, `${f.rule}: expired ${f.exception?.expires ?? '?'}, approved by ${f.exception?.approved_by ?? '?'}`, f.severity]);
    }
    more(c.expired_exceptions.length);
  }
  if (c.stale_exceptions.length) {
    kit.line(['Stale exception (matches no finding)', 'Reason', 'Rule', 'Expires'], kit.headerStyle, 20);
    for (const e of c.stale_exceptions.slice(0, MAX_ROWS)) kit.line([e.subject, e.reason, e.rule, e.expires]);
    more(c.stale_exceptions.length);
  }
}

// "Changed since last review": what the workbook and the page show first, in one order
// for both. Needs a document that went through applyPrevious (and applyExceptions).
import { severityRank, type ExceptionRecord, type Finding, type FindingsDocument } from '../model.js';
import { compareFindings } from '../model.js';
import type { ResolvedFinding } from './previous.js';

/** The finding of a revocation decided last review and still held (queries/common/rules/). */
export const REVOCATION_RULE = 'revocation-not-carried-out';

export interface ReviewChanges {
  /** false when the run had no --previous: there is nothing to compare with. */
  compared: boolean;
  /** New findings: privileged ones first, then most severe first, then rule, subject. */
  new: Finding[];
  /** Gone since the previous run (sorted like findings). */
  resolved: ResolvedFinding[];
  /** Findings whose exception has expired: open again. */
  expired_exceptions: Finding[];
  /** Exceptions that match no finding. */
  stale_exceptions: ExceptionRecord[];
  /** With --decisions: revocations of the previous review still held (revocation-not-carried-out). */
  revocations_not_carried_out: Finding[];
  /** With --decisions: how many Revoke/Modify rows of the previous review are done, not done, to check. */
  remediation: { done: number; not_done: number; check: number } | null;
  counts: { new: number; persisting: number; resolved: number; excepted: number; expired_exceptions: number; stale_exceptions: number };
}

/**
 * `isPrivileged` says which findings are about privileged access (the platform's rule
 * metadata knows; e.g. a rule whose subject holds an admin role) — they lead the list.
 */
export function changesSinceLastReview(doc: FindingsDocument, isPrivileged: (f: Finding) => boolean = () => false): ReviewChanges {
  const compared = doc.resolved !== undefined || doc.remediation !== undefined || doc.findings.some((f) => f.change !== undefined);
  const fresh = doc.findings.filter((f) => f.change === 'new');
  const priv = new Map(fresh.map((f) => [f, isPrivileged(f)]));
  fresh.sort((a, b) => {
    const p = Number(priv.get(b)) - Number(priv.get(a));
    if (p !== 0) return p;
    const s = severityRank(a.severity) - severityRank(b.severity);
    return s !== 0 ? s : compareFindings(a, b);
  });
  const expired = doc.findings.filter((f) => f.exception_expired === true);
  return {
    compared,
    new: fresh,
    resolved: doc.resolved ?? [],
    expired_exceptions: expired,
    stale_exceptions: doc.stale_exceptions ?? [],
    revocations_not_carried_out: doc.findings.filter((f) => f.rule === REVOCATION_RULE).sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareFindings(a, b)),
    remediation: doc.remediation
      ? {
          done: doc.remediation.filter((r) => r.status === 'done').length,
          not_done: doc.remediation.filter((r) => r.status === 'not-done').length,
          check: doc.remediation.filter((r) => r.status === 'check').length,
        }
      : null,
    counts: {
      new: fresh.length,
      persisting: doc.findings.filter((f) => f.change === 'persisting').length,
      resolved: doc.resolved?.length ?? 0,
      excepted: doc.findings.filter((f) => f.status === 'excepted').length,
      expired_exceptions: expired.length,
      stale_exceptions: doc.stale_exceptions?.length ?? 0,
    },
  };
}

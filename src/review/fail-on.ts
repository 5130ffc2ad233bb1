// --fail-on <severity>: the exit status schedulers and CI pipelines read.
import { severityRank, type Finding, type FindingsDocument, type Severity } from '../model.js';

/**
 * 1 when an open finding (not excepted; an expired exception is open) is at or above
 * `severity`, else 0. Without `severity`, findings never change the exit status.
 */
export function failOnExitCode(doc: Pick<FindingsDocument, 'findings'>, severity: Severity | undefined): 0 | 1 {
  if (severity === undefined) return 0;
  return failingFindings(doc, severity).length > 0 ? 1 : 0;
}

/** The findings that make --fail-on <severity> fail, for the message that explains the exit status. */
export function failingFindings(doc: Pick<FindingsDocument, 'findings'>, severity: Severity): Finding[] {
  const limit = severityRank(severity);
  return doc.findings.filter((f) => f.status === 'open' && severityRank(f.severity) <= limit);
}

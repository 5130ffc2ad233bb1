// The console summary of `decisions`: a few lines whatever the number of reviewers (the
// full per-reviewer list is review-status.csv). Reviewer names come from the workbook:
// control characters are dropped before they reach the terminal.
import type { RemediationDocument, ReviewStatus } from './decisions.js';

const SHOWN = 10;
const safe = (s: string | null): string => (s ?? '(no reviewer)').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');

export function decisionsSummary(outDir: string, remediation: RemediationDocument, status: ReviewStatus): string[] {
  const t = status.totals;
  const rs = status.reviewers;
  const lines = [
    `decisions: ${t.decided} of ${t.rows} rows decided (${t.keep} keep, ${t.revoke} revoke, ${t.modify} modify), ${t.undecided} undecided`,
    `  ${status.files.length} file(s) read; ${rs.length} reviewer(s): ${rs.filter((r) => r.undecided === 0 && r.signed_off).length} done and signed off, ` +
      `${rs.filter((r) => r.undecided === 0 && !r.signed_off && r.file !== null).length} done but not signed off, ` +
      `${rs.filter((r) => r.undecided > 0 && r.file !== null).length} with undecided rows, ${rs.filter((r) => r.file === null).length} not returned`,
    `  ${remediation.items.length} to remediate: ${outDir}/remediation.csv`,
  ];
  const open = rs.filter((r) => r.undecided > 0).sort((a, b) => b.undecided - a.undecided || (a.reviewer ?? '').localeCompare(b.reviewer ?? ''));
  for (const r of open.slice(0, SHOWN)) lines.push(`  ${safe(r.reviewer)}: ${r.undecided} of ${r.rows} undecided${r.file === null ? ' (packet not returned)' : ''}`);
  if (open.length > SHOWN) lines.push(`  … and ${open.length - SHOWN} more reviewer(s) with undecided rows`);
  if (status.complete) lines.push('  every row has a decision');
  lines.push(`  per reviewer: ${outDir}/review-status.csv`);
  return lines;
}

// The findings document: the contract of docs/spec/outputs.md, as types.

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
/** Lower is more severe; used for sorting and for --fail-on. */
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

export type PlatformId = 'domino' | 'dagster';
export type SubjectKind = 'user' | 'project' | 'organization' | 'service_user' | 'entitlement';

export interface Subject {
  kind: SubjectKind;
  id: string;
  name: string | null;
}

export interface ExceptionRecord {
  rule: string;
  subject: string;
  reason: string;
  approved_by: string;
  expires: string; // YYYY-MM-DD
}

export interface Finding {
  id: string;
  rule: string;
  severity: Severity;
  subject: Subject;
  message: string;
  evidence: Record<string, unknown>;
  status: 'open' | 'excepted';
  confidence: 'normal' | 'insufficient-data';
  // Review cycle (present only when --exceptions / --previous are given).
  exception?: ExceptionRecord;
  exception_expired?: boolean;
  change?: 'new' | 'persisting';
  first_seen?: string;
}

/** Findings order of the spec: rule, then severity (most severe first), then subject id (then id). */
export function compareFindings(
  a: Pick<Finding, 'rule' | 'severity' | 'subject' | 'id'>,
  b: Pick<Finding, 'rule' | 'severity' | 'subject' | 'id'>,
): number {
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  const s = severityRank(a.severity) - severityRank(b.severity);
  if (s !== 0) return s;
  if (a.subject.id !== b.subject.id) return a.subject.id < b.subject.id ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface RuleStatus {
  id: string;
  title: string;
  evaluated: boolean;
  reason: string | null;
  findings: number;
}

export interface Warning {
  kind: string;
  file: string;
  count: number;
  message: string;
  examples: string[];
}

export interface FindingsDocument {
  schema_version: 1;
  tool: { name: 'access-audit'; version: string };
  platform: PlatformId;
  as_of: string;
  parameters: Record<string, unknown>;
  coverage: {
    evaluation_instant: string;
    cutoff: string;
    earliest_event: string | null;
    latest_event: string | null;
  };
  rules: RuleStatus[];
  warnings: Warning[];
  findings: Finding[];
  resolved?: Array<Pick<Finding, 'id' | 'rule' | 'severity' | 'subject' | 'message'> & { first_seen?: string }>;
  stale_exceptions?: ExceptionRecord[];
  /** The license position (outputs.md): one entry per license, and one for unknown names. */
  seats?: SeatEntry[];
  /** With --previous: the previous quarters' seats, oldest first (carried forward). */
  seats_history?: SeatsHistoryEntry[];
  /** With --previous: seats reclaimed since the previous run, beside the potential. */
  seats_realized?: SeatsRealizedEntry[];
  /** With --decisions: what became of last review's Revoke/Modify rows (src/review/remediation-check.ts). */
  remediation?: RemediationStatus[];
}

export interface SeatEntry {
  license: string;
  tier: number | null;
  monthly_price: number | null;
  purchased: number | null;
  in_use: number;
  idle: number | null;
  over_deployed: number | null;
  unused_purchased: number | null;
  projected: number | null;
  cost_in_use_year: number | null;
  cost_purchased_year: number | null;
}

export interface SeatsHistoryEntry {
  as_of: string;
  seats: Array<{ license: string; in_use: number | null; purchased: number | null }>;
}

export interface SeatsRealizedEntry {
  license: string;
  previous_in_use: number | null;
  in_use: number;
  /** Holders of an idle seat last time (inactive-seat) who no longer hold it. */
  reclaimed: number;
  /** Over-licensed users last time (mislicensed-user, over) now on a lower tier. */
  downgraded: number;
  /** What those changes save a year; NULL when a price they need is unknown. */
  realized_savings_year: number | null;
  /** What this run's recommended changes would save a year (reclaim + downgrade). */
  potential_savings_year: number | null;
}

/** One Revoke/Modify row of the previous review, checked against this bundle. */
export interface RemediationStatus {
  key: string;
  decision: 'Revoke' | 'Modify';
  /** done: gone or its user deactivated; not-done: still held (Revoke); check: a Modify still held. */
  status: 'done' | 'not-done' | 'check';
}

// What a finished run tells its operator: one object built from the findings document and
// the run's facts, rendered either as the console report (./render-text.ts) or as the one
// JSON line for schedulers (--json, ./json-line.ts). README "What a run prints" documents it.
import { SEVERITIES, severityRank, type Finding, type FindingsDocument, type Severity } from '../model.js';
import { failingFindings } from '../review/fail-on.js';

export type SeverityCounts = Record<Severity, number>;

export interface SubjectRef {
  rule: string;
  severity?: Severity;
  subject: string;
  name?: string | null;
  expires?: string;
}

export interface RunSummary {
  tool_version: string;
  platform: string;
  input: string;
  out: string;
  as_of: string;
  /** `given` with --as-of, `today` when it was left out. */
  as_of_source: 'given' | 'today';
  /** The activity window: inactive when not seen from `from` to `to` (ISO instants). */
  window: { from: string; to: string; inactive_days: number | null };
  events: { earliest: string | null; latest: string | null };
  findings: {
    total: number;
    open: number;
    excepted: number;
    by_severity: SeverityCounts;
    open_by_severity: SeverityCounts;
  };
  rules: Array<{ id: string; evaluated: boolean; reason: string | null; findings: number }>;
  warnings: {
    count: number;
    kinds: Record<string, number>;
    /** Present when --as-of was left out and the newest event is more than a week older (the `stale-data` warning). */
    stale_data: { latest_event: string; days_before_as_of: number } | null;
  };
  /** Present with --exceptions. */
  exceptions: { excepted: number; expired: SubjectRef[]; stale: SubjectRef[] } | null;
  /** Present with --previous. */
  changes: { new: number; persisting: number; resolved: number } | null;
  /** Present with --fail-on. */
  fail_on: { severity: Severity; failed: boolean; count: number; by_severity: SeverityCounts; examples: SubjectRef[] } | null;
  outputs: string[];
  manifest_sha256: string;
  exit_code: number;
  elapsed_seconds: number;
}

export interface RunFacts {
  input: string;
  out: string;
  asOfGiven: boolean;
  exceptionsGiven: boolean;
  failOn: Severity | undefined;
  exitCode: number;
  outputs: string[];
  manifestSha256: string;
  elapsedSeconds: number;
}

/** How many failing findings the report names (the rest are counted). */
export const FAIL_EXAMPLES = 5;

const zero = (): SeverityCounts => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;

function count(findings: Finding[]): SeverityCounts {
  const c = zero();
  for (const f of findings) c[f.severity]++;
  return c;
}

const bySeverity = (a: Finding, b: Finding): number =>
  severityRank(a.severity) - severityRank(b.severity) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.subject.id < b.subject.id ? -1 : a.subject.id > b.subject.id ? 1 : 0);

const ref = (f: Finding): SubjectRef => ({ rule: f.rule, severity: f.severity, subject: f.subject.id, name: f.subject.name });

export function summariseRun(doc: FindingsDocument, facts: RunFacts, toolVersion: string): RunSummary {
  const open = doc.findings.filter((f) => f.status === 'open');
  const kinds: Record<string, number> = {};
  for (const w of doc.warnings) kinds[w.kind] = (kinds[w.kind] ?? 0) + 1;
  const stale = doc.warnings.find((w) => w.kind === 'stale-data');
  const inactiveDays = doc.parameters.inactive_days;
  let failOn: RunSummary['fail_on'] = null;
  if (facts.failOn) {
    const failing = failingFindings(doc, facts.failOn).sort(bySeverity);
    failOn = {
      severity: facts.failOn,
      failed: failing.length > 0,
      count: failing.length,
      by_severity: count(failing),
      examples: failing.slice(0, FAIL_EXAMPLES).map(ref),
    };
  }
  return {
    tool_version: toolVersion,
    platform: doc.platform,
    input: facts.input,
    out: facts.out,
    as_of: doc.as_of,
    as_of_source: facts.asOfGiven ? 'given' : 'today',
    window: { from: doc.coverage.cutoff, to: doc.coverage.evaluation_instant, inactive_days: typeof inactiveDays === 'number' ? inactiveDays : null },
    events: { earliest: doc.coverage.earliest_event, latest: doc.coverage.latest_event },
    findings: {
      total: doc.findings.length,
      open: open.length,
      excepted: doc.findings.length - open.length,
      by_severity: count(doc.findings),
      open_by_severity: count(open),
    },
    rules: doc.rules.map((r) => ({ id: r.id, evaluated: r.evaluated, reason: r.reason, findings: r.findings })),
    warnings: {
      count: doc.warnings.length,
      kinds,
      stale_data: stale && doc.coverage.latest_event ? { latest_event: doc.coverage.latest_event, days_before_as_of: stale.count } : null,
    },
    exceptions: facts.exceptionsGiven
      ? {
          excepted: doc.findings.filter((f) => f.status === 'excepted').length,
          expired: doc.findings
            .filter((f) => f.exception_expired)
            .map((f) => ({ ...ref(f), expires: f.exception?.expires })),
          stale: (doc.stale_exceptions ?? []).map((e) => ({ rule: e.rule, subject: e.subject, expires: e.expires })),
        }
      : null,
    changes: doc.resolved
      ? {
          new: doc.findings.filter((f) => f.change === 'new').length,
          persisting: doc.findings.filter((f) => f.change === 'persisting').length,
          resolved: doc.resolved.length,
        }
      : null,
    fail_on: failOn,
    outputs: facts.outputs,
    manifest_sha256: facts.manifestSha256,
    exit_code: facts.exitCode,
    elapsed_seconds: Math.round(facts.elapsedSeconds * 10) / 10,
  };
}

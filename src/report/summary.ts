// What both the workbook's Summary sheet and the page's summary show, computed once from
// the findings document: counts per rule and severity, parameters in force, what was not
// evaluated, and coverage caveats.
import { SEVERITIES, type Finding, type Severity } from '../model.js';
import type { ReportContext, RuleMeta } from './types.js';
import { bySeverity, prettyInstant } from './values.js';

export interface RuleSummary {
  id: string;
  title: string;
  meta: RuleMeta | undefined;
  evaluated: boolean;
  reason: string | null;
  bySeverity: Record<Severity, number>;
  total: number;
  open: number;
  excepted: number;
  insufficient: number;
  /** Findings of this rule, most severe first (the page's cut takes the head). */
  findings: Finding[];
}

export interface Summary {
  platformName: string;
  rules: RuleSummary[];
  totals: Record<Severity, number> & { total: number; open: number; excepted: number };
  parameters: Array<{ name: string; value: string }>;
  caveats: string[];
}

const PLATFORM_NAMES: Record<string, string> = { domino: 'Domino Data Lab', dagster: 'Dagster+' };

const zero = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

function paramText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function summarise(ctx: ReportContext): Summary {
  const { doc } = ctx;
  const byRule = new Map<string, Finding[]>();
  for (const f of doc.findings) {
    let list = byRule.get(f.rule);
    if (!list) byRule.set(f.rule, (list = []));
    list.push(f);
  }
  const metaById = new Map(ctx.rules.map((r) => [r.id, r]));
  // Rules in the document's order; findings of a rule the document does not list still show.
  const ids = [...doc.rules.map((r) => r.id), ...[...byRule.keys()].filter((id) => !doc.rules.some((r) => r.id === id))];
  const totals = { ...zero(), total: 0, open: 0, excepted: 0 };
  const rules: RuleSummary[] = ids.map((id) => {
    const status = doc.rules.find((r) => r.id === id);
    const findings = (byRule.get(id) ?? []).slice().sort(bySeverity);
    const counts = zero();
    let open = 0;
    let insufficient = 0;
    for (const f of findings) {
      counts[f.severity] = (counts[f.severity] ?? 0) + 1;
      totals[f.severity] += 1;
      if (f.status === 'open') open++;
      if (f.confidence === 'insufficient-data') insufficient++;
    }
    totals.total += findings.length;
    totals.open += open;
    totals.excepted += findings.length - open;
    const meta = metaById.get(id);
    return {
      id,
      title: meta?.title ?? status?.title ?? id,
      meta,
      evaluated: status?.evaluated ?? true,
      reason: status?.reason ?? null,
      bySeverity: counts,
      total: findings.length,
      open,
      excepted: findings.length - open,
      insufficient,
      findings,
    };
  });

  const c = doc.coverage;
  const parameters = [
    { name: 'As-of date', value: doc.as_of },
    { name: 'Evaluation instant', value: prettyInstant(c.evaluation_instant) },
    { name: 'Activity cutoff', value: prettyInstant(c.cutoff) },
    ...Object.entries(doc.parameters).map(([name, v]) => ({ name, value: paramText(v) })),
    { name: 'Earliest event in the data', value: c.earliest_event ? prettyInstant(c.earliest_event) : 'none' },
    { name: 'Latest event in the data', value: c.latest_event ? prettyInstant(c.latest_event) : 'none' },
  ];

  const caveats: string[] = [];
  if (c.earliest_event === null) {
    caveats.push('The bundle has no login or activity events: activity is judged from the users file alone.');
  } else if (c.earliest_event > c.cutoff) {
    caveats.push(
      `The event data starts at ${prettyInstant(c.earliest_event)}, after the activity cutoff ${prettyInstant(c.cutoff)}: users with no other ` +
        'evidence of activity cannot be proven inactive; their findings are marked "insufficient-data".',
    );
  }
  const insufficient = rules.reduce((n, r) => n + r.insufficient, 0);
  if (insufficient > 0) caveats.push(`${insufficient} finding(s) are marked "insufficient-data" (see the Confidence column).`);
  for (const r of rules) if (!r.evaluated) caveats.push(`${r.id} was not evaluated: ${(r.reason ?? 'no reason given').replace(/^not evaluated:\s*/, '')}.`);

  return { platformName: PLATFORM_NAMES[doc.platform] ?? doc.platform, rules, totals, parameters, caveats };
}

export { SEVERITIES };

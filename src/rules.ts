// Rules are data: queries/<platform>/rules/<id>.sql returns one row per finding, and
// <id>.yaml beside it says what the rule is (see RuleMeta). This module runs them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadQuery, type Db } from './db.js';
import type { Finding, Severity, SubjectKind } from './model.js';
import { QUERIES_DIR } from './paths.js';
import type { RuleMeta } from './report/types.js';

const Column = z.strictObject({
  key: z.string(),
  header: z.string(),
  type: z.enum(['string', 'integer', 'number', 'money', 'date', 'datetime', 'boolean', 'list']),
  width: z.number().optional(),
});
const RuleMetaSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  subject: z.enum(['user', 'project', 'organization', 'service_user', 'entitlement']),
  requires: z.array(z.string()),
  severity_logic: z.string(),
  rationale: z.string(),
  remediation: z.string(),
  controls: z.array(z.string()),
  message: z.string(),
  evidence_columns: z.array(Column),
});

const hbs = Handlebars.create();
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hbs.registerHelper('join', (xs: unknown) => (Array.isArray(xs) ? xs.join(', ') : String(xs ?? '')));

export interface LoadedRule {
  meta: RuleMeta;
  sqlPath: string;
  render: (ctx: { subject: Finding['subject']; evidence: Record<string, unknown>; severity: Severity }) => string;
}

/**
 * Every rule of a platform, in id order, then the platform-neutral rules of
 * queries/common/rules/ (they read tables every platform's derive SQL defines), in id order.
 * Malformed metadata is a defect, not an input error.
 */
export function loadRules(platform: string): LoadedRule[] {
  return [...loadRulesOf(platform), ...loadRulesOf('common').filter((r) => !isDecisionsRule(r))];
}

/** The platform-neutral rules that check a previous review's decisions (run --decisions only). */
export function loadDecisionsRules(): LoadedRule[] {
  return loadRulesOf('common').filter(isDecisionsRule);
}

const isDecisionsRule = (r: LoadedRule): boolean => r.meta.requires.includes('previous-decisions');

function loadRulesOf(folder: string): LoadedRule[] {
  const dir = path.join(QUERIES_DIR, folder, 'rules');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const meta = RuleMetaSchema.parse(parseYaml(readFileSync(path.join(dir, f), 'utf8'))) as RuleMeta;
      if (meta.id + '.yaml' !== f) throw new Error(`rule metadata ${f} declares id ${meta.id}`);
      // Messages are plain text (JSON, cells); the page and workbook escape on output.
      const template = hbs.compile(meta.message.replace(/\s+/g, ' ').trim(), { noEscape: true, strict: false });
      return {
        meta,
        sqlPath: `${folder}/rules/${meta.id}.sql`,
        render: (ctx) => template(ctx).replace(/\s+([.,])/g, '$1').replace(/\s+/g, ' ').trim(),
      };
    });
}

interface RuleRow {
  subject_id: string;
  subject_name: string | null;
  severity: Severity;
  confidence: Finding['confidence'];
  evidence: string;
}

/** Run one rule's SQL and turn its rows into findings. */
export async function runRule(db: Db, rule: LoadedRule): Promise<Finding[]> {
  const rows = await db.all<RuleRow>(loadQuery(rule.sqlPath));
  return rows.map((r) => {
    const subject = { kind: rule.meta.subject as SubjectKind, id: r.subject_id, name: r.subject_name ?? null };
    const evidence = JSON.parse(r.evidence) as Record<string, unknown>;
    return {
      id: findingId(rule.meta.id, subject.id),
      rule: rule.meta.id,
      severity: r.severity,
      subject,
      message: rule.render({ subject, evidence, severity: r.severity }),
      evidence,
      status: 'open',
      confidence: r.confidence,
    };
  });
}

/** Stable across runs: the same rule and subject always give the same id. */
export const findingId = (rule: string, subjectId: string): string => `${rule}:${subjectId}`;

// The config file: thresholds, license catalog with prices, activity tiers, native file
// names. YAML or JSON; every key optional; defaults are the values of docs/spec/.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseDocument, LineCounter, isNode } from 'yaml';
import { InputError } from './errors.js';
import { checkNamedFile } from './ingest/file-check.js';

const License = z.strictObject({
  name: z.string().min(1),
  /** Optional for a license of the default catalog (it keeps its tier); required for a new one. */
  tier: z.number().int().min(0).max(9).optional(),
  seat: z.boolean().optional(),
  aliases: z.array(z.string()).default([]),
  monthly_price: z.number().nonnegative().nullable().default(null),
  purchased_seats: z.number().int().nonnegative().optional(),
});

export const ConfigSchema = z.strictObject({
  inactive_days: z.number().int().min(1).max(3650).default(90),
  grace_days: z.number().int().min(0).max(3650).default(30),
  pm_reach_high: z.number().int().min(1).default(25),
  /** Days after a leaver's last working day within which removing access is on time (docs/spec/identity.md). */
  leaver_grace_days: z.number().int().min(0).max(3650).default(1),
  currency: z.string().min(1).max(8).default('USD'),
  licenses: z.array(License).min(1).optional(),
  activity_tiers: z.record(z.string(), z.number().int().min(0).max(9)).optional(),
  /** Domino audit-trail event names → activity kinds, extending or overriding the built-in map. */
  audit_events: z.record(z.string().min(1), z.string().min(1)).optional(),
  /** Native dump file names: default name → the name in this bundle. */
  files: z.record(z.string(), z.string()).default({}),
  /** DuckDB's memory limit, e.g. "1500MB"; past it DuckDB spills to disk (slower). Default: DuckDB's own (80% of RAM). */
  memory_limit: z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i, { message: 'a size such as 1500MB or 2GB' }).optional(),
  /** Dagster+: seats bought (humans only count). */
  purchased_seats: z.number().int().nonnegative().optional(),
  /** Dagster+: the price of one seat per month (currency: `currency`). */
  seat_price: z.number().nonnegative().optional(),
  /** Domino's own usage count: a practitioner started a run or published a model within this many days. */
  practitioner_days: z.number().int().min(1).max(3650).default(30),
  report: z
    .strictObject({
      html_rows_per_table: z.number().int().min(10).max(100_000).default(500),
    })
    .default({ html_rows_per_table: 500 }),
});

export type LicenseEntry = Omit<z.infer<typeof License>, 'tier'> & { tier: number; seat: boolean };
export type Config = Omit<z.infer<typeof ConfigSchema>, 'licenses' | 'activity_tiers'> & {
  licenses: LicenseEntry[];
  activity_tiers: Record<string, number>;
};

export const DEFAULT_LICENSES: LicenseEntry[] = [
  { name: 'Lite', tier: 0, seat: false, aliases: ['', 'Results Consumer', 'ResultsConsumer', 'None'], monthly_price: null },
  { name: 'Data Analyst', tier: 1, seat: true, aliases: ['DataAnalyst', 'Analyst'], monthly_price: null },
  {
    name: 'Data Science Professional',
    tier: 2,
    seat: true,
    aliases: ['DataScienceProfessional', 'Practitioner', 'Professional'],
    monthly_price: null,
  },
];

export const DEFAULT_ACTIVITY_TIERS: Record<string, number> = {
  app_view: 0,
  results_view: 0,
  launcher_run: 0,
  audit_event: 0,
  workspace: 1,
  job: 1,
  scheduled_job: 1,
  dataset_write: 1,
  authoring: 1,
  app_publish: 1,
  model_api_publish: 2,
  distributed_cluster: 2,
  gpu_workload: 2,
};

/** License names compare case- and space-insensitively. */
export const licenseKey = (name: string | null | undefined): string => (name ?? '').replace(/\s+/g, '').toLowerCase();

export function defaultConfig(): Config {
  return finish(ConfigSchema.parse({}));
}

function finish(parsed: z.infer<typeof ConfigSchema>): Config {
  // Keys in one order whether or not `seat` was given: the config in force, written into the
  // manifest and read back by `verify --rerun`, must give the same workbook bytes.
  const licenses = mergeCatalog(parsed.licenses ?? []).map(({ name, tier, seat, ...more }) => ({ name, tier, seat, ...more }));
  const { licenses: _given, activity_tiers: _tiers, ...rest } = parsed;
  return {
    ...rest,
    licenses,
    // Config tiers extend and override the defaults rather than replace the table.
    activity_tiers: { ...DEFAULT_ACTIVITY_TIERS, ...(parsed.activity_tiers ?? {}) },
  };
}

type ConfigLicense = z.infer<typeof License>;

/**
 * The catalog in force: the default catalog, each entry of the config merged into the
 * default license it names (by name or alias, case- and space-insensitively), and the
 * config's other licenses after them. A merged entry takes the config's name, price and
 * purchased seats, keeps the default's tier unless the config gives one, and answers to
 * the aliases of both (the default's name included). So pricing one license never drops
 * Lite or the others from the catalog.
 */
export function mergeCatalog(entries: readonly ConfigLicense[], onError: (msg: string, index: number) => never = (m) => { throw new Error(m); }): LicenseEntry[] {
  const out: Array<LicenseEntry & { fromDefault?: string }> = DEFAULT_LICENSES.map((l) => ({ ...l, aliases: [...l.aliases], fromDefault: l.name }));
  const merged = new Set<string>();
  entries.forEach((e, i) => {
    const keys = new Set([e.name, ...e.aliases].map(licenseKey));
    const target = out.findIndex((d) => d.fromDefault !== undefined && !merged.has(d.fromDefault) && [d.name, ...d.aliases].some((n) => keys.has(licenseKey(n))));
    if (target >= 0) {
      const d = out[target]!;
      merged.add(d.fromDefault!);
      const aliases: string[] = [];
      const seen = new Set([licenseKey(e.name)]);
      for (const a of [...e.aliases, d.name, ...d.aliases]) {
        if (seen.has(licenseKey(a))) continue;
        seen.add(licenseKey(a));
        aliases.push(a);
      }
      const tier = e.tier ?? d.tier;
      out[target] = { name: e.name, tier, seat: e.seat ?? (e.tier === undefined ? d.seat : tier >= 1), aliases, monthly_price: e.monthly_price,
        ...(e.purchased_seats !== undefined ? { purchased_seats: e.purchased_seats } : {}), fromDefault: d.fromDefault };
      return;
    }
    if (e.tier === undefined) onError(`config licenses[${i}]: "${e.name}" is not a license of the default catalog; give its tier`, i);
    out.push({ ...e, tier: e.tier!, seat: e.seat ?? e.tier! >= 1 });
  });
  // Every entry's aliases once by licenseKey, never its own name: the defaults spell some
  // names two ways ("Results Consumer", "ResultsConsumer"), which match alike. So the
  // catalog in force, merged into the defaults again (verify --rerun), is the same catalog.
  return out.map(({ fromDefault: _, ...l }) => ({ ...l, aliases: distinctAliases(l.name, l.aliases) }));
}

function distinctAliases(name: string, aliases: readonly string[]): string[] {
  const seen = new Set([licenseKey(name)]);
  return aliases.filter((a) => !seen.has(licenseKey(a)) && seen.add(licenseKey(a)) !== undefined);
}

/** Load and validate a config file; every problem is an InputError naming line and column. */
export async function loadConfig(file: string | undefined): Promise<Config> {
  if (!file) return defaultConfig();
  const shown = path.relative(process.cwd(), file) || file;
  let text: string;
  checkNamedFile(file, shown, 'config file');
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError({ file: shown }, `cannot read config file (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const pos = lineCounter.linePos(err.pos[0]);
    throw new InputError({ file: shown, line: pos.line, column: pos.col }, `config is not valid YAML/JSON: ${err.message.split('\n')[0]}`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  } catch (e) {
    // yaml refuses aliases that expand past maxAliasCount ("billion laughs").
    throw new InputError({ file: shown }, `config expands too many YAML aliases (${(e as Error).message}); write the values out`);
  }
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const node = doc.getIn(issue.path as (string | number)[], true);
    const where = isNode(node) && node.range ? lineCounter.linePos(node.range[0]) : undefined;
    const keyPath = issue.path.join('.') || '(top level)';
    throw new InputError(
      { file: shown, line: where?.line, column: where?.col },
      `config ${keyPath}: ${issue.message}`,
    );
  }
  let cfg: Config;
  try {
    cfg = finish(result.data);
  } catch (e) {
    const m = /licenses\[(\d+)\]/.exec(String((e as Error).message));
    const node = m ? doc.getIn(['licenses', Number(m[1])], true) : undefined;
    const where = isNode(node) && node.range ? lineCounter.linePos(node.range[0]) : undefined;
    throw new InputError({ file: shown, line: where?.line, column: where?.col }, (e as Error).message);
  }
  const seen = new Map<string, string>();
  for (const l of cfg.licenses) {
    for (const n of [l.name, ...l.aliases]) {
      const k = licenseKey(n);
      const prev = seen.get(k);
      if (prev !== undefined && prev !== l.name) {
        throw new InputError({ file: shown }, `config licenses: the name "${n}" is given to both "${prev}" and "${l.name}"`);
      }
      seen.set(k, l.name);
    }
  }
  return cfg;
}

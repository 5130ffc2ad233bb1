// `access-audit run`: bundle → canonical tables → derived tables → rules → outputs.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { licenseKey, loadConfig, type Config } from './config.js';
import { Db, loadFragment, loadQuery } from './db.js';
import { hashFilesAside } from './output/hash-aside.js';
import { InputError, UsageError } from './errors.js';
import { compareFindings, severityRank, type Finding, type FindingsDocument, type RemediationStatus, type RuleStatus, type Severity, type Warning } from './model.js';
import { StagedOutput } from './output/atomic.js';
import { InputWatch } from './output/input-watch.js';
import { checkFilesMap } from './ingest/files-map.js';
import { explainRunFailure } from './run-errors.js';
import { shownPath } from './review/json-input.js';
import { otherInputRecords, type OtherInput } from './output/other-inputs.js';
import { signManifest, loadSigningKey } from './output/sign.js';
import { fileRecord, writeManifest, type Manifest } from './output/manifest.js';
import { manifestSha256 } from './output/manifest-digest.js';
import { emitRunReport } from './console/emit.js';
import { summariseRun } from './console/summary.js';
import { withStaleDataWarning } from './stale-data.js';
import { readCollection, withCollected, type CollectionInManifest } from './collect/record.js';
import { applyExceptions, loadExceptions } from './review/exceptions.js';
import { failOnExitCode } from './review/fail-on.js';
import { applyPrevious, loadPrevious, type PreviousRun } from './review/previous.js';
import { previousFindingsPath } from './review/previous-path.js';
import { withLicensePosition } from './license/position.js';
import { exportData } from './export/export-data.js';
import { exportDirOf } from './export/options.js';
import { checkDecisionsPlatform, loadPreviousDecisions, loadPreviousRemediation, remediationStatus, type PreviousDecisions } from './review/remediation-check.js';
import { checkExceptionRules, checkExceptionSubjects, rememberExceptions } from './review/exception-checks.js';
import { withConfigWarnings } from './license/config-warnings.js';
import { dagster } from './platforms/dagster/index.js';
import { domino } from './platforms/domino/index.js';
import type { Platform } from './platforms/types.js';
import { mixedBundleFiles } from './platforms/mixed.js';
import { createProgress, type Progress } from './progress.js';
import { QUERIES_DIR } from './paths.js';
import type { InputFileRecord, OutputFile, ReadInputFile, ReportContext } from './report/types.js';
import { reportTablesFor, reviewQueryFor } from './report/tables.js';
import { buildPopulation, withNotes } from './ingest/population-build.js';
import type { Population } from './ingest/population.js';
import { PhaseClock } from './timings.js';
import { loadDecisionsRules, loadRules, runRule } from './rules.js';
import { deriveIdentity } from './identity/derive.js';
import { ROSTER_FILES } from './identity/files.js';
import { identityNotEvaluatedReason } from './identity/reasons.js';
import { ingestRoster } from './identity/roster.js';
import { TOOL_VERSION } from './version.js';

export interface RunOptions {
  input: string;
  out: string;
  platform?: 'domino' | 'dagster';
  asOf?: string;
  config?: string;
  failOn?: Severity;
  exceptions?: string;
  previous?: string;
  /** Also write packets/: one workbook per reviewer, and packets/index.csv. */
  packets?: boolean;
  /** The decisions folder of the previous review: check its revocations were carried out. */
  decisions?: string;
  quiet?: boolean;
  /** One JSON line on stdout instead of the console report (src/console/). */
  json?: boolean;
  /** Overwrite an --out that already holds an audit. */
  replace?: boolean;
  /** An Ed25519 private key (PEM): sign manifest.json into manifest.sig. */
  signKey?: string;
  /** --export-data: the audit's tables as Parquet and Arrow files in this folder inside --out. */
  exportData?: string;
}

const PLATFORMS: Platform[] = [domino, dagster];

export async function runAudit(opts: RunOptions): Promise<number> {
  const started = performance.now();
  const asOf = parseAsOf(opts.asOf);
  const bundleDir = path.resolve(opts.input);
  if (!existsSync(bundleDir) || !statSync(bundleDir).isDirectory()) {
    throw new InputError({ file: opts.input }, existsSync(bundleDir) ? 'the input bundle is not a folder: pass the folder that holds the export files' : 'the input bundle folder does not exist');
  }
  // Every file is stamped before it is read, and refused if it changed by the time it is hashed.
  const watch = new InputWatch();
  const others: OtherInput[] = [];
  // --previous may name the last audit's folder: what is read (and recorded) is its findings.json.
  const previousFile = opts.previous ? previousFindingsPath(opts.previous) : undefined;
  for (const [role, file] of [['config', opts.config], ['exceptions', opts.exceptions], ['previous', previousFile]] as const) {
    if (file) {
      watch.stamp(file);
      others.push({ role, path: path.resolve(file) });
    }
  }
  const config = await loadConfig(opts.config);
  // Everything the run reads is validated before any work or output.
  const exceptions = opts.exceptions ? await loadExceptions(opts.exceptions) : null;
  const previous = opts.previous ? await loadPrevious(opts.previous) : null;
  const signKey = opts.signKey ? await loadSigningKey(opts.signKey) : null;
  checkFilesMap(config.files, bundleDir, opts.config ? shownPath(path.resolve(opts.config)) : 'config');
  const prevDecisions = opts.decisions ? await loadPreviousDecisions(opts.decisions) : null;
  const platform = choosePlatform(bundleDir, opts.platform, config);
  if (exceptions) rememberExceptions(exceptions);
  if (exceptions) checkExceptionRules(exceptions, [...loadRules(platform.id), ...loadDecisionsRules()].map((r) => r.meta.id), shownPath(opts.exceptions!));
  if (prevDecisions) checkDecisionsPlatform(prevDecisions, platform.id);
  const collection = await readCollection(bundleDir);
  watch.stampTree(bundleDir);
  const exportDir = opts.exportData !== undefined ? exportDirOf(opts.out, opts.exportData) : undefined;
  const staged = await StagedOutput.create(opts.out, { replace: opts.replace });
  const clock = new PhaseClock();
  // The writers' libraries (exceljs, handlebars) take a third of a second to load: load
  // them while DuckDB reads the bundle on its own threads.
  const writers = loadWriters();
  const progress = createProgress(opts.quiet || opts.json);
  let db: Db | undefined;
  try {
    db = await Db.open({ memoryLimit: config.memory_limit });
    const audit = await audit_(db, platform, bundleDir, config, asOf, progress, clock, prevDecisions);
    audit.doc = withStaleDataWarning(audit.doc, opts.asOf !== undefined);
    audit.collection = collection;
    if (collection) audit.population = withCollected(audit.population, collection);
    audit.doc = withConfigWarnings(audit.doc, config, opts.config);
    // Exceptions before the previous run: a fixed order keeps findings.json byte-identical.
    if (exceptions) {
      audit.doc = applyExceptions(audit.doc, exceptions);
      await checkExceptionSubjects(db, audit.doc, shownPath(opts.exceptions!));
    }
    if (previous) audit.doc = applyPrevious(audit.doc, previous);
    audit.previous = previous;
    audit.exportDir = exportDir;
    const evidence: Evidence = { watch, others, signKey };
    const outputs = await writeOutputs(db, staged, audit, config, bundleDir, progress, clock, await writers, evidence, opts.packets === true);
    const written = [...outputs.map((o) => o.file), 'manifest.json', ...(signKey ? ['manifest.sig'] : [])];
    await staged.commit(written);
    clock.mark('commit');
    lastManifestSha256 = evidence.manifestSha256;
    const exitCode = failOnExitCode(audit.doc, opts.failOn);
    progress.stop();
    const facts = {
      input: opts.input,
      out: path.resolve(opts.out),
      asOfGiven: opts.asOf !== undefined,
      exceptionsGiven: exceptions !== null,
      failOn: opts.failOn,
      exitCode,
      outputs: written,
      manifestSha256: evidence.manifestSha256 ?? (await manifestSha256(opts.out)),
      elapsedSeconds: (performance.now() - started) / 1000,
    };
    emitRunReport(summariseRun(audit.doc, facts, TOOL_VERSION), opts);
    clock.write();
    return exitCode;
  } catch (e) {
    await staged.discard();
    throw explainRunFailure(staged.explain(e), { config: opts.config, memoryLimit: config.memory_limit });
  } finally {
    progress.stop();
    db?.close();
  }
}

/** What the run needs to vouch for its inputs and sign its manifest. */
interface Evidence {
  watch: InputWatch;
  others: OtherInput[];
  signKey: Awaited<ReturnType<typeof loadSigningKey>> | null;
  /** Set once manifest.json is written. */
  manifestSha256?: string;
}

/** SHA-256 of the manifest.json the last successful runAudit wrote (for the end-of-run report). */
export let lastManifestSha256: string | undefined;

interface Audit {
  doc: FindingsDocument;
  /** collection.json of a collected bundle, read with the bundle (a bad one is refused before any output). */
  collection?: CollectionInManifest | null;
  inputs: ReadInputFile[];
  rules: ReturnType<typeof loadRules>;
  platform: Platform;
  previous?: PreviousRun | null;
  /** Canonical inputs the bundle held (report tables may need some). */
  present: ReadonlySet<string>;
  population: Population;
  exportDir?: string;
}

async function audit_(
  db: Db,
  platform: Platform,
  bundleDir: string,
  config: Config,
  asOf: string,
  progress: Progress = createProgress(true),
  clock: PhaseClock = new PhaseClock(),
  prevDecisions: PreviousDecisions | null = null,
): Promise<Audit> {
  await db.execFile('common/catalog.sql');
  await appendCatalog(db, config);
  // The review period is known before the bundle is read, so event logs can be
  // summarised for it as they are read.
  await db.exec(loadQuery('common/params.sql'), {
    as_of: asOf,
    inactive_days: config.inactive_days,
    grace_days: config.grace_days,
    pm_reach_high: config.pm_reach_high,
    currency: config.currency,
  });
  await db.execFile('common/identity.sql');
  const ingest = await platform.ingest(db, bundleDir, config, (file, i, n) => progress.phase('Reading bundle', `${file} (${i}/${n})`));
  await ingestRoster(db, bundleDir, config, ingest, (file) => progress.phase('Reading bundle', file));
  clock.mark('ingest');
  await db.exec(loadQuery('common/has-activity-data.sql'), { has_activity_data: await platform.hasActivityData(db, ingest.present) });
  progress.phase('Deriving user state');
  for (const f of sqlFiles(`${platform.id}/derive`)) await db.execFile(f);
  await deriveIdentity(db, ingest.present);

  const rules = loadRules(platform.id);
  const statuses: RuleStatus[] = [];
  const findings: Finding[] = [];
  for (const rule of rules) {
    progress.phase('Rules', rule.meta.id);
    const reason = platform.notEvaluatedReason(rule.meta.id, ingest.present) ?? identityNotEvaluatedReason(rule.meta.id, platform.id, ingest.present);
    const found = reason ? [] : await runRule(db, rule);
    statuses.push({ id: rule.meta.id, title: rule.meta.title, evaluated: !reason, reason, findings: found.length });
    findings.push(...found);
  }
  // run --decisions: the platform-neutral rules that check the previous review's decisions.
  let remediation: RemediationStatus[] | undefined;
  if (prevDecisions) {
    await loadPreviousRemediation(db, prevDecisions);
    for (const rule of loadDecisionsRules()) {
      progress.phase('Rules', rule.meta.id);
      const found = await runRule(db, rule);
      statuses.push({ id: rule.meta.id, title: rule.meta.title, evaluated: true, reason: null, findings: found.length });
      findings.push(...found);
      rules.push(rule);
    }
    remediation = await remediationStatus(db);
  }
  findings.sort(compareFindings);
  const population = await buildPopulation(db, platform, PLATFORMS, ingest, bundleDir);
  const warnings = await collectWarnings(db, platform.id, ingest.sourceFiles, [...(ingest.warnings ?? []), ...population.warnings]);
  clock.mark('rules');
  const p = (await db.one<{ eval_instant: string; cutoff: string; earliest: string | null; latest: string | null }>(
    loadQuery('common/coverage.sql'),
  ))!;
  const doc: FindingsDocument = {
    schema_version: 1,
    tool: { name: 'access-audit', version: TOOL_VERSION },
    platform: platform.id,
    as_of: asOf,
    parameters: Object.fromEntries(platform.parameterKeys.map((k) => [k, config[k] ?? null])),
    coverage: { evaluation_instant: p.eval_instant, cutoff: p.cutoff, earliest_event: p.earliest, latest_event: p.latest },
    rules: statuses,
    warnings,
    findings,
    ...(remediation ? { remediation } : {}),
  };
  return { doc, inputs: ingest.inputs, rules, platform, present: ingest.present, population: withNotes(population.population, warnings) };
}

/** The inputs with their SHA-256 and size, computed on a worker thread. */
async function hashInputsAside(read: ReadInputFile[]): Promise<InputFileRecord[]> {
  const hashes = await hashFilesAside(read.map((f) => f.path));
  return read.map((f, i) => ({ file: f.file, shape: f.shape, kind: f.kind, sha256: hashes[i]!.sha256, bytes: hashes[i]!.bytes, rows: f.rows }));
}

async function collectWarnings(db: Db, platform: string, sourceFiles: string[], extra: Warning[] = []): Promise<Warning[]> {
  const out: Warning[] = [...extra];
  for (const f of [...sqlFiles(`${platform}/warnings`), ...sqlFiles('common/warnings')]) {
    const rows = await db.all<{ kind: string; src: number | null; count: number; message: string; examples: string[] }>(loadQuery(f));
    for (const r of rows) {
      out.push({
        kind: r.kind,
        file: r.src === null ? '(bundle)' : (sourceFiles[r.src] ?? '(bundle)'),
        count: r.count,
        message: r.message,
        examples: r.examples ?? [],
      });
    }
  }
  return out.sort((a, b) => (a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** SQL files of a folder under queries/, in name order. */
function sqlFiles(rel: string): string[] {
  const dir = path.join(QUERIES_DIR, rel);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => `${rel}/${f}`);
}

async function appendCatalog(db: Db, config: Config): Promise<void> {
  const lic = await db.conn.createAppender('licenses');
  const alias = await db.conn.createAppender('license_aliases');
  config.licenses.forEach((l, i) => {
    lic.appendInteger(i);
    lic.appendVarchar(l.name);
    lic.appendInteger(l.tier);
    lic.appendBoolean(l.seat);
    if (l.monthly_price === null) lic.appendNull();
    else lic.appendDouble(l.monthly_price);
    if (l.purchased_seats === undefined) lic.appendNull();
    else lic.appendInteger(l.purchased_seats);
    lic.endRow();
    for (const n of new Set([l.name, ...l.aliases].map(licenseKey))) {
      alias.appendVarchar(n);
      alias.appendVarchar(l.name);
      alias.endRow();
    }
  });
  lic.closeSync();
  alias.closeSync();
  const tiers = await db.conn.createAppender('activity_tiers');
  for (const [kind, tier] of Object.entries(config.activity_tiers)) {
    tiers.appendVarchar(kind);
    tiers.appendInteger(tier);
    tiers.endRow();
  }
  tiers.closeSync();
}

async function loadFindingsTable(db: Db, findings: Finding[]): Promise<void> {
  await db.execFile('common/findings.sql');
  const app = await db.conn.createAppender('findings');
  for (const f of findings) {
    for (const v of [f.id, f.rule, f.severity]) app.appendVarchar(v);
    app.appendInteger(severityRank(f.severity));
    for (const v of [f.subject.kind, f.subject.id, f.subject.name, f.status, f.confidence, f.message, JSON.stringify(f.evidence)]) {
      if (v === null) app.appendNull();
      else app.appendVarchar(v);
    }
    app.endRow();
  }
  app.closeSync();
}

async function writeOutputs(
  db: Db,
  staged: StagedOutput,
  audit: Audit,
  config: Config,
  bundleDir: string,
  progress: Progress,
  clock: PhaseClock,
  { writeWorkbook, writePage }: Writers,
  evidence: Evidence = { watch: new InputWatch(), others: [], signKey: null },
  packets = false,
): Promise<OutputFile[]> {
  // Hashing gigabytes of input takes a core: a worker does it now, while the main thread
  // writes the reports, instead of competing with DuckDB's threads while they read.
  const inputs = hashInputsAside(audit.inputs).then((records) => {
    // Hashed after the read: the hash is of the bytes read only if nothing changed since.
    evidence.watch.check(audit.inputs.map((f) => ({ path: f.path, shown: f.file })));
    return records;
  });
  inputs.catch(() => undefined); // awaited by the writers and the manifest
  progress.phase('Writing findings.json');
  const outputs: Array<OutputFile & { sha256?: string; bytes?: number }> = [];
  // After exceptions were applied: the reports show excepted findings as such.
  await loadFindingsTable(db, audit.doc.findings);
  // The license position reads the findings (idle seats, moves): it joins the document.
  audit.doc = await withLicensePosition(db, audit.platform.id, audit.doc, config, audit.previous);
  await writeFile(staged.file('findings.json'), JSON.stringify(audit.doc, null, 2) + '\n');
  outputs.push({ file: 'findings.json', rows: audit.doc.findings.length });
  clock.mark('findings');
  // The Review rows feed the workbook's Review sheet and the page's review summary: the
  // query runs once, on its own connection while the writers do their first sheets and
  // sections, rather than once per use.
  const reviewDb = await db.fork();
  const reviewRows = reviewDb
    .execFile('report/materialise-review.sql', { query: loadFragment(reviewQueryFor(audit.platform.id)) })
    .then(() => 'report/review-table.sql')
    .finally(() => reviewDb.close());
  reviewRows.catch(() => undefined); // awaited by the writers; a failure surfaces there
  const ctx: ReportContext = {
    doc: audit.doc,
    config,
    rules: audit.rules.map((r) => r.meta),
    inputs,
    db,
    tables: reportTablesFor(audit.platform.id, audit.doc, audit.present),
    reviewQuery: reviewRows,
    population: audit.population,
  };
  // The workbook is mostly JavaScript (cells to XML), the page mostly DuckDB queries:
  // written side by side, each on its own connection, the page's queries run while the
  // workbook's rows are rendered.
  progress.phase('Writing the workbook and the page');
  const pageDb = await db.fork();
  try {
    const side = clock.concurrent();
    // Settled, not raced: when one writer fails (an input changed while it was read), the
    // others still hold DuckDB connections; closing the database under a running query
    // leaves native work pending that keeps the process alive after the error is printed.
    const [workbook, page, packetFiles] = await allOrFirstError([
      writeWorkbook(ctx, staged.file('access-review.xlsx')).finally(() => side.done('workbook')),
      writePage({ ...ctx, db: pageDb }, staged.file('access-review.html')).finally(() => side.done('page')),
      packets ? writeRunPackets(ctx, staged.dir).finally(() => side.done('packets')) : Promise.resolve([]),
    ] as const);
    clock.skip();
    outputs.push({ file: 'access-review.xlsx', rows: workbook.rows }, { file: 'access-review.html', rows: page.rows }, ...packetFiles);
  } finally {
    pageDb.close();
    await reviewRows.catch(() => undefined); // its connection closes before the database does
  }
  if (audit.exportDir) {
    progress.phase('Writing the data export');
    outputs.push(...(await exportData(db, audit.platform.id, audit.doc.as_of, path.join(staged.dir, ...audit.exportDir.split('/')), audit.exportDir)));
    clock.mark('export');
  }
  progress.phase('Hashing outputs');
  const manifest: Manifest = {
    schema_version: 1,
    tool: { name: 'access-audit', version: TOOL_VERSION },
    platform: audit.doc.platform,
    as_of: audit.doc.as_of,
    input_dir: bundleDir,
    config: config as unknown as Record<string, unknown>,
    inputs: await inputs,
    population: audit.population,
    outputs: await outputRecords(staged.dir, outputs),
    ...(audit.collection ? { collection: audit.collection } : {}),
  };
  const others = await otherInputRecords(evidence.others, bundleDir, evidence.watch);
  if (others.length > 0) manifest.other_inputs = others;
  evidence.manifestSha256 = await writeManifest(staged.dir, manifest);
  if (evidence.signKey) await signManifest(staged.dir, evidence.signKey);
  clock.mark('manifest');
  return outputs;
}

/** Like Promise.all, but waits for every promise to settle before rejecting with the first error. */
async function allOrFirstError<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Manifest records of the outputs: hashes known from writing taken as they are, the rest read a few at a time. */
async function outputRecords(dir: string, outputs: Array<OutputFile & { sha256?: string; bytes?: number }>): Promise<Awaited<ReturnType<typeof fileRecord>>[]> {
  const out = new Array<Awaited<ReturnType<typeof fileRecord>>>(outputs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < outputs.length; i = next++) {
      const o = outputs[i]!;
      out[i] = o.sha256 !== undefined && o.bytes !== undefined ? { file: o.file, sha256: o.sha256, bytes: o.bytes, rows: o.rows } : await fileRecord(dir, o.file, o.rows);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

/** run --packets: packets/ from the materialised Review rows, on a connection of its own. */
async function writeRunPackets(ctx: ReportContext, dir: string): Promise<Array<OutputFile & { sha256?: string; bytes?: number }>> {
  await ctx.reviewQuery;
  const [{ writePackets }, { auditOf }] = await Promise.all([import('./report/packets.js'), import('./report/workbook.js')]);
  const packetDb = await ctx.db.fork();
  try {
    const instant = new Date(ctx.doc.coverage.evaluation_instant);
    const r = await writePackets(packetDb, dir, {
      currency: ctx.config.currency,
      asOf: ctx.doc.as_of,
      auditId: Promise.resolve(ctx.inputs).then((inputs) => auditOf(ctx, inputs)), // the rows are sorted meanwhile
      creator: `${ctx.doc.tool.name} ${ctx.doc.tool.version}`,
      created: Number.isNaN(instant.getTime()) ? undefined : instant,
    });
    return r.outputs;
  } finally {
    packetDb.close();
  }
}

type Writers = Awaited<ReturnType<typeof loadWriters>>;

async function loadWriters() {
  const [{ writeWorkbook }, { writePage }] = await Promise.all([import('./report/workbook.js'), import('./report/page.js')]);
  return { writeWorkbook, writePage };
}

function parseAsOf(value: string | undefined): string {
  if (value === undefined) return new Date().toISOString().slice(0, 10);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.toISOString().slice(0, 10) !== value) throw new UsageError(`--as-of must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}

function choosePlatform(bundleDir: string, requested: string | undefined, config: Config): Platform {
  if (requested) {
    const p = PLATFORMS.find((x) => x.id === requested);
    if (!p) throw new UsageError(`platform ${requested} is not supported yet`);
    return p;
  }
  // Files renamed through the config count under their default names too. A roster belongs
  // to any platform's bundle: it says nothing about the platform.
  const roster = new Set([...ROSTER_FILES, ...ROSTER_FILES.map((f) => config.files[f]).filter((f) => f !== undefined)]);
  const present = readdirSync(bundleDir).filter((f) => !roster.has(f));
  const files = [...present, ...Object.entries(config.files).filter(([, actual]) => present.includes(actual)).map(([name]) => name)];
  const matches = PLATFORMS.filter((p) => p.recognises(files, bundleDir));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw new InputError(
      { file: bundleDir },
      'no users file: the bundle needs users.csv or users-with-usage.json (Domino), or users.csv or users.json (Dagster+)',
    );
  }
  const distinct = matches.filter((p) => p.distinctive?.(files, bundleDir));
  if (distinct.length === 1) return distinct[0]!;
  throw new UsageError(`the bundle looks like more than one platform (${matches.map((m) => m.id).join(', ')}): pass --platform${mixedBundleFiles(matches, files)}`);
}

/** The audit into an open database, and the findings table the report queries read (for tests of report SQL). */
export { audit_ as auditInDb, loadFindingsTable };

// `access-audit verify`: what an auditor runs on a folder they received.
//
// - Says which audit the folder holds (platform, as-of, tool, the manifest's SHA-256); a
//   commit that a killed run left half-done is finished first (see ./atomic.ts), and said so.
// - Refuses (exit 2) a missing, malformed or empty manifest: a manifest that lists nothing
//   proves nothing.
// - Recomputes every output's hash, and reports files in the folder the manifest does not list.
// - Hashes inputs only in a folder the auditor named (--input), or in the recorded bundle
//   folder when it sits beside the audit folder (the usual `audit/` + `bundle/` hand-over);
//   an input_dir elsewhere in a received manifest is never followed (it could make verify
//   hash any file on the auditor's machine). Inputs that resolve outside that folder
//   (symbolic links) are refused.
// - A decisions folder is followed to the audit it was made on: the audit's manifest must
//   still be the one the decisions recorded, and the audit's outputs must match it.
// - With --public-key, checks manifest.sig.
// - With --rerun, re-performs the audit from the inputs (the recorded as-of, platform and
//   config in force) into a scratch folder and compares every output byte for byte: a
//   findings.json edited together with its hash in the manifest is caught.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { COMMIT_FILE, LOCK_FILE, STAGING_PREFIX, clearStaleLock, lockHolder, recoverOutDir } from './atomic.js';
import { hashFile } from './hash-file.js';
import { MANIFEST_FILE, readManifest, verifyOutDir, type Manifest, type VerifyProblem } from './manifest.js';
import { SIGNATURE_FILE, checkSignature, loadPublicKey } from './sign.js';
import { shownPath } from '../review/json-input.js';

export interface AuditVerifyOptions {
  input?: string;
  run?: string;
  publicKey?: string;
  rerun?: boolean;
  exceptions?: string;
  previous?: string;
  config?: string;
}

export interface AuditVerifyReport {
  /** Lines to print, in order; `ok` false means exit 1. */
  lines: string[];
  ok: boolean;
}

const sha256Text = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Whether `dir` sits beside `of` (same parent folder). */
const beside = (dir: string, of: string): boolean => path.dirname(path.resolve(dir)) === path.dirname(path.resolve(of));

function problemLine(p: VerifyProblem): string {
  return p.problem === 'missing'
    ? `MISSING  ${p.role} ${p.file}  (${p.path})`
    : `CHANGED  ${p.role} ${p.file}  (${p.path}: sha256 ${p.actual!.sha256}, ${p.actual!.bytes} bytes; manifest says ${p.expected.sha256}, ${p.expected.bytes} bytes)`;
}

/** Files under `dir` (relative, forward slashes) that the manifest does not list. */
function unlisted(dir: string, m: Manifest): string[] {
  const listed = new Set([MANIFEST_FILE, SIGNATURE_FILE, ...m.outputs.map((o) => o.file)]);
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isDirectory()) continue;
    const parent = e.parentPath ?? (e as unknown as { path: string }).path;
    const rel = path.relative(dir, path.join(parent, e.name)).split(path.sep).join('/');
    if (rel === LOCK_FILE || rel === COMMIT_FILE || rel.startsWith(STAGING_PREFIX)) continue;
    if (!listed.has(rel)) out.push(rel);
  }
  return out.sort();
}

/** Inputs that resolve (through symbolic links) outside the folder they are looked for in. */
function escapingInputs(base: string, m: Manifest): string[] {
  let root: string;
  try {
    root = realpathSync(base);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const i of m.inputs) {
    try {
      const real = realpathSync(path.join(base, ...i.file.split('/')));
      if (real !== root && !real.startsWith(root + path.sep)) out.push(i.file);
    } catch {
      // missing: reported as such by the hash check
    }
  }
  return out;
}

export async function verifyAudit(dir: string, opts: AuditVerifyOptions = {}): Promise<AuditVerifyReport> {
  const outDir = path.resolve(dir);
  const shown = shownPath(outDir);
  const lines: string[] = [];
  let ok = true;
  if (existsSync(outDir)) {
    const holder = lockHolder(outDir);
    if (holder) throw new UsageError(`${shown} is being written by an access-audit run now (pid ${holder.pid} on ${holder.host}, since ${holder.started}); verify it once that run has finished`);
    const { finished } = recoverOutDir(outDir);
    clearStaleLock(outDir);
    if (finished) lines.push(`verify: finished the commit of an interrupted run: ${shown} now holds that run's audit in full`);
  }
  const publicKey = opts.publicKey ? await loadPublicKey(opts.publicKey) : undefined;
  const m = await readManifest(outDir);
  const manifestShown = shownPath(path.join(outDir, MANIFEST_FILE));
  const isDecisions = m.config?.command === 'decisions';
  if (m.outputs.length === 0) throw new InputError({ file: manifestShown }, 'lists no outputs: an empty manifest proves nothing; use the manifest.json the run wrote');
  if (!isDecisions && m.inputs.length === 0) throw new InputError({ file: manifestShown }, 'lists no inputs: an audit read at least its users file; use the manifest.json the run wrote');
  const manifestSha = sha256Text(await readFile(path.join(outDir, MANIFEST_FILE)));
  lines.push(
    `verify: ${shown} holds ${isDecisions ? 'the decisions on the audit' : 'the audit'} of ${m.platform} as of ${m.as_of} (access-audit ${m.tool.version}); manifest.json sha256 ${manifestSha}`,
  );

  // Where the inputs are looked for.
  let inputDir: string | undefined;
  let inputsNote: string | undefined;
  if (opts.input) inputDir = path.resolve(opts.input);
  else if (m.inputs.length > 0) {
    const recorded = m.input_dir;
    if (recorded && path.isAbsolute(recorded) && beside(recorded, outDir)) inputDir = path.resolve(recorded);
    else
      inputsNote = `NOT CHECKED  ${m.inputs.length} input${m.inputs.length === 1 ? '' : 's'}: the folder they were read from (${recorded || 'not recorded'}) is not beside ${shown}; give it with --input <folder> (verify hashes inputs only in a folder you name)`;
  }
  if (inputDir) {
    const escaping = escapingInputs(inputDir, m);
    if (escaping.length > 0) throw new InputError({ file: manifestShown }, `the input ${escaping[0]} resolves outside ${shownPath(inputDir)} (a symbolic link); verify hashes only files inside the folder it is given`);
  }
  const r = await verifyOutDir(outDir, inputDir ? { inputDir } : { outputsOnly: true });
  for (const p of r.problems) lines.push(problemLine(p));
  if (r.problems.length > 0) ok = false;
  const extra = unlisted(outDir, m);
  for (const f of extra) lines.push(`UNLISTED file ${f}  (in ${shown}, not in manifest.json: not written by this audit)`);
  if (extra.length > 0) ok = false;
  if (inputsNote) lines.push(inputsNote);

  // Signature.
  const signed = existsSync(path.join(outDir, SIGNATURE_FILE));
  if (publicKey) {
    const s = await checkSignature(outDir, publicKey);
    if (s === 'valid') lines.push(`signature: manifest.sig is a valid Ed25519 signature of manifest.json by the key ${shownPath(path.resolve(opts.publicKey!))}`);
    else {
      ok = false;
      lines.push(s === 'missing' ? `UNSIGNED  manifest.sig is missing: this audit was not signed` : `BAD SIGNATURE  manifest.sig does not match manifest.json for the key ${shownPath(path.resolve(opts.publicKey!))} (another key, or manifest.json changed)`);
    }
  } else if (signed) lines.push('signature: manifest.sig present, not checked (give --public-key <PEM> to check who wrote the manifest)');

  // A decisions folder: the audit it was made on.
  if (isDecisions) {
    const recordedRun = typeof m.config.run === 'string' ? m.config.run : '';
    const want = typeof m.config.run_manifest_sha256 === 'string' ? m.config.run_manifest_sha256 : '';
    const runDir = opts.run ? path.resolve(opts.run) : recordedRun && beside(recordedRun, outDir) ? recordedRun : undefined;
    if (!runDir) {
      lines.push(`NOT CHECKED  the audit these decisions were made on (${recordedRun || 'not recorded'}) is not beside ${shown}; give it with --run <audit folder>`);
    } else if (!existsSync(path.join(runDir, MANIFEST_FILE))) {
      ok = false;
      lines.push(`CHAIN  the audit folder ${shownPath(runDir)} these decisions were made on holds no manifest.json`);
    } else {
      const have = sha256Text(await readFile(path.join(runDir, MANIFEST_FILE)));
      if (have !== want) {
        ok = false;
        lines.push(`CHAIN  ${shownPath(runDir)} now holds another audit (manifest.json sha256 ${have}); these decisions were made on the audit whose manifest.json had sha256 ${want}`);
      } else {
        const a = await verifyOutDir(runDir, { outputsOnly: true });
        for (const p of a.problems) lines.push(problemLine({ ...p, role: 'audit output' as VerifyProblem['role'] }));
        if (a.problems.length > 0) ok = false;
        else lines.push(`chain: the decisions were made on the audit in ${shownPath(runDir)}, which still matches its manifest.json`);
      }
    }
  }

  // Re-performing the audit.
  if (opts.rerun) {
    if (isDecisions) throw new UsageError('--rerun re-performs an audit; this folder holds decisions (verify the audit folder with --rerun)');
    const res = await rerun(m, inputDir, opts);
    lines.push(...res.lines);
    if (!res.ok) ok = false;
  } else if (!publicKey && ok) {
    lines.push('note: matching hashes prove the files are the ones manifest.json lists, not who wrote it: check a signed run with --public-key, or re-perform the audit with --rerun');
  }

  const total = r.checked.outputs + r.checked.inputs;
  const bad = r.problems.length;
  lines.push(
    ok
      ? `verify: all ${total} files match manifest.json (${r.checked.outputs} outputs in ${r.outputDir}, ${r.checked.inputs} inputs in ${r.inputDir ?? '-'})`
      : `verify: ${bad} of ${total} files do not match manifest.json${extra.length ? `, ${extra.length} not listed in it` : ''}${bad === 0 && extra.length === 0 ? ' — see above' : ''}`,
  );
  return { lines, ok };
}

/** Re-perform the audit into a scratch folder and compare its outputs with the manifest's. */
async function rerun(m: Manifest, inputDir: string | undefined, opts: AuditVerifyOptions): Promise<AuditVerifyReport> {
  if (!inputDir) throw new UsageError('--rerun needs the export bundle: give it with --input <folder>');
  const supplied: Record<string, string | undefined> = { exceptions: opts.exceptions, previous: opts.previous, config: opts.config };
  const args: { exceptions?: string; previous?: string; config?: string } = {};
  for (const o of m.other_inputs ?? []) {
    if (o.role !== 'exceptions' && o.role !== 'previous' && o.role !== 'config') continue;
    // The config file itself when it is at hand; else the config in force recorded in the manifest.
    if (o.role === 'config' && !supplied.config && !o.in_input_dir) continue;
    const file = supplied[o.role] ?? (o.in_input_dir ? path.join(inputDir, ...o.file.split('/')) : undefined);
    if (!file) throw new UsageError(`--rerun: the audit read a ${o.role} file outside its bundle (${o.file}); give it with --${o.role} <file>`);
    const h = await hashFile(file).catch(() => undefined);
    if (!h || h.sha256 !== o.sha256) throw new UsageError(`--rerun: ${file} is not the ${o.role} file the audit read (its sha256 differs from the manifest's ${o.sha256})`);
    args[o.role] = file;
  }
  const scratch = mkdtempSync(path.join(tmpdir(), 'access-audit-rerun-'));
  try {
    let config = args.config;
    if (!config) {
      config = path.join(scratch, 'config-in-force.json');
      writeFileSync(config, JSON.stringify(m.config));
    }
    const out = path.join(scratch, 'out');
    const { runAudit } = await import('../run.js');
    await runAudit({ input: inputDir, out, asOf: m.as_of, platform: m.platform as 'domino' | 'dagster', quiet: true, ...args, config });
    const lines: string[] = [];
    let ok = true;
    let same = 0;
    for (const o of m.outputs) {
      const file = path.join(out, ...o.file.split('/'));
      if (!existsSync(file)) {
        lines.push(`NOT REPRODUCED  ${o.file}: the re-performed audit does not write it (written with an option the manifest does not record)`);
        continue;
      }
      const h = await hashFile(file);
      if (h.sha256 === o.sha256) same++;
      else {
        ok = false;
        lines.push(`DIFFERS  ${o.file}: re-performed from the inputs it has sha256 ${h.sha256}, ${h.bytes} bytes; manifest.json says ${o.sha256}, ${o.bytes} bytes`);
      }
    }
    lines.push(ok ? `rerun: the audit re-performed from the inputs writes ${same} of the outputs byte for byte` : `rerun: the outputs are not what the audit writes from these inputs`);
    return { lines, ok };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

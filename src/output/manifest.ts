// manifest.json: evidence of a run — a SHA-256, size and row count of every input and output
// file — and its check (`access-audit verify`). Shape: docs/ARCHITECTURE.md.
//
//   { "schema_version": 1, "tool": {"name","version"}, "platform", "as_of",
//     "input_dir": "<absolute path>", "config": { …in force… },
//     "inputs":  [{"file","shape","kind","sha256","bytes","rows"}],
//     "outputs": [{"file","sha256","bytes","rows"}] }
//
// Paths are relative (inputs to input_dir, outputs to the out-dir), forward slashes.
// The manifest cannot list itself; it proves that the files match it, not who wrote it.
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { createHash } from 'node:crypto';
import { hashFile } from './hash-file.js';
import type { CollectionInManifest } from '../collect/record.js';
import type { Population } from '../ingest/population.js';
import type { OtherInputRecord } from './other-inputs.js';
import { lockHolder, recoverOutDir } from './atomic.js';
import { existsSync } from 'node:fs';
import { checkJsonShape, parseJsonText, readTextInput, shownPath } from '../review/json-input.js';

export const MANIFEST_FILE = 'manifest.json';

export interface ManifestOutput {
  file: string;
  sha256: string;
  bytes: number;
  rows: number;
}

export interface ManifestInput extends ManifestOutput {
  shape: 'canonical' | 'native';
  kind: string;
}

export interface Manifest {
  schema_version: 1;
  tool: { name: 'access-audit'; version: string };
  platform: string;
  as_of: string;
  input_dir: string;
  config: Record<string, unknown>;
  inputs: ManifestInput[];
  /** What each input held against what its source stated, files not read, users outside the review (docs/ARCHITECTURE.md). */
  population?: Population;
  outputs: ManifestOutput[];
  /** A collected bundle's collection.json (src/collect/record.ts), carried as read. */
  collection?: CollectionInManifest;
  /** The config, exceptions, previous findings, decisions folder or returned workbook the run read. */
  other_inputs?: OtherInputRecord[];
}

/** SHA-256 (lower-case hex) of a file, streamed: files of any size use little memory. */
export async function sha256File(file: string): Promise<string> {
  return (await hashFile(file)).sha256;
}

/** The manifest record of one file of a folder: `rel` relative to `dir`, forward slashes. */
export async function fileRecord(dir: string, rel: string, rows: number): Promise<ManifestOutput> {
  const { sha256, bytes } = await hashFile(path.join(dir, ...rel.split('/')));
  return { file: rel, sha256, bytes, rows };
}

/** The text of manifest.json: 2-space JSON, keys in the order given, final newline. */
export function manifestText(m: Manifest): string {
  return JSON.stringify(m, null, 2) + '\n';
}

/** Write manifest.json into a (staging) folder; returns its SHA-256 (lower-case hex), the run's fingerprint to paste into a ticket. */
export async function writeManifest(dir: string, m: Manifest): Promise<string> {
  const text = manifestText(m);
  await writeFile(path.join(dir, MANIFEST_FILE), text, 'utf8');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const RelPath = z.string().refine((p) => p !== '' && !p.includes('\\') && !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.split('/').some((s) => s === '..' || s === '' || s === '.'), {
  message: 'must be a relative path with forward slashes inside its folder',
});
const Sha = z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a SHA-256 in lower-case hex' });
const OutputEntry = z.object({ file: RelPath, sha256: Sha, bytes: z.number().int().nonnegative(), rows: z.number().int().nonnegative().optional() });
const InputEntry = OutputEntry.extend({ shape: z.string().optional(), kind: z.string().optional() });
const ManifestSchema = z.object({
  schema_version: z.literal(1, { message: 'this access-audit reads manifest schema_version 1' }),
  tool: z.object({ name: z.literal('access-audit'), version: z.string() }),
  platform: z.string(),
  as_of: z.string(),
  input_dir: z.string().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  inputs: z.array(InputEntry).default([]),
  outputs: z.array(OutputEntry),
});

/** Read and check `<dir>/manifest.json`; a missing or malformed manifest is an InputError (exit 2). */
export async function readManifest(dir: string): Promise<Manifest> {
  const file = path.join(dir, MANIFEST_FILE);
  const shown = shownPath(file);
  let isDir = false;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch {
    throw new InputError({ file: shownPath(dir) }, 'no such folder');
  }
  if (!isDir) throw new InputError({ file: shownPath(dir) }, 'is a file; give the folder that holds manifest.json');
  const text = await readTextInput(file, shown, 'manifest.json (is this an access-audit output folder?)');
  const raw = parseJsonText(text, shown, 'manifest.json');
  const m = checkJsonShape(ManifestSchema, raw, text, shown, 'manifest.json');
  return {
    ...m,
    input_dir: m.input_dir ?? '',
    config: m.config ?? {},
    inputs: m.inputs.map((i) => ({ ...i, rows: i.rows ?? 0, shape: (i.shape ?? 'canonical') as ManifestInput['shape'], kind: i.kind ?? '' })),
    outputs: m.outputs.map((o) => ({ ...o, rows: o.rows ?? 0 })),
  } as Manifest;
}

export interface VerifyProblem {
  role: 'output' | 'input';
  /** As listed in the manifest. */
  file: string;
  /** Where it was looked for. */
  path: string;
  problem: 'changed' | 'missing';
  expected: { sha256: string; bytes: number };
  actual?: { sha256: string; bytes: number };
}

export interface VerifyResult {
  manifest: Manifest;
  outputDir: string;
  /** Where inputs were looked for; null when inputs were not checked. */
  inputDir: string | null;
  checked: { outputs: number; inputs: number };
  problems: VerifyProblem[];
}

export interface VerifyOptions {
  /** Look for inputs here instead of the manifest's input_dir (the bundle was moved). */
  inputDir?: string;
  /** Check only the outputs (e.g. `decisions` checking the audit folder it reads). */
  outputsOnly?: boolean;
}

/** `f` of every item, up to 8 at once, in item order. */
async function inOrder<T, R>(items: readonly T[], f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i]!);
      }
    }),
  );
  return out;
}

/**
 * Recompute every hash listed in `<dir>/manifest.json`: outputs relative to `dir`, inputs
 * relative to `inputDir` (default: the manifest's input_dir). Returns each changed or
 * missing file; an unreadable manifest is an InputError.
 */
export async function verifyOutDir(dir: string, opts: VerifyOptions = {}): Promise<VerifyResult> {
  // A commit that a killed run left half-done is finished first (./atomic.ts): the folder then holds that run's audit.
  if (existsSync(dir) && !lockHolder(dir)) recoverOutDir(dir, false);
  const manifest = await readManifest(dir);
  const outputDir = path.resolve(dir);
  const problems: VerifyProblem[] = [];
  const check = async (role: VerifyProblem['role'], base: string, e: { file: string; sha256: string; bytes: number }): Promise<VerifyProblem | undefined> => {
    const full = path.join(base, ...e.file.split('/'));
    const expected = { sha256: e.sha256, bytes: e.bytes };
    let size: number;
    try {
      const st = await stat(full);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      return { role, file: e.file, path: full, problem: 'missing', expected };
    }
    const actual = await hashFile(full).catch(() => undefined);
    if (!actual) {
      return { role, file: e.file, path: full, problem: 'missing', expected };
    } else if (actual.sha256 !== e.sha256 || actual.bytes !== e.bytes || size !== e.bytes) {
      return { role, file: e.file, path: full, problem: 'changed', expected, actual };
    }
    return undefined;
  };
  const add = (found: Array<VerifyProblem | undefined>) => {
    for (const p of found) if (p) problems.push(p);
  };
  // A few files at a time (a campaign's audit folder lists tens of thousands of packets: one
  // by one, the waits for each stat, open and read add up to seconds); problems stay in order.
  add(await inOrder(manifest.outputs, (o) => check('output', outputDir, o)));
  let inputDir: string | null = null;
  if (!opts.outputsOnly && manifest.inputs.length > 0) {
    const base = opts.inputDir ?? manifest.input_dir;
    if (!base) {
      throw new InputError({ file: shownPath(path.join(dir, MANIFEST_FILE)) }, 'manifest.json has no input_dir; give the bundle folder with --input');
    }
    inputDir = path.resolve(base);
    add(await inOrder(manifest.inputs, (i) => check('input', inputDir!, i)));
  }
  return {
    manifest,
    outputDir,
    inputDir,
    checked: { outputs: manifest.outputs.length, inputs: inputDir === null ? 0 : manifest.inputs.length },
    problems,
  };
}

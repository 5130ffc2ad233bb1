// Outputs appear all together or not at all, on any file system (--out may be a mount point,
// a Docker volume, an NFS share: nothing is ever renamed across file systems).
//
// Inside --out, while a run writes:
//   .access-audit.lock             held by one run at a time (pid, host, start); a lock whose
//                                  process is gone (same host) is taken over
//   .access-audit-staging-XXXXXX/  this run's files, written and fsync'ed
//   .access-audit-commit.json      the commit record: written (atomically, by rename) only
//                                  once every staged file is complete; it lists the files
//                                  to move in and the previous audit's files to remove
// A commit is: write the record, rename each staged file into --out (the manifest last),
// remove the previous audit's other files, remove the staging folder, remove the record.
// Killed before the record exists, the folder still holds the previous audit (the staging
// folder is removed by the next run). Killed after, the record is the new audit: the next
// run, `verify` or `decisions` that opens the folder finishes the commit first (each step
// can be repeated), so a reader of the folder through the tool never sees two runs mixed.
// A previous audit is overwritten only with --replace.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { onInterrupt } from './cleanup.js';

export const LOCK_FILE = '.access-audit.lock';
export const COMMIT_FILE = '.access-audit-commit.json';
export const STAGING_PREFIX = '.access-audit-staging-';
/** Files whose presence means the folder already holds an audit (or a decisions folder). */
export const AUDIT_FILES = ['manifest.json', 'findings.json', 'access-review.xlsx', 'access-review.html', 'remediation.json', 'review-status.json'];

export interface OutOptions {
  /** The flag named in messages. */
  flag?: string;
  /** Overwrite a folder that already holds an audit. */
  replace?: boolean;
}

const code = (e: unknown): string | undefined => (e as NodeJS.ErrnoException)?.code;

const WRITE_PROBLEMS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EIO: 'an I/O error on the disk',
  EFBIG: 'a file is larger than the file system allows',
};

/** An error from writing --out as the one line a user can act on, or undefined when it is not one. */
export function describeWriteError(e: unknown, out: string, flag = '--out'): UsageError | undefined {
  const c = code(e);
  if (c === undefined || !(c in WRITE_PROBLEMS)) return undefined;
  return new UsageError(`${flag} ${out}: cannot write the outputs: ${WRITE_PROBLEMS[c]} (${c}); nothing was written — free space or fix the permissions, or choose another folder`);
}

/** Refuse an --out that cannot become a folder of outputs (before any work is done). */
export async function checkOutDir(out: string, flag = '--out'): Promise<void> {
  if (out.trim() === '') throw new UsageError(`${flag} is empty; give the folder to write the outputs to`);
  try {
    const st = statSync(out);
    if (!st.isDirectory()) throw new UsageError(`${flag} ${out} is a file; give a folder`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (code(e) !== 'ENOENT') throw new UsageError(`${flag} ${out}: ${code(e) ?? String(e)}`);
  }
}

function fsyncPath(p: string, dir = false): void {
  let fd: number | undefined;
  try {
    fd = openSync(p, dir ? 'r' : 'r+');
    fsyncSync(fd);
  } catch (e) {
    // Some file systems (and directories on some platforms) cannot be fsync'ed; a file that
    // cannot be opened for writing any more is a real problem.
    if (!dir) throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Files from this many on are flushed with one syncfs(2) of their file system instead of an
 * fsync each: `run --packets` stages tens of thousands of files, and an fsync costs ~0.3 ms
 * (ext4), which had made the commit of 56k packets ~16 s. Node has no syncfs; coreutils'
 * `sync --file-system` is that call. Where it is missing or fails, each file is fsync'ed.
 */
const SYNCFS_FROM = 64;
const SYNC_BINARIES = ['/usr/bin/sync', '/bin/sync'];

function syncFileSystem(dir: string): boolean {
  if (process.platform !== 'linux') return false;
  const bin = SYNC_BINARIES.find((b) => existsSync(b));
  if (!bin) return false;
  const r = spawnSync(bin, ['--file-system', dir], { stdio: 'ignore' });
  return r.status === 0 && r.error === undefined;
}

/** Every file durable on disk (and the folder holding them). */
function syncFiles(files: readonly string[], dir: string): void {
  if (files.length < SYNCFS_FROM || !syncFileSystem(dir)) for (const f of files) fsyncPath(f);
  fsyncPath(dir, true);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return code(e) === 'EPERM';
  }
}

interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

/** Take the --out lock, or refuse with who holds it. Returns the release function. */
function acquireLock(dest: string, shown: string, flag: string): () => void {
  const file = path.join(dest, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() } satisfies LockInfo) + '\n');
      } finally {
        closeSync(fd);
      }
      return () => rmSync(file, { force: true });
    } catch (e) {
      if (code(e) !== 'EEXIST') {
        throw describeWriteError(e, shown, flag) ?? new UsageError(`${flag} ${shown}: cannot write to this folder (${code(e) ?? String(e)})`);
      }
    }
    let info: LockInfo | undefined;
    try {
      info = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
    } catch {
      // Being written this instant, or left half-written by a killed run.
      const age = Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age < 10_000) {
        info = { pid: -1, host: '?', started: 'just now' };
      }
    }
    const stale = info === undefined || (info.host === hostname() && info.pid > 0 && !isAlive(info.pid));
    if (!stale) {
      throw new UsageError(
        `${flag} ${shown} is being written by another access-audit run (pid ${info!.pid} on ${info!.host}, since ${info!.started}); wait for it to finish, or delete ${path.join(shown, LOCK_FILE)} if that run is gone`,
      );
    }
    rmSync(file, { force: true });
  }
  throw new UsageError(`${flag} ${shown}: cannot take the lock ${LOCK_FILE}; is another run starting?`);
}

interface CommitRecord {
  staging: string;
  files: string[];
  remove: string[];
}

const safeRel = (p: unknown): p is string =>
  typeof p === 'string' && p !== '' && !p.startsWith('/') && !p.includes('\\') && !p.split('/').some((s) => s === '' || s === '.' || s === '..');

/** Carry out a commit record (every step may already have been done). */
function applyCommit(dest: string, rec: CommitRecord, killAfter?: number): void {
  const staging = path.join(dest, rec.staging);
  let moved = 0;
  const made = new Set<string>(); // folders already made: one mkdir per folder, not per file (packets/)
  for (const f of rec.files) {
    const from = path.join(staging, ...f.split('/'));
    if (!existsSync(from)) continue;
    const to = path.join(dest, ...f.split('/'));
    const parent = path.dirname(to);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    renameSync(from, to);
    moved++;
    // Fault injection for the tests of an interrupted commit (kill -9 between two renames).
    if (killAfter !== undefined && moved === killAfter) process.kill(process.pid, 'SIGKILL');
  }
  const keep = new Set(rec.files);
  for (const f of rec.remove) if (!keep.has(f)) rmSync(path.join(dest, ...f.split('/')), { force: true });
  rmSync(staging, { recursive: true, force: true });
  fsyncPath(dest, true);
  rmSync(path.join(dest, COMMIT_FILE), { force: true });
}

function readCommit(dest: string): CommitRecord | undefined {
  const file = path.join(dest, COMMIT_FILE);
  if (!existsSync(file)) return undefined;
  let rec: Partial<CommitRecord>;
  try {
    rec = JSON.parse(readFileSync(file, 'utf8')) as Partial<CommitRecord>;
  } catch {
    throw new UsageError(`${file}: an unreadable commit record of an interrupted run; delete it and the .access-audit-staging-* folders, then run the audit again`);
  }
  if (
    typeof rec.staging !== 'string' ||
    !rec.staging.startsWith(STAGING_PREFIX) ||
    !safeRel(rec.staging) ||
    !Array.isArray(rec.files) ||
    !rec.files.every(safeRel) ||
    !Array.isArray(rec.remove) ||
    !rec.remove.every(safeRel)
  ) {
    throw new UsageError(`${file}: not a commit record of access-audit; delete it and the .access-audit-staging-* folders, then run the audit again`);
  }
  return rec as CommitRecord;
}

/**
 * Bring a folder left by an interrupted run to a consistent state: a commit whose record was
 * written is finished; staging folders without a record are removed (only when
 * `removeStaging`: the caller holds the lock). Returns whether a commit was finished.
 */
export function recoverOutDir(dest: string, removeStaging = true): { finished: boolean } {
  const rec = readCommit(dest);
  if (rec) applyCommit(dest, rec);
  if (removeStaging && existsSync(dest)) {
    for (const n of readdirSync(dest)) {
      if (n.startsWith(STAGING_PREFIX) || n === COMMIT_FILE + '.tmp') rmSync(path.join(dest, n), { recursive: true, force: true });
    }
  }
  return { finished: rec !== undefined };
}

/** Remove a lock left by a run that is gone (kill -9); returns whether one was removed. */
export function clearStaleLock(dest: string): boolean {
  const file = path.join(dest, LOCK_FILE);
  if (!existsSync(file) || lockHolder(dest)) return false;
  rmSync(file, { force: true });
  return true;
}

/** Whether another run holds the folder's lock right now. */
export function lockHolder(dest: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path.join(dest, LOCK_FILE), 'utf8')) as LockInfo;
    return info.host !== hostname() || isAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The previous audit's own files in `dest` (from its manifest), to remove when it is replaced. */
function previousOutputs(dest: string): string[] {
  const out = new Set<string>();
  for (const n of ['manifest.json', 'manifest.sig']) if (existsSync(path.join(dest, n))) out.add(n);
  try {
    const m = JSON.parse(readFileSync(path.join(dest, 'manifest.json'), 'utf8')) as { outputs?: Array<{ file?: unknown }> };
    for (const o of m.outputs ?? []) if (safeRel(o.file)) out.add(o.file);
  } catch {
    // no readable manifest: only the files written this time are replaced
  }
  return [...out];
}

export class StagedOutput {
  private done = false;

  private constructor(
    readonly dir: string,
    private readonly target: string,
    private readonly shown: string,
    private readonly flag: string,
    private readonly release: () => void,
    private readonly created: string | undefined,
    private readonly unregister: () => void,
  ) {}

  /**
   * Take --out for this run: create it if needed, take its lock, finish or clear what an
   * interrupted run left, refuse a folder that holds an audit unless `replace`, and make a
   * staging folder inside it.
   */
  static async create(target: string, flagOrOpts: string | OutOptions = '--out', more: OutOptions = {}): Promise<StagedOutput> {
    const opts: OutOptions = typeof flagOrOpts === 'string' ? { ...more, flag: flagOrOpts } : flagOrOpts;
    const flag = opts.flag ?? '--out';
    await checkOutDir(target, flag);
    const dest = path.resolve(target);
    let created: string | undefined;
    try {
      created = mkdirSync(dest, { recursive: true });
    } catch (first) {
      let e = first;
      // A recursive mkdir reports ENOENT for what is a read-only or forbidden parent: ask again for the real reason.
      if (code(e) === 'ENOENT' && existsSync(path.dirname(dest))) {
        try {
          mkdirSync(dest);
        } catch (again) {
          e = again;
        }
      }
      throw describeWriteError(e, target, flag) ?? new UsageError(`${flag} ${target}: cannot create the folder (${code(e) ?? String(e)})`);
    }
    const removeCreated = () => {
      if (created === undefined) return;
      // Only the folders this run created, and only while empty.
      for (let d = dest; d.length >= created.length; d = path.dirname(d)) {
        try {
          rmdirSync(d);
        } catch {
          break;
        }
      }
    };
    let release: (() => void) | undefined;
    try {
      release = acquireLock(dest, target, flag);
      const { finished } = recoverOutDir(dest);
      void finished;
      if (!opts.replace) {
        const held = AUDIT_FILES.filter((f) => existsSync(path.join(dest, f)));
        if (held.length > 0) {
          throw new UsageError(`${flag} ${target} already holds the outputs of an earlier run (${held.join(', ')}); they are evidence: choose a new folder, or pass --replace to overwrite them`);
        }
      }
      const dir = await mkdtemp(path.join(dest, STAGING_PREFIX)).catch((e: unknown) => {
        throw describeWriteError(e, target, flag) ?? e;
      });
      const rel = release;
      const unregister = onInterrupt(() => {
        rmSync(dir, { recursive: true, force: true });
        rel();
        removeCreated();
      });
      return new StagedOutput(dir, dest, target, flag, rel, created, unregister);
    } catch (e) {
      release?.();
      removeCreated();
      throw e;
    }
  }

  file(name: string): string {
    return path.join(this.dir, ...name.split('/'));
  }

  /** An error met while writing the staged files, as the user should see it. */
  explain(e: unknown): unknown {
    return describeWriteError(e, this.shown, this.flag) ?? e;
  }

  /**
   * Move the staged files in (see the top of this file). `names` are relative paths with
   * forward slashes; manifest.json and manifest.sig are moved last.
   */
  async commit(names: readonly string[]): Promise<void> {
    const last = (n: string) => (n === 'manifest.json' ? 1 : n === 'manifest.sig' ? 2 : 0);
    const files = [...names].sort((a, b) => last(a) - last(b));
    const kill = process.env.ACCESS_AUDIT_TEST_KILL_IN_COMMIT;
    try {
      syncFiles(files.map((n) => this.file(n)), this.dir);
      // Fault injection for the tests: killed before the commit record exists.
      if (kill === '0') process.kill(process.pid, 'SIGKILL');
      const rec: CommitRecord = { staging: path.basename(this.dir), files, remove: previousOutputs(this.target).filter((f) => !files.includes(f)) };
      const tmp = path.join(this.target, COMMIT_FILE + '.tmp');
      writeFileSync(tmp, JSON.stringify(rec) + '\n');
      fsyncPath(tmp);
      renameSync(tmp, path.join(this.target, COMMIT_FILE));
    } catch (e) {
      throw this.explain(e);
    }
    // From here on the new audit is committed: an interruption is finished by the next opener.
    applyCommit(this.target, readCommit(this.target)!, kill ? Number(kill) : undefined);
    this.finish();
  }

  async discard(): Promise<void> {
    if (this.done) return;
    rmSync(this.dir, { recursive: true, force: true });
    this.finish();
    if (this.created !== undefined) {
      for (let d = this.target; d.length >= this.created.length; d = path.dirname(d)) {
        try {
          rmdirSync(d);
        } catch {
          break;
        }
      }
    }
  }

  private finish(): void {
    this.done = true;
    this.release();
    this.unregister();
  }
}

export interface OutFile {
  name: string;
  content: string | Uint8Array;
}

/** Write small in-memory outputs all together or not at all. */
export async function writeOutFiles(out: string, files: readonly OutFile[], flag = '--out', opts: OutOptions = {}): Promise<void> {
  const staged = await StagedOutput.create(out, flag, opts);
  try {
    for (const f of files) {
      mkdirSync(path.dirname(staged.file(f.name)), { recursive: true });
      await writeFile(staged.file(f.name), f.content);
    }
    await staged.commit(files.map((f) => f.name));
  } catch (e) {
    await staged.discard();
    throw staged.explain(e);
  }
}

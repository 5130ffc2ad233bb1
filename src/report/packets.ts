// `run --packets`: one workbook per reviewer (docs/spec/outputs.md, "The review campaign").
//
//   packets/<reviewer>.xlsx — a Review sheet with only that reviewer's rows (the same
//                             columns and keys as the full workbook) and a Sign-off sheet
//                             carrying the audit id;
//   packets/index.csv       — reviewer, e-mail where known, file, rows, privileged rows.
//
// One pass over the materialised Review rows ordered by reviewer (then the Review's own
// order, by rowid), and no query per reviewer (./packet-builder.ts). File names are made
// safe for any filesystem; two reviewers whose safe names collide (case-insensitively) get
// "-2", "-3", … in the order of their names.
//
// The packets are built and written on a worker thread (./packets-worker.ts): the main
// thread only streams the rows out of DuckDB, as packed text, and hands them over a few
// chunks at a time, so that tens of thousands of packets overlap the full workbook (built
// on the main thread) instead of adding to it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Db } from '../db.js';
import { unpackRows } from '../db.js';
import { PACKAGE_ROOT } from '../paths.js';
import { PacketBuilder, type PacketsOptions, type PacketsResult } from './packet-builder.js';
import type { PacketsWorkerInit, ToWorker, WorkerError } from './packets-worker.js';

import { PACKETS_DIR } from './packets-dir.js';

export { PACKETS_DIR };
export { PACKET_INDEX, INDEX_COLUMNS, safeFileBase } from './packet-builder.js';
export type { PacketsOptions, HashedOutput, PacketsResult } from './packet-builder.js';

/** The compiled worker; absent only when running from sources that were never built. */
const WORKER = path.join(PACKAGE_ROOT, 'dist', 'report', 'packets-worker.js');
/** Chunks (~2k rows each) handed to the worker and not yet done: bounds the memory between the two. */
const OUTSTANDING = 3;

/**
 * Write packets/ into `outDir` (a staging folder) from the `review_rows` table. The audit id
 * (known once the inputs are hashed) may come later: DuckDB sorts the rows and the worker
 * starts meanwhile.
 */
export async function writePackets(
  db: Db,
  outDir: string,
  opts: Omit<PacketsOptions, 'auditId'> & { auditId: string | Promise<string>; inProcess?: boolean },
): Promise<PacketsResult> {
  if (opts.auditId instanceof Promise) opts.auditId.catch(() => undefined); // awaited below, after the queries
  const { inProcess, auditId, ...rest } = opts;
  // started first: it loads its modules while DuckDB counts and sorts
  const worker = inProcess || !existsSync(WORKER) ? null : new PacketsWorker();
  let columns: string[];
  let chunks: AsyncGenerator<string[]>;
  let counts: Array<[string, number]>;
  try {
    // rows per reviewer first: a stream ends when its connection runs another query
    counts = (await db.all<{ reviewer: string; n: number }>('SELECT reviewer, count(*)::INTEGER AS n FROM review_rows GROUP BY reviewer')).map((r) => [r.reviewer, r.n] as [string, number]);
    ({ columns, chunks } = await db.streamPacked('SELECT * FROM review_rows ORDER BY reviewer, rowid'));
  } catch (e) {
    await worker?.terminate();
    throw e;
  }
  if (worker) return await worker.run(outDir, columns, counts, rest, auditId, chunks);
  let builder: PacketBuilder | undefined;
  try {
    builder = await PacketBuilder.create(outDir, columns, new Map(counts), { ...rest, auditId: await auditId });
    for await (const lines of chunks) await builder.add(unpackRows(lines));
    return await builder.finish();
  } catch (e) {
    await builder?.settle();
    await chunks.return(undefined);
    throw e;
  }
}

/** The worker and what the main thread knows of it (listening from its start: an early exit is never missed). */
class PacketsWorker {
  private readonly worker = new Worker(WORKER);
  private outstanding = 0;
  private wake: (() => void) | null = null;
  private stopped: unknown = null; // the worker's error, or its early exit
  private resolveDone!: (r: PacketsResult) => void;
  private rejectDone!: (e: unknown) => void;
  private readonly done = new Promise<PacketsResult>((res, rej) => {
    this.resolveDone = res;
    this.rejectDone = rej;
  });

  constructor() {
    this.done.catch(() => undefined);
    this.worker.on('message', (m: { ack?: true; done?: PacketsResult; error?: WorkerError }) => {
      if (m.ack) {
        this.outstanding--;
        this.wake?.();
      } else if (m.done) {
        this.resolveDone(m.done);
      } else if (m.error) {
        this.stop(revive(m.error));
      }
    });
    this.worker.on('error', (e) => this.stop(e));
    this.worker.on('exit', (code) => this.stop(new Error(`the packets worker stopped with exit code ${code}`)));
  }

  private stop(e: unknown): void {
    this.stopped ??= e;
    this.rejectDone(this.stopped);
    this.wake?.();
  }

  private send(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  async run(
    outDir: string,
    columns: string[],
    counts: Array<[string, number]>,
    rest: Omit<PacketsOptions, 'auditId'>,
    auditId: string | Promise<string>,
    chunks: AsyncGenerator<string[]>,
  ): Promise<PacketsResult> {
    try {
      const init: PacketsWorkerInit = { outDir, columns, counts, opts: { ...rest, auditId: await auditId } };
      if (this.stopped !== null) return await this.done;
      this.send({ init });
      for await (const lines of chunks) {
        while (this.outstanding >= OUTSTANDING && this.stopped === null) await new Promise<void>((r) => (this.wake = r));
        this.wake = null;
        if (this.stopped !== null) break;
        this.send({ lines });
        this.outstanding++;
      }
      if (this.stopped === null) this.send({ end: true });
      return await this.done;
    } finally {
      await chunks.return(undefined); // end the DuckDB stream (when a failure left it unread)
      await this.terminate();
    }
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

/** The worker's error as the run reports it (an errno error keeps its code: a full disk is a UsageError there). */
function revive(w: WorkerError): Error {
  const e = new Error(w.message) as NodeJS.ErrnoException;
  e.name = w.name;
  if (w.stack) e.stack = w.stack;
  if (w.code !== undefined) e.code = w.code;
  if (w.errno !== undefined) e.errno = w.errno;
  if (w.syscall !== undefined) e.syscall = w.syscall;
  if (w.path !== undefined) e.path = w.path;
  return e;
}

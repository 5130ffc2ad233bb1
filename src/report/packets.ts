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

/** Write packets/ into `outDir` (a staging folder) from the `review_rows` table. */
export async function writePackets(db: Db, outDir: string, opts: PacketsOptions & { inProcess?: boolean }): Promise<PacketsResult> {
  // rows per reviewer first: a stream ends when its connection runs another query
  const counts = (await db.all<{ reviewer: string; n: number }>('SELECT reviewer, count(*)::INTEGER AS n FROM review_rows GROUP BY reviewer')).map((r) => [r.reviewer, r.n] as [string, number]);
  const { columns, chunks } = await db.streamPacked('SELECT * FROM review_rows ORDER BY reviewer, rowid');
  const { inProcess, ...options } = opts;
  if (inProcess || !existsSync(WORKER)) {
    const builder = await PacketBuilder.create(outDir, columns, new Map(counts), options);
    try {
      for await (const lines of chunks) await builder.add(unpackRows(lines));
      return await builder.finish();
    } catch (e) {
      await builder.settle();
      throw e;
    }
  }
  return await onWorker({ outDir, columns, counts, opts: options }, chunks);
}

async function onWorker(init: PacketsWorkerInit, chunks: AsyncGenerator<string[]>): Promise<PacketsResult> {
  const worker = new Worker(WORKER, { workerData: init });
  let outstanding = 0;
  let wake: (() => void) | null = null;
  let stopped: unknown = null; // the worker's error, or its early exit
  let resolveDone!: (r: PacketsResult) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<PacketsResult>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  done.catch(() => undefined);
  const stop = (e: unknown): void => {
    stopped ??= e;
    rejectDone(stopped);
    wake?.();
  };
  worker.on('message', (m: { ack?: true; done?: PacketsResult; error?: WorkerError }) => {
    if (m.ack) {
      outstanding--;
      wake?.();
    } else if (m.done) {
      resolveDone(m.done);
    } else if (m.error) {
      stop(revive(m.error));
    }
  });
  worker.on('error', stop);
  worker.on('exit', (code) => stop(new Error(`the packets worker stopped with exit code ${code}`)));
  const send = (m: ToWorker): void => worker.postMessage(m);
  try {
    for await (const lines of chunks) {
      while (outstanding >= OUTSTANDING && stopped === null) await new Promise<void>((r) => (wake = r));
      wake = null;
      if (stopped !== null) break;
      send({ lines });
      outstanding++;
    }
    if (stopped === null) send({ end: true });
    return await done;
  } finally {
    if (stopped !== null) await chunks.return(undefined); // end the DuckDB stream
    await worker.terminate();
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

// Worker thread of `run --packets` (started by ./packets.ts): builds and writes the packets
// from the Review rows the main thread streams out of DuckDB, so that the packets use the
// core the main thread's full workbook does not.
//
//   parent → here   { init: PacketsWorkerInit } first (the audit id is known only once the inputs are hashed)
//                   { lines } one DuckDB chunk of packed rows (Db.streamPacked), in reviewer order
//                   { end: true } no more rows
//   here → parent   { ack: true } a chunk is done (the parent keeps only a few outstanding)
//                   { done: PacketsResult } | { error: WorkerError }, then nothing more
import { parentPort } from 'node:worker_threads';
import { unpackRows } from '../db.js';
import { PacketBuilder, type PacketsOptions } from './packet-builder.js';

export interface PacketsWorkerInit {
  outDir: string;
  columns: string[];
  counts: Array<[string, number]>;
  opts: PacketsOptions;
}

export type ToWorker = { init: PacketsWorkerInit } | { lines: string[] } | { end: true };

/** An error as it can cross to the parent: what the run's error messages read of it. */
export interface WorkerError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
}

const port = parentPort!;
let startBuilding!: (init: PacketsWorkerInit) => void;
const building = new Promise<PacketsWorkerInit>((resolve) => (startBuilding = resolve)).then((init) =>
  PacketBuilder.create(init.outDir, init.columns, new Map(init.counts), init.opts, true),
);
let chain: Promise<unknown> = Promise.resolve();
let failed = false;

const fail = async (e: unknown): Promise<void> => {
  if (failed) return;
  failed = true;
  await (await building.catch(() => undefined))?.settle(); // no write left running when the parent discards the folder
  const err: NodeJS.ErrnoException = e instanceof Error ? e : new Error(String(e));
  const out: WorkerError = { name: err.name, message: err.message, stack: err.stack };
  if (err.code !== undefined) out.code = err.code;
  if (err.errno !== undefined) out.errno = err.errno;
  if (err.syscall !== undefined) out.syscall = err.syscall;
  if (err.path !== undefined) out.path = err.path;
  port.postMessage({ error: out });
  port.close();
};

port.on('message', (m: ToWorker) => {
  if ('init' in m) {
    startBuilding(m.init);
    return;
  }
  chain = chain
    .then(async () => {
      if (failed) return;
      const builder = await building;
      if ('lines' in m) {
        await builder.add(unpackRows(m.lines));
        port.postMessage({ ack: true });
      } else {
        port.postMessage({ done: await builder.finish() });
        port.close();
      }
    })
    .catch(fail);
});
building.catch(fail);

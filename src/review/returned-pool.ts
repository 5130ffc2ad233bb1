// The returned files of a campaign (tens of thousands of packets) are read on a small pool
// of worker threads, one per core, handed out in batches; the results come back in file
// order, as plain data, while the main thread reads the audit and checks each file against
// it. Without the compiled worker (tests run from sources) or for a handful of files, the
// files are read on the main thread, with the same results.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../paths.js';
import { readReturned, type ReturnedRead } from './returned-read.js';

const WORKER = path.join(PACKAGE_ROOT, 'dist', 'review', 'returned-worker.js');
/** Files per message: large enough that posting is cheap, small enough to spread the work. */
const BATCH = 32;
/**
 * At most this many batches read but not yet taken: while the main thread is busy (reading
 * the audit), the workers pause instead of piling up results in memory, and leave it the core.
 */
const AHEAD = 256;
/** Below this many files a pool costs more than it saves. */
const POOL_FROM = 16;

export interface ReturnedFile {
  file: string;
  shown: string;
}

/** Reads files ahead; next() gives the results in order. close() stops the workers. */
export interface ReturnedReader {
  next(): Promise<ReturnedRead>;
  close(): Promise<void>;
}

export function readReturnedFiles(files: ReturnedFile[]): ReturnedReader {
  const threads = Math.min(availableParallelism(), 8, Math.ceil(files.length / BATCH));
  if (files.length < POOL_FROM || threads < 1 || !existsSync(WORKER)) {
    let i = 0;
    return { next: () => readReturned(files[i]!.file, files[i++]!.shown), close: async () => {} };
  }
  const batches: ReturnedFile[][] = [];
  for (let i = 0; i < files.length; i += BATCH) batches.push(files.slice(i, i + BATCH));
  const done = new Map<number, ReturnedRead[]>();
  let failure: Error | null = null;
  let waiting: { id: number; resolve: () => void } | null = null;
  const wake = () => {
    if (waiting && (failure || done.has(waiting.id))) {
      const w = waiting;
      waiting = null;
      w.resolve();
    }
  };
  let handedOut = 0;
  let taken = 0;
  const workers: Worker[] = [];
  const inFlight = new Map<Worker, number>();
  // A few batches each in flight, so that a worker never waits for the main thread to hand out the next.
  const give = (w: Worker) => {
    while ((inFlight.get(w) ?? 0) < 4 && handedOut < batches.length && handedOut - taken < AHEAD) {
      const id = handedOut++;
      inFlight.set(w, (inFlight.get(w) ?? 0) + 1);
      w.postMessage({ id, files: batches[id] });
    }
  };
  for (let t = 0; t < threads; t++) {
    const w = new Worker(WORKER);
    w.on('message', (m: { id: number; results: ReturnedRead[] }) => {
      done.set(m.id, m.results);
      inFlight.set(w, inFlight.get(w)! - 1);
      give(w);
      wake();
    });
    w.on('error', (e) => {
      failure ??= new Error(`reading the returned workbooks failed on a worker thread (${e.message})`);
      wake();
    });
    w.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`a worker thread reading the returned workbooks stopped (exit code ${code})`);
      wake();
    });
    workers.push(w);
    give(w);
  }
  let batch = 0;
  let current: ReturnedRead[] = [];
  let inBatch = 0;
  return {
    async next() {
      while (inBatch >= current.length) {
        if (!done.has(batch)) {
          if (failure) throw failure;
          await new Promise<void>((resolve) => {
            waiting = { id: batch, resolve };
            wake();
          });
          if (!done.has(batch) && failure) throw failure;
          continue;
        }
        current = done.get(batch)!;
        done.delete(batch);
        batch++;
        inBatch = 0;
        taken++;
        // Let the workers' messages in (results, and room for the next batches): taking ready
        // results alone never returns to the event loop, and the workers would wait.
        await new Promise<void>((resolve) => setImmediate(resolve));
        for (const w of workers) give(w);
      }
      return current[inBatch++]!;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

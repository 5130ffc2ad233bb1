// Worker thread of ./returned-pool.ts: reads the returned files it is handed, a batch at a
// time, and posts back plain data (./returned-read.ts). Never throws for a file: a problem
// reading it is part of the result.
import { parentPort } from 'node:worker_threads';
import { readReturned, type ReturnedRead } from './returned-read.js';

// Batches are queued and read one after the other.
const queue: Array<{ id: number; files: Array<{ file: string; shown: string }> }> = [];
let busy = false;
async function drain(): Promise<void> {
  busy = true;
  while (queue.length > 0) {
    const batch = queue.shift()!;
    const results: ReturnedRead[] = [];
    for (const f of batch.files) results.push(await readReturned(f.file, f.shown));
    parentPort!.postMessage({ id: batch.id, results });
  }
  busy = false;
}
parentPort!.on('message', (batch: { id: number; files: Array<{ file: string; shown: string }> }) => {
  queue.push(batch);
  if (!busy) void drain();
});

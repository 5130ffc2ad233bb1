// Worker thread of ./returned-pool.ts: reads the returned files it is handed, a batch at a
// time, and posts back plain data (./returned-read.ts). Never throws for a file: a problem
// reading it is part of the result.
import { parentPort } from 'node:worker_threads';
import { readReturned, type ReturnedRead } from './returned-read.js';

parentPort!.on('message', async (batch: { id: number; files: Array<{ file: string; shown: string }> }) => {
  const results: ReturnedRead[] = [];
  for (const f of batch.files) results.push(await readReturned(f.file, f.shown));
  parentPort!.postMessage({ id: batch.id, results });
});

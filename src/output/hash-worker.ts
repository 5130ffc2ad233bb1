// Worker thread: SHA-256 and size of each file in workerData (a list of paths), posted back
// in order. Started by ./hash-aside.ts so that hashing gigabytes of input uses a core the
// main thread does not.
import { parentPort, workerData } from 'node:worker_threads';
import { hashFile } from './hash-file.js';

const files = workerData as string[];
const hashes: Array<{ sha256: string; bytes: number }> = [];
for (const file of files) hashes.push(await hashFile(file));
parentPort!.postMessage(hashes);

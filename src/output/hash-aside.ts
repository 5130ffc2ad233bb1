// Hash files on a worker thread. Hashing the inputs while DuckDB reads them cost the read
// ~20% (both want every core); the run starts this once the inputs are read instead, and
// the hashes are ready by the time the reports list them (the workbook's Evidence sheet,
// the page, the manifest), written meanwhile on the main thread.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

import { PACKAGE_ROOT } from '../paths.js';
import { hashFile } from './hash-file.js';

/** The compiled worker; absent only when running from sources that were never built. */
const WORKER = path.join(PACKAGE_ROOT, 'dist', 'output', 'hash-worker.js');

export function hashFilesAside(files: string[]): Promise<Array<{ sha256: string; bytes: number }>> {
  if (files.length === 0 || !existsSync(WORKER)) return Promise.all(files.map((f) => hashFile(f)));
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: files });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the hashing worker stopped with exit code ${code}`));
    });
  });
}

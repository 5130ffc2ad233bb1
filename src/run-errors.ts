// Failures of a run that are the environment's, not a defect: turned into the one line a
// user can act on (exit 2) instead of a stack trace (exit 70).
import path from 'node:path';
import { InputError, UsageError } from './errors.js';
import { shownPath } from './review/json-input.js';

/** DuckDB could not get the memory it needed (under the config's memory_limit, or the machine's). */
export function isOutOfMemory(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return /Out of Memory Error|failed to allocate data of size|could not allocate block/i.test(msg);
}

/** The error as the user should see it. */
export function explainRunFailure(e: unknown, opts: { config?: string; memoryLimit?: string }): unknown {
  if (e instanceof InputError || e instanceof UsageError) return e;
  if (isOutOfMemory(e)) {
    const where = opts.config ? shownPath(path.resolve(opts.config)) : 'the machine';
    const detail = opts.memoryLimit
      ? `the audit needs more memory than memory_limit ${opts.memoryLimit} allows; raise memory_limit (or remove it to use 80% of RAM)`
      : 'the audit ran out of memory; set memory_limit in the config below the memory available (DuckDB then spills to disk), or run on a larger machine';
    return opts.config ? new InputError({ file: where }, detail) : new UsageError(detail);
  }
  const code = (e as NodeJS.ErrnoException)?.code;
  // DuckDB spilling to its temporary folder reports a full disk in its message only.
  if (code === 'ENOSPC' || /No space left on device/i.test(e instanceof Error ? e.message : '')) return new UsageError('the disk is full (ENOSPC) while the audit ran (its temporary files or the outputs); free space and run again');
  return e;
}

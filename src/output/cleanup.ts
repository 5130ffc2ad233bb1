// What a run must remove if it is interrupted (Ctrl-C, SIGTERM from a scheduler): staging
// folders, the --out lock, DuckDB's spill folder. Each owner registers a synchronous
// clean-up while it holds the thing and unregisters it when done; on SIGINT/SIGTERM every
// registered clean-up runs, then the process ends with the usual 128+signal status.
// (kill -9 cannot be caught: the next run into the same --out recovers, see ./atomic.ts.)
const pending = new Set<() => void>();
let installed = false;

function onSignal(signal: NodeJS.Signals): void {
  for (const f of [...pending].reverse()) {
    try {
      f();
    } catch {
      // best effort: the next run removes what is left
    }
  }
  pending.clear();
  process.stderr.write(`access-audit: interrupted (${signal}); nothing was written to --out\n`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

/** Register a clean-up; the returned function unregisters it (call it once the thing is gone). */
export function onInterrupt(f: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  pending.add(f);
  return () => pending.delete(f);
}

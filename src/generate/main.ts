// `npm run generate -- --users N --events M --out DIR [--seed S] [--as-of D] [--shape …]`:
// writes a synthetic Domino export bundle. Exit 0 written, 2 usage error, 70 defect.
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../errors.js';
import { DEFAULT_AS_OF, DEFAULT_MEMORY_LIMIT, DEFAULT_SEED, SHAPES, generateBundle, type Shape } from './generate.js';

const integer = (flag: string) => (value: string): number => {
  const v = value.replace(/_/g, '');
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError(`${flag} must be a non-negative integer.`);
  return Number(v);
};

export async function main(argv: string[]): Promise<number> {
  const program = new Command('generate')
    .description('Write a synthetic Domino export bundle; the same arguments give byte-identical files.')
    .requiredOption('--users <n>', 'users in the deployment (at least 60; 41 of them are the planted cast)', integer('--users'))
    .requiredOption('--events <n>', 'event records (logins + activity, roughly the canonical row count)', integer('--events'))
    .requiredOption('--out <dir>', 'bundle folder to write (created if missing)')
    .option('--seed <n>', 'seed of every pseudo-random choice', integer('--seed'), DEFAULT_SEED)
    .option('--as-of <date>', 'the review date the data is built around, YYYY-MM-DD', DEFAULT_AS_OF)
    .addOption(new Option('--shape <shape>', 'canonical CSV, native dumps, or a mix').choices(SHAPES).default('canonical'))
    .option('--threads <n>', 'DuckDB threads (default: all cores; the output does not depend on it)', integer('--threads'))
    .option('--memory-limit <size>', 'DuckDB memory limit', DEFAULT_MEMORY_LIMIT)
    .option('-q, --quiet', 'no progress output')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    program.parse(argv, { from: 'user' });
    const opts = program.opts<{
      users: number;
      events: number;
      out: string;
      seed: number;
      asOf: string;
      shape: Shape;
      threads?: number;
      memoryLimit: string;
      quiet?: boolean;
    }>();
    const started = Date.now();
    const log = opts.quiet ? undefined : (line: string) => process.stderr.write(`generate: ${line}\n`);
    const result = await generateBundle({ ...opts, log });
    const bytes = result.files.reduce((n, f) => n + f.bytes, 0);
    log?.(
      `wrote ${result.files.length} files, ${(bytes / 1e6).toFixed(1)} MB, to ${opts.out} ` +
        `(shape ${result.shape}, seed ${result.seed}, as-of ${result.asOf}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.help' ? 0 : 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`generate: error: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`generate: internal error (a defect, please report it): ${(e as Error)?.stack ?? String(e)}\n`);
    return 70;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}

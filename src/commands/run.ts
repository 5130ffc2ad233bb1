import { Option } from 'commander';
import type { Register } from '../cli.js';

const RUN_EXAMPLES = `
The report goes to stdout on a terminal, to stderr when stdout is redirected or piped.

Examples:
  $ access-audit run --input exports/2026-q3 --out reviews/2026-q3/audit --as-of 2026-09-30 \\
      --config access-audit.config.yaml --exceptions exceptions.yaml --previous reviews/2026-q2/audit
  $ access-audit run --input exports/nightly --out /var/audit/latest --as-of 2026-09-30 --fail-on high --json`;

export const registerRun: Register = (program, done) => {
  program
    .command('run')
    .description('audit an export bundle and write findings.json, the workbook, the page and manifest.json')
    .requiredOption('--input <dir>', 'the export bundle folder')
    .requiredOption('--out <dir>', 'where to write the outputs (written all together or not at all)')
    .addOption(new Option('--platform <platform>', 'platform of the bundle').choices(['domino', 'dagster']))
    .option('--as-of <date>', 'end of the review period, YYYY-MM-DD (default: today, UTC)')
    .option('--config <file>', 'config file (YAML or JSON): thresholds, license catalog, prices')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when an open finding is at or above this severity').choices(['critical', 'high', 'medium', 'low']))
    .option('--exceptions <file>', 'accepted risks (YAML or JSON) with reason, approver and expiry')
    .option('--previous <dir|findings.json>', "last review's audit folder (or its findings.json), to mark new, persisting and resolved findings")
    .option('--replace', 'overwrite --out when it already holds an audit (without it, a previous audit folder is never overwritten)')
    .option('--sign-key <file>', 'an Ed25519 private key (PEM): sign manifest.json into manifest.sig')
    .addOption(new Option('-q, --quiet', 'print nothing but errors').conflicts('json'))
    .option('--json', 'print one JSON line (the run summary, for schedulers) on stdout instead of the report')
    .option('--export-data <dir>', 'also write the audit\'s tables (seats, user state, findings, review rows, access) as Parquet and Arrow files into this folder inside --out')
    .option('--packets', 'also write packets/: one workbook per reviewer with a Sign-off sheet, and packets/index.csv')
    .option('--decisions <dir>', "the previous review's decisions folder (written by `decisions`): check its revocations were carried out")
    .addHelpText('after', RUN_EXAMPLES)
    .action(async (opts) => {
      const { runAudit } = await import('../run.js');
      done(await runAudit(opts));
    });
};

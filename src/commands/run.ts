import { Option } from 'commander';
import type { Register } from '../cli.js';

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
    .option('--previous <findings.json>', "last review's findings.json, to mark new and persisting findings")
    .option('--packets', 'also write packets/: one workbook per reviewer with a Sign-off sheet, and packets/index.csv')
    .option('--decisions <dir>', "the previous review's decisions folder (written by `decisions`): check its revocations were carried out")
    .option('-q, --quiet', 'no progress output')
    .action(async (opts) => {
      const { runAudit } = await import('../run.js');
      done(await runAudit(opts));
    });
};

import type { Register } from '../cli.js';

export const registerDecisions: Register = (program, done) => {
  program
    .command('decisions')
    .description(
      "read the reviewers' returned workbook or packets and write remediation.csv, remediation.json, review-status.json and review-status.csv",
    )
    .requiredOption('--workbook <file-or-folder>', 'the returned access-review.xlsx, a returned packet, or a folder of returned packets (run --packets)')
    .requiredOption('--run <dir>', 'the out-dir of the audit the workbook came from (checked against its manifest.json)')
    .requiredOption('--out <dir>', 'where to write the results (written all together or not at all)')
    .option('--replace', 'overwrite --out when it already holds decisions (without it, they are never overwritten)')
    .addHelpText(
      'after',
      `
Example:
  $ access-audit decisions --workbook reviews/2026-q2/returned/access-review.xlsx \\
      --run reviews/2026-q2/audit --out reviews/2026-q2/decisions`,
    )
    .action(async (opts: { workbook: string; run: string; out: string; replace?: boolean }) => {
      const { runDecisions } = await import('../review/decisions.js');
      const { outDir, remediation, status } = await runDecisions(opts);
      const { decisionsSummary } = await import('../review/decisions-summary.js');
      const { terminalSafe } = await import('../terminal-text.js');
      const lines = decisionsSummary(outDir, remediation, status);
      process.stdout.write(lines.map((l) => terminalSafe(l, false)).join('\n') + '\n');
      done(0);
    });
};

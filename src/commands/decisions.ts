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
    .action(async (opts: { workbook: string; run: string; out: string }) => {
      const { runDecisions } = await import('../review/decisions.js');
      const { outDir, remediation, status } = await runDecisions(opts);
      const { decisionsSummary } = await import('../review/decisions-summary.js');
      const lines = decisionsSummary(outDir, remediation, status);
      process.stdout.write(lines.join('\n') + '\n');
      done(0);
    });
};

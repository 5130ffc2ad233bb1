import type { Register } from '../cli.js';

export const registerDecisions: Register = (program, done) => {
  program
    .command('decisions')
    .description(
      "read the reviewers' returned workbook and write remediation.csv, remediation.json and review-status.json",
    )
    .requiredOption('--workbook <file>', 'the returned access-review.xlsx with the Decision column filled in')
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
      const t = status.totals;
      const lines = [
        `decisions: ${t.decided} of ${t.rows} rows decided (${t.keep} keep, ${t.revoke} revoke, ${t.modify} modify), ${t.undecided} undecided`,
        `  ${remediation.items.length} to remediate: ${outDir}/remediation.csv`,
      ];
      for (const r of status.reviewers) {
        if (r.undecided > 0) lines.push(`  ${r.reviewer ?? '(no reviewer)'}: ${r.undecided} of ${r.rows} undecided`);
      }
      if (status.complete) lines.push('  every row has a decision');
      const { terminalSafe } = await import('../terminal-text.js');
      process.stdout.write(lines.map((l) => terminalSafe(l, false)).join('\n') + '\n');
      done(0);
    });
};

import type { Register } from '../cli.js';

export const registerVerify: Register = (program, done) => {
  program
    .command('verify')
    .description('recompute every hash in <out-dir>/manifest.json; exit 1 naming each changed or missing file')
    .argument('<out-dir>', 'an access-audit output folder (holds manifest.json)')
    .option('--input <dir>', "where the export bundle is now, when it moved since the audit (default: the manifest's input_dir)")
    .addHelpText(
      'after',
      `
Examples:
  $ access-audit verify reviews/2026-q3/audit
  $ access-audit verify reviews/2026-q3/audit --input /archive/exports/2026-q3`,
    )
    .action(async (outDir: string, opts: { input?: string }) => {
      const { verifyOutDir } = await import('../output/manifest.js');
      const r = await verifyOutDir(outDir, { inputDir: opts.input });
      const total = r.checked.outputs + r.checked.inputs;
      if (r.problems.length === 0) {
        process.stdout.write(
          `verify: all ${total} files match manifest.json (${r.checked.outputs} outputs in ${r.outputDir}, ${r.checked.inputs} inputs in ${r.inputDir ?? '-'})\n`,
        );
        done(0);
        return;
      }
      const lines = r.problems.map((p) =>
        p.problem === 'missing'
          ? `MISSING  ${p.role} ${p.file}  (${p.path})`
          : `CHANGED  ${p.role} ${p.file}  (${p.path}: sha256 ${p.actual!.sha256}, ${p.actual!.bytes} bytes; manifest says ${p.expected.sha256}, ${p.expected.bytes} bytes)`,
      );
      lines.push(`verify: ${r.problems.length} of ${total} files do not match manifest.json`);
      process.stdout.write(lines.join('\n') + '\n');
      done(1);
    });
};

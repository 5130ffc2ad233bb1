import type { Register } from '../cli.js';

export const registerVerify: Register = (program, done) => {
  program
    .command('verify')
    .description(
      'check an audit (or decisions) folder against its manifest.json: every output re-hashed, unlisted files reported, inputs re-hashed in the bundle folder, a decisions folder followed to its audit; exit 1 naming each problem',
    )
    .argument('<out-dir>', 'an access-audit output folder (holds manifest.json)')
    .option('--input <dir>', 'the export bundle folder to hash the inputs in (default: the recorded folder, only when it is beside <out-dir>)')
    .option('--run <dir>', 'for a decisions folder: the audit folder it was made on (default: the recorded one, only when it is beside <out-dir>)')
    .option('--public-key <file>', 'an Ed25519 public key (PEM): check manifest.sig, written by run --sign-key')
    .option('--rerun', 're-perform the audit from the inputs (recorded as-of, platform and config) and compare every output byte for byte')
    .option('--exceptions <file>', 'with --rerun: the exceptions file the audit read, when it was outside the bundle')
    .option('--previous <file>', 'with --rerun: the previous findings.json the audit read, when it was outside the bundle')
    .option('--config <file>', 'with --rerun: the config file the audit read (default: the config in force recorded in manifest.json)')
    .addHelpText(
      'after',
      `
Examples:
  $ access-audit verify reviews/2026-q3/audit
  $ access-audit verify reviews/2026-q3/audit --input /archive/exports/2026-q3
  $ access-audit verify reviews/2026-q3/audit --public-key audit-signing.pub.pem --rerun`,
    )
    .action(async (outDir: string, opts: { input?: string; run?: string; publicKey?: string; rerun?: boolean; exceptions?: string; previous?: string; config?: string }) => {
      const { verifyAudit } = await import('../output/verify.js');
      const { terminalSafe } = await import('../terminal-text.js');
      const r = await verifyAudit(outDir, opts);
      process.stdout.write(r.lines.map((l) => terminalSafe(l, false)).join('\n') + '\n');
      done(r.ok ? 0 : 1);
    });
};

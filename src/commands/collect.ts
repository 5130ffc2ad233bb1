import type { Command } from 'commander';
import type { Register } from '../cli.js';

const ENV_HELP = `
Credentials come from the environment only:
  DOMINO_API_KEY                                  Domino (header X-Domino-Api-Key)
  KEYCLOAK_TOKEN, or KEYCLOAK_CLIENT_ID + KEYCLOAK_CLIENT_SECRET
                                                  Keycloak admin events (with --keycloak-url)
  DAGSTER_CLOUD_API_TOKEN                         Dagster+ (an Organization Admin's user token)
A private CA: NODE_EXTRA_CA_CERTS=<pem file>. Request timeout: ACCESS_AUDIT_HTTP_TIMEOUT_MS (60000).`;

const common = (cmd: Command) =>
  cmd
    .requiredOption('--out <dir>', 'the bundle folder to write (new or empty; written all together or not at all)')
    .option('--since <date>', 'start of the event exports, YYYY-MM-DD (default: --as-of − 400 days)')
    .option('--as-of <date>', 'end of the review period, YYYY-MM-DD (default: today, UTC)')
    .option('-q, --quiet', 'no progress output');

export const registerCollect: Register = (program, done) => {
  const collect = program.command('collect').description('export a whole bundle from the platform\'s API, with collection.json (where the population came from)');
  common(
    collect
      .command('domino')
      .description('export users, service accounts, organizations, projects, hardware tiers, runs, the audit trail and (with --keycloak-url) Keycloak logins')
      .requiredOption('--url <url>', 'the Domino URL, e.g. https://domino.example.com')
      .option('--keycloak-url <url>', "Keycloak's URL, e.g. https://domino.example.com/auth")
      .option('--realm <realm>', "Domino's Keycloak realm, e.g. DominoRealm"),
  )
    .addHelpText('after', ENV_HELP)
    .action(async (opts) => {
      const { collect: run } = await import('../collect/collect.js');
      done(await run('domino', opts));
    });
  common(
    collect
      .command('dagster')
      .description('export users, teams, service users, deployments and the audit log of a Dagster+ organization')
      .requiredOption('--url <url>', 'the organization URL, e.g. https://acme.dagster.cloud'),
  )
    .addHelpText('after', ENV_HELP)
    .action(async (opts) => {
      const { collect: run } = await import('../collect/collect.js');
      done(await run('dagster', opts));
    });
};

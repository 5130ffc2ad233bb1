// Why an identity rule (queries/common/rules/) cannot be evaluated with a bundle's inputs.
import type { PlatformId } from '../model.js';

export const NO_ROSTER = 'no HR roster or IdP users file in the bundle';
export const IDENTITY_RULES = ['leaver-with-access', 'orphaned-account', 'late-deprovisioning'] as const;

/** The not-evaluated reason of an identity rule, or null (null too for any other rule). */
export function identityNotEvaluatedReason(ruleId: string, platform: PlatformId, present: ReadonlySet<string>): string | null {
  if (!(IDENTITY_RULES as readonly string[]).includes(ruleId)) return null;
  const missing: string[] = [];
  if (!present.has('roster')) missing.push(NO_ROSTER);
  if (ruleId === 'late-deprovisioning') {
    if (platform === 'dagster') missing.push('Dagster+ has no deactivated accounts (a removed user leaves the export, with no date)');
    else if (!present.has('deactivated_at')) missing.push('no user has deactivated_at (users.csv column deactivated_at)');
  }
  return missing.length ? `not evaluated: ${missing.join('; ')}` : null;
}

// Why an identity rule (queries/common/rules/) cannot be evaluated with a bundle's inputs.
import type { PlatformId } from '../model.js';

export const NO_ROSTER = 'no HR roster or IdP users file in the bundle';
export const IDENTITY_RULES = ['leaver-with-access', 'orphaned-account', 'late-deprovisioning'] as const;

/** The not-evaluated reason of an identity rule, or null (null too for any other rule). */
export function identityNotEvaluatedReason(ruleId: string, platform: PlatformId, present: ReadonlySet<string>): string | null {
  if (!(IDENTITY_RULES as readonly string[]).includes(ruleId)) return null;
  // Without a roster that is the reason, whatever else is missing: it is what to fix first.
  if (!present.has('roster')) return `not evaluated: ${NO_ROSTER}`;
  if (ruleId === 'late-deprovisioning') {
    if (platform === 'dagster') return 'not evaluated: Dagster+ has no deactivated accounts (a removed user leaves the export, with no date)';
    if (!present.has('deactivated_at')) return 'not evaluated: no user has deactivated_at (users.csv column deactivated_at)';
  }
  return null;
}

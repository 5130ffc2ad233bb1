// The identity source of truth a bundle may hold, for any platform (docs/spec/identity.md):
// the HR roster as canonical CSV, or the IdP's SCIM 2.0 GET /Users responses as returned.
import type { CsvFileSpec } from '../ingest/csv.js';

export const HR_ROSTER = 'hr-roster.csv';
export const SCIM_USERS = 'scim-users.json';
/** Roster file names: never a sign of a platform, whichever platform's bundle holds them. */
export const ROSTER_FILES: readonly string[] = [HR_ROSTER, SCIM_USERS];

const str = { kind: 'string' } as const;
const date = { kind: 'date' } as const;

export const HR_ROSTER_SPEC: CsvFileSpec = {
  table: 'roster',
  columns: [
    { name: 'email', type: str, required: true },
    { name: 'status', type: { kind: 'enum', values: ['active', 'leave', 'terminated'] }, required: true },
    { name: 'employee_id', type: str },
    { name: 'username', type: str },
    { name: 'full_name', type: str },
    { name: 'hire_date', type: date },
    { name: 'termination_date', type: date },
    { name: 'manager_email', type: str },
    { name: 'department', type: str },
    { name: 'cost_center', type: str },
  ],
};

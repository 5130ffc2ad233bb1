// The Review sheet's columns, in the order a reviewer reads them (the contract with
// `decisions`, which finds columns by header name: docs/ARCHITECTURE.md).
//
// Who and what on the left (user, full name, scope, role), then Decision and Comment, then
// why it is under review (a suggestion that is never pre-filled, the findings in words) —
// the first nine columns fit a 1440 px screen at 100 % zoom, the user frozen in view.
// Decision sits right of Role (short text) on purpose: a long text left of an empty cell
// spills over it, and a Suggestion shown across the Decision cell would look pre-filled.
// Then the context a reviewer may want (e-mail, status, license, last seen, the roster's
// person status, department and manager, who reviews and why) and, out of the way at the
// right, the machine columns that make a returned row traceable (ids and the key).
export interface ReviewColumnDef {
  /** Column of the Review query (docs/ARCHITECTURE.md); null for the reviewer's cells. */
  key: string | null;
  header: string;
  width: number;
  /** Decision and Comment: the cells a reviewer fills. */
  input?: boolean;
  /** Machine columns: shown muted, at the far right. */
  machine?: boolean;
}

export const REVIEW_LAYOUT: readonly ReviewColumnDef[] = [
  { key: 'user_name', header: 'User', width: 18 },
  { key: 'full_name', header: 'Full name', width: 18 },
  { key: 'scope', header: 'Scope', width: 11 },
  { key: 'scope_name', header: 'Scope name', width: 20 },
  { key: 'role', header: 'Role', width: 16 },
  { key: null, header: 'Decision', width: 11, input: true },
  { key: null, header: 'Comment', width: 28, input: true },
  { key: 'suggestion', header: 'Suggestion', width: 36 },
  { key: 'findings_text', header: 'Findings', width: 34 },
  { key: 'email', header: 'E-mail', width: 26 },
  { key: 'account_status', header: 'Account status', width: 14 },
  { key: 'license', header: 'License', width: 22 },
  { key: 'last_seen', header: 'Last seen', width: 22 },
  { key: 'person_status', header: 'Person status (HR)', width: 12 },
  { key: 'department', header: 'Department', width: 16 },
  { key: 'manager', header: 'Manager', width: 18 },
  { key: 'reviewer', header: 'Reviewer', width: 20 },
  { key: 'reviewer_basis', header: 'Why this reviewer', width: 30 },
  { key: 'related_findings', header: 'Related findings', width: 30, machine: true },
  { key: 'user_id', header: 'User ID', width: 12, machine: true },
  { key: 'scope_id', header: 'Scope ID', width: 12, machine: true },
  { key: 'key', header: 'Key', width: 40, machine: true },
];

/** 1-based column of Decision (H). */
export const DECISION_COLUMN = REVIEW_LAYOUT.findIndex((c) => c.header === 'Decision') + 1;
/** Columns kept in view when scrolling right: User and Full name. */
export const REVIEW_FROZEN_COLUMNS = 2;

/** The Sign-off sheet (docs/spec/outputs.md): column A labels, column B values. */
export const SIGN_OFF_SHEET = 'Sign-off';
export const SIGN_OFF_LABELS = {
  statement: 'Statement',
  reviewer: 'Reviewer',
  audit_id: 'Audit id',
  as_of: 'As of',
  rows: 'Rows',
  signed_by: 'Signed by',
  signed_on: 'Signed on',
} as const;
/** The reviewer of the full workbook's Sign-off sheet (every row, whoever reviews it). */
export const ALL_REVIEWERS = '(all reviewers)';

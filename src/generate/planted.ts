// The planted cast of every generated bundle (queries/generate/10-planted.sql), as the core
// findings it must produce with the default thresholds (inactive_days 90, grace_days 30)
// at the bundle's as-of date, and the look-alikes that must produce none. Ids are fixed
// (they do not depend on the seed or the size). sample-data/README.md tells the same story.

export type CoreRule = 'inactive-seat' | 'overprivileged-project-manager' | 'mislicensed-user' | 'sole-owner-risk';
export type Severity = 'critical' | 'high' | 'medium' | 'low';

export interface PlantedFinding {
  rule: CoreRule;
  severity: Severity;
  subject: { kind: 'user' | 'project'; id: string; name: string };
  /** mislicensed-user only. */
  direction?: 'under' | 'over';
  why: string;
}

export interface PlantedControl {
  subject: { kind: 'user' | 'project'; id: string; name: string };
  /** The rules that must NOT report this subject. */
  notReportedBy: CoreRule[];
  why: string;
}

/** Planted user id by the cast number in 10-planted.sql. */
export const plantedUserId = (n: number): string => `65f1${String(n).padStart(20, '0')}`;
/** Planted project id by its number in 10-planted.sql. */
export const plantedProjectId = (n: number): string => `67c0${String(n).padStart(20, '0')}`;
/** The owner of `orphaned-pipeline`: an id no users file defines. */
export const ABSENT_OWNER_ID = '65f1dead0000000000000000';
/** A project member (and the author of one run) that no users file defines. */
export const DANGLING_MEMBER_ID = '65f1ffffffffffffffffffff';

const user = (n: number, name: string) => ({ kind: 'user' as const, id: plantedUserId(n), name });
const project = (n: number, name: string) => ({ kind: 'project' as const, id: plantedProjectId(n), name });

export const PLANTED_FINDINGS: PlantedFinding[] = [
  // inactive-seat
  { rule: 'inactive-seat', severity: 'high', subject: user(2, 'dormant.sysadmin'),
    why: 'SysAdmin with a DataAnalyst seat, last login 200 days before the as-of date' },
  { rule: 'inactive-seat', severity: 'high', subject: user(8, 'pm.dormant'),
    why: 'ProjectManager with a Data Analyst seat, last seen 120 days before' },
  { rule: 'inactive-seat', severity: 'medium', subject: user(3, 'dormant.analyst'),
    why: 'Data Analyst, last job 150 days before' },
  { rule: 'inactive-seat', severity: 'medium', subject: user(4, 'never.seen'),
    why: 'never seen, created 120 days before; the license is only in usage.licenseType natively' },
  { rule: 'inactive-seat', severity: 'medium', subject: user(5, 'svc-nightly-etl'),
    why: 'service account with a Data Analyst seat, last scheduled run 100 days before' },
  { rule: 'inactive-seat', severity: 'medium', subject: user(32, 'mallory.formula'),
    why: 'last seen 130 days before; full name is a spreadsheet formula (report escaping)' },
  { rule: 'inactive-seat', severity: 'medium', subject: user(33, 'late.login'),
    why: 'last seen 100 days before; logins, a run and mostRecentActivity 2-3 days AFTER the as-of date must be ignored' },
  { rule: 'inactive-seat', severity: 'medium', subject: user(34, 'locked.out'),
    why: 'last successful login 130 days before; three failed logins in the last week are not activity' },
  { rule: 'inactive-seat', severity: 'medium', subject: user(39, 'king.jr'),
    why: 'full name "King, Jr., Martin" (CSV quoting), last seen 140 days before' },
  // overprivileged-project-manager
  { rule: 'overprivileged-project-manager', severity: 'critical', subject: user(8, 'pm.dormant'),
    why: 'inactive ProjectManager, Member of risk-models whose co-members own 3 live projects' },
  { rule: 'overprivileged-project-manager', severity: 'high', subject: user(9, 'pm.org-admin'),
    why: 'Admin of credit-analytics, through which 3 projects of credit.modeler are reachable' },
  { rule: 'overprivileged-project-manager', severity: 'high', subject: user(10, 'pm.wide-reach'),
    why: 'Member of platform-eng: 28 reachable projects (32 owned by pe.builder1..5, 2 archived, 2 already owned by pm.wide-reach)' },
  { rule: 'overprivileged-project-manager', severity: 'medium', subject: user(11, 'pm.narrow'),
    why: 'Member of marketing-science (2 live projects of mkt.analyst); Admin only of pm-sandbox, which reaches nothing' },
  // mislicensed-user
  { rule: 'mislicensed-user', severity: 'high', direction: 'under', subject: user(13, 'under.gpu-analyst'),
    why: 'Data Analyst (tier 1) with a GPU run 20 days before (tier 2)' },
  { rule: 'mislicensed-user', severity: 'high', direction: 'under', subject: user(14, 'under.lite-runner'),
    why: 'no license (Lite, tier 0) launching jobs in the window (tier 1)' },
  { rule: 'mislicensed-user', severity: 'low', direction: 'over', subject: user(15, 'over.viewer-pro'),
    why: 'DataScienceProfessional (tier 2) who only views apps and results (tier 0)' },
  { rule: 'mislicensed-user', severity: 'low', direction: 'over', subject: user(16, 'over.jobs-pro'),
    why: 'Data Science Professional (tier 2) running jobs and workspaces (tier 1); the GPU run is 150 days old, outside the window' },
  { rule: 'mislicensed-user', severity: 'low', direction: 'over', subject: user(35, 'sso.upper'),
    why: 'Data Analyst seen in the window only through Keycloak logins without userId (user name in upper case): R = 0' },
  { rule: 'mislicensed-user', severity: 'low', direction: 'over', subject: user(40, 'grace.multiline'),
    why: '"Professional" (tier 2) running only jobs and workspaces; the full name spans two lines' },
  // sole-owner-risk
  { rule: 'sole-owner-risk', severity: 'high', subject: project(2, 'legacy-forecasting'),
    why: 'only owner owner.departed is deactivated' },
  { rule: 'sole-owner-risk', severity: 'high', subject: project(3, '<script>alert(1)</script>'),
    why: 'only owner owner.departed is deactivated; the name is markup (report escaping)' },
  { rule: 'sole-owner-risk', severity: 'high', subject: project(4, 'orphaned-pipeline'),
    why: `owner ${ABSENT_OWNER_ID} is in no users file` },
  { rule: 'sole-owner-risk', severity: 'high', subject: project(8, 'bi-dashboards'),
    why: 'owned by the organization legacy-bi, whose only Admin bi.departed is deactivated' },
  { rule: 'sole-owner-risk', severity: 'medium', subject: project(5, 'quarterly-kpis'),
    why: 'only owner owner.idle (Lite, active) was last seen 200 days before' },
];

export const PLANTED_CONTROLS: PlantedControl[] = [
  { subject: user(7, 'new.hire'), notReportedBy: ['inactive-seat', 'mislicensed-user'],
    why: 'Professional seat, created 10 days before, never seen: inside the 30-day grace period' },
  { subject: user(6, 'svc-model-scoring'), notReportedBy: ['mislicensed-user', 'inactive-seat'],
    why: 'service account on a DataAnalyst license running GPU jobs: mislicensed-user judges humans only' },
  { subject: user(12, 'pm.no-reach'), notReportedBy: ['overprivileged-project-manager'],
    why: "ProjectManager whose org co-member's projects are archived, org-owned, or already explicitly owned by them" },
  { subject: user(17, 'trial.user'), notReportedBy: ['mislicensed-user', 'inactive-seat'],
    why: 'unknown license "Enterprise Trial": not judged by mislicensed-user (an input warning instead)' },
  { subject: user(19, 'owner.idle'), notReportedBy: ['inactive-seat'],
    why: 'inactive, but on a Lite license: no seat' },
  { subject: user(1, 'ada.admin'), notReportedBy: ['inactive-seat', 'mislicensed-user'],
    why: 'active SysAdmin on a Professional license with GPU work' },
  { subject: project(7, 'team-notebooks'), notReportedBy: ['sole-owner-risk'],
    why: 'owner owner.idle is inactive, but ada.admin is a second (collaborator) Owner' },
  { subject: project(6, 'old-kpis'), notReportedBy: ['sole-owner-risk'], why: 'archived' },
  { subject: project(16, 'credit-shared-features'), notReportedBy: ['sole-owner-risk'],
    why: 'owned by credit-analytics, whose Admin pm.org-admin is active' },
];

/** The identity cases planted in hr-roster.csv (queries/generate/canonical/hr-roster.sql, docs/spec/identity.md). */
export const PLANTED_IDENTITY: Array<{ rule: 'leaver-with-access' | 'orphaned-account'; severity: Severity; subject: { kind: 'user'; id: string; name: string }; why: string }> = [
  { rule: 'leaver-with-access', severity: 'critical', subject: user(13, 'under.gpu-analyst'), why: 'left 30 days before, GPU run 20 days before: seen after termination' },
  { rule: 'leaver-with-access', severity: 'critical', subject: user(2, 'dormant.sysadmin'), why: 'privileged leaver (180 days)' },
  { rule: 'leaver-with-access', severity: 'critical', subject: user(38, 'zoe.angstrom'), why: 'roster e-mail in other case and with spaces; seen after leaving' },
  { rule: 'leaver-with-access', severity: 'critical', subject: user(41, 'yamada.taro'), why: 'matched by the roster username; seen after leaving' },
  { rule: 'leaver-with-access', severity: 'high', subject: user(3, 'dormant.analyst'), why: 'left 120 days before, not seen since' },
  { rule: 'leaver-with-access', severity: 'high', subject: user(39, 'king.jr'), why: 'terminated with no termination date' },
  { rule: 'orphaned-account', severity: 'high', subject: user(9, 'pm.org-admin'), why: 'not in the roster; ProjectManager' },
  { rule: 'orphaned-account', severity: 'medium', subject: user(31, 'fin.owner'), why: 'not in the roster' },
  { rule: 'orphaned-account', severity: 'medium', subject: user(36, 'role.unknown'), why: 'two roster people give its username: ambiguous' },
];

/** Planted users the identity rules must not report: inside the grace, on leave, scheduled leavers, long gone. */
export const PLANTED_IDENTITY_CONTROLS: Array<{ subject: { kind: 'user'; id: string; name: string }; why: string }> = [
  { subject: user(30, 'mkt.analyst'), why: 'left the day before the as-of date: inside leaver_grace_days' },
  { subject: user(37, 'sean.obrien'), why: 'on leave' },
  { subject: user(16, 'over.jobs-pro'), why: 'scheduled leaver, 14 days after the as-of date' },
  { subject: user(24, 'credit.modeler'), why: 'scheduled leaver, 45 days after the as-of date' },
  { subject: user(18, 'owner.departed'), why: 'left and deactivated before the review period' },
  { subject: user(6, 'svc-model-scoring'), why: 'a service account: never matched' },
];

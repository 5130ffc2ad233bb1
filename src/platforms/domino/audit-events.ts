// The Domino audit trail's event names → activity kinds (docs/spec/domino-input.md). The
// real vocabulary (test/fixtures/real-exports/domino-audit-trail-sample.csv) names 100+
// events: those that need a license — creating projects and datasets, uploading and
// editing files, flows tasks and workflows, environments, governance bundles — are tier-1
// work; any event not named here stays `audit_event` (tier 0). The config key
// `audit_events: {<event name>: <activity kind>}` extends or overrides this map.
import type { Db } from '../../db.js';

const JOB = ['Launch Job', 'Start Run', 'Start Batch Run', 'Restart Job', 'Create Flows Execution', 'Recover Flows Execution',
  'Create Flows Task', 'Create Flows Workflow'];
const WORKSPACE = ['Start a Workspace Session'];
const SCHEDULED = ['Schedule Run', 'Edit Schedule Run', 'Create Scheduled Job'];
/** Writing data: datasets, snapshots, volumes. */
const DATASET = ['Create Dataset', 'Upload Files to Dataset', 'Update Dataset Name', 'Create Snapshot', 'Mark Dataset for Deletion',
  'Create NetApp-backed Volume', 'Create NetApp-backed Snapshot', 'Upload NetApp-backed Volume Files', 'Delete NetApp-backed Volume Files',
  'Flows Artifact Added to Dataset', 'Flows Artifact Added to NetApp-backed Volume', 'Create Data Source'];
/** Building in a project: projects, files, repositories, environments, governance bundles. */
const AUTHORING = ['Create Project', 'Copy Project', 'Create Project from Template', 'Create Restricted Project',
  'Upload Files', 'Edit File', 'Remove File', 'Rename File / Directory', 'Create Folder', 'Synchronize working directory',
  'Create Branch on Repo', 'Add Imported Git Repo', 'Edit Imported Git Repo',
  'Create Environment', 'Create Environment Revision', 'Duplicate Environment', 'Edit Environment Name', 'Edit Environment Description',
  'Edit Environment Visibility', 'Set As Active Environment Revision', 'Restrict Environment Revision', 'Change Project Environment',
  'Create Governance Bundle', 'Add Policy to Governance Bundle', 'Add Attachment to Bundle', 'Remove Attachment from Bundle',
  'Submit Results in a Bundle', 'Copy Governance Bundle results from another Bundle', 'Change Governance Bundle Stage'];

export const DEFAULT_AUDIT_EVENTS: Record<string, string> = Object.fromEntries([
  ...JOB.map((e) => [e, 'job']),
  ...WORKSPACE.map((e) => [e, 'workspace']),
  ...SCHEDULED.map((e) => [e, 'scheduled_job']),
  ...DATASET.map((e) => [e, 'dataset_write']),
  ...AUTHORING.map((e) => [e, 'authoring']),
  ['Publish App', 'app_publish'],
  ['Publish Model API', 'model_api_publish'],
  ['View App', 'app_view'],
  ['Run Launcher', 'launcher_run'],
  ...['View File', 'View Repo File', 'View/Download Flows Output or Artifact', 'View NetApp-backed Volume File',
    'View NetApp-backed Snapshot File'].map((e) => [e, 'results_view']),
]);

/** Fill audit_event_kinds: the defaults, then the config's entries (which win), keyed case-insensitively. */
export async function appendAuditEventKinds(db: Db, overrides: Record<string, string> | undefined): Promise<void> {
  const map = new Map<string, string>();
  for (const [e, k] of Object.entries({ ...DEFAULT_AUDIT_EVENTS })) map.set(e.trim().toLowerCase(), k);
  for (const [e, k] of Object.entries(overrides ?? {})) map.set(e.trim().toLowerCase(), k);
  const app = await db.conn.createAppender('audit_event_kinds');
  for (const [e, k] of [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    app.appendVarchar(e);
    app.appendVarchar(k);
    app.endRow();
  }
  app.closeSync();
}

import { test } from 'vitest';
import { loadQuery } from '../src/db.js';
import { buildFixture } from './fixtures/report/helpers.js';
test('x', async () => {
  const { fillScale, scaleDocument } = await import('./fixtures/report/scale.js');
  const doc = scaleDocument(10_000, 4000);
  const f = await buildFixture({ doc });
  await fillScale(f.ctx.db, { users: 4000, projects: 2000, membersPerProject: 8, orgs: 20 });
  for (const q of (process.env.QS ?? 'domino/report/review-old.sql,domino/report/review.sql').split(',')) {
    const t = Date.now();
    const r = await f.ctx.db.all(`SELECT count(*) n, count(DISTINCT reviewer) r FROM (${loadQuery(q)})`);
    console.log(q, JSON.stringify(r), Date.now() - t, 'ms');
  }
  f.close();
}, 600000);

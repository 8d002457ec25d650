import { type KithModule, type ModuleDeps, systemCtx } from '../../platform/module.ts';
import type { ResolvedObject } from '../../platform/registry/registry.ts';
import { meetingBookedHooks } from './leads.hooks.ts';
import { leadObject } from './leads.object.ts';
import { leadsRoutes } from './leads.routes.ts';
import { nextDecayAt, rescoreQueue, runDailyDecay, runRulesRescore } from './scoring.service.ts';
import { webToLeadRoutes } from './web-to-lead.routes.ts';

type RescoreJob = { reason: 'rules' | 'decay' };

/** The rescore worker: after a rule change, and the daily decay (each pass queues the next day's). */
async function rescoreWorker(deps: ModuleDeps): Promise<void> {
  const lead = () => deps.registry.get('lead') as ResolvedObject;
  const queueDecay = (after: Date) => {
    const at = nextDecayAt(after);
    return deps.jobs.send<RescoreJob>(
      rescoreQueue,
      { reason: 'decay' },
      {
        startAfter: at,
        singletonKey: `leads.decay:${at.toISOString()}`,
      },
    );
  };
  await deps.jobs.work<RescoreJob>(rescoreQueue, async (job) => {
    const ctx = systemCtx(deps);
    if (job.reason === 'rules') {
      const n = await runRulesRescore(ctx, lead());
      deps.app.log.info({ leads: n }, 'leads rescored after a rule change');
      return;
    }
    const n = await runDailyDecay(ctx, lead());
    if (n === null) return; // today's pass was done by another job: that one queued tomorrow's
    deps.app.log.info({ leads: n }, 'lead scores decayed');
    await queueDecay(deps.now());
  });
  await queueDecay(deps.now());
}

/** Leads: the entry with its assignment and scoring hooks, their settings, engagements (meetings booked among them) and web-to-lead. */
export const leadsModule: KithModule = {
  name: 'leads',
  objects: [leadObject],
  // A meeting about a lead counts for its score (the calendar module knows nothing of leads).
  hooks: [{ objects: ['event'], hooks: meetingBookedHooks }],
  routes: async (deps) => {
    leadsRoutes(deps);
    await webToLeadRoutes(deps);
  },
  workers: rescoreWorker,
};

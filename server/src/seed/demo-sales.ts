// The demo sales team's work, written after the customer base (demo-data.ts): pipelines and
// territories (demo-sales-setup.ts), two years of deals with their stage history and the people
// on them (demo-deals.ts), quotas and a manager's forecast adjustments, and the leads
// (demo-leads.ts). Each record goes through its entry's validation and compute hooks with the
// clock at its last write (demo-write.ts) — so a deal's status, probability, weighted amount,
// forecast category, time in stage, close date and territory are what deal-rules.ts and the
// territories module make of it — then into multi-row INSERTs.
import type { Tx } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import type { Registry, ResolvedObject } from '../platform/registry/registry.ts';
import { atWork } from './demo-activity.ts';
import {
  day,
  growthPerMonth,
  inEur,
  iso,
  makeDemoDeals,
  monthStart,
  type PlannedDeal,
  quarterEnd,
  quarterStart,
  type SalesCompany,
  type SalesContact,
  type SalesRep,
} from './demo-deals.ts';
import { type LeadCompany, type LeadContact, writeDemoLeads } from './demo-leads.ts';
import { ensurePipelines, ensureTerritories } from './demo-sales-setup.ts';
import { adjustmentNotes } from './demo-sales-vocabulary.ts';
import { asWritten, type DemoRow, insertRows } from './demo-write.ts';
import type { Rng } from './random.ts';

export interface SalesSeedInput {
  tx: Tx;
  registry: Registry;
  rng: Rng;
  now: number;
  adminId: string;
  /** A second seeding (--force): the settings made the first time are kept. */
  again: boolean;
  /** The people who sell, the manager first. */
  reps: SalesRep[];
  /** Demo users by name (territory members). */
  userIds: Map<string, string>;
  /** The Sales team (round-robin for leads outside any territory). */
  salesTeamId: string | null;
  companies: Array<SalesCompany & LeadCompany>;
  contacts: Array<SalesContact & LeadContact>;
}

export interface SalesSeedResult {
  pipelines: number;
  deals: number;
  leads: number;
  territories: number;
  quotas: number;
}

const objectOf = (registry: Registry, name: string): ResolvedObject => {
  const obj = registry.get(name);
  if (!obj) throw new Error(`the registry has no ${name} object`);
  return obj;
};

export async function seedDemoSales(input: SalesSeedInput): Promise<SalesSeedResult> {
  const { tx, registry, rng, now, adminId, reps } = input;
  if (!registry.get('deal') || !reps.length || !input.companies.length)
    return { pipelines: 0, deals: 0, leads: 0, territories: 0, quotas: 0 };
  // Two full years of history, and the CRM's set-up a little before them.
  const start = monthStart(now, -24);
  const setUp = start - 100 * day;
  const pipelines = await ensurePipelines(tx, registry, rng, setUp, adminId);
  const territories = await ensureTerritories(tx, registry, rng, setUp, adminId, input.userIds, now);

  const deals = makeDemoDeals({
    rng,
    now,
    start,
    reps,
    companies: input.companies,
    contacts: input.contacts,
    pipelines,
  });
  await writeDeals(tx, registry, rng, deals, adminId);
  const quotas = input.again ? 0 : await writeQuotas(tx, registry, rng, deals, reps, start, now, adminId);
  const leads = await writeDemoLeads({
    tx,
    registry,
    rng,
    now,
    start,
    adminId,
    again: input.again,
    deals,
    reps,
    salesTeamId: input.salesTeamId,
    companies: input.companies,
    contacts: input.contacts,
  });
  return {
    pipelines: Object.keys(pipelines).length,
    deals: deals.length,
    leads,
    territories: territories.size,
    quotas,
  };
}

async function writeDeals(tx: Tx, registry: Registry, rng: Rng, deals: PlannedDeal[], adminId: string) {
  const dealObj = objectOf(registry, 'deal');
  const rows: DemoRow[] = [];
  for (const d of deals) {
    const last = d.visits[d.visits.length - 1].at;
    const r = { id: d.id, values: d.values, createdAt: d.visits[0].at, updatedAt: d.updatedAt, createdBy: d.ownerId };
    rows.push({ ...r, values: await asWritten(tx, registry, dealObj, { ...r, clock: last }) });
  }
  await insertRows(tx, dealObj, rows, adminId);

  // The stage history as the deal hooks keep it: one row per visit, closed by the next.
  const history = deals.flatMap((d) =>
    d.visits.map(
      (v, i) =>
        sql`(${d.id}::uuid, ${d.values.pipelineId as string}::uuid, ${v.stage.id}::uuid, ${new Date(v.at)}::timestamptz,
          ${i + 1 < d.visits.length ? new Date(d.visits[i + 1].at) : null}::timestamptz, ${d.ownerId}::uuid)`,
    ),
  );
  for (let i = 0; i < history.length; i += 500)
    await tx.query(sql`INSERT INTO deal_stage_history (deal_id, pipeline_id, stage_id, entered_at, left_at, moved_by)
      VALUES ${sql.join(history.slice(i, i + 500))}`);

  const linkObj = registry.get('dealContact');
  if (linkObj) {
    const links: DemoRow[] = [];
    for (const d of deals)
      for (const p of d.people) {
        const at = d.visits[0].at;
        const r = {
          id: rng.uuid(at),
          values: { dealId: d.id, ...p },
          createdAt: at,
          updatedAt: at,
          createdBy: d.ownerId,
        };
        links.push({ ...r, values: await asWritten(tx, registry, linkObj, { ...r, clock: at }) });
      }
    await insertRows(tx, linkObj, links, adminId);
  }

  // An account with a deal was in the CRM before its first deal, and so were the people on it.
  const ids = deals.map((d) => d.id);
  await tx.query(sql`UPDATE companies c SET created_at = f.first - interval '45 days'
    FROM (SELECT company_id, min(created_at) AS first FROM deals WHERE id = ANY(${ids}::uuid[]) GROUP BY company_id) f
    WHERE c.id = f.company_id AND c.created_at > f.first - interval '45 days'`);
  await tx.query(sql`UPDATE contacts c SET created_at = f.first - interval '10 days'
    FROM (SELECT l.contact_id, min(d.created_at) AS first FROM deal_contacts l JOIN deals d ON d.id = l.deal_id
          WHERE d.id = ANY(${ids}::uuid[]) GROUP BY l.contact_id) f
    WHERE c.id = f.contact_id AND c.created_at > f.first - interval '10 days'`);
}

/**
 * Quotas per rep and quarter, from the first quarter of history to the next one: what each rep
 * sold on average, grown along the trend and stretched by a tenth — so Q4 beats its quota and
 * August's quarter falls short, as in a real team. Set by the manager before each quarter.
 */
async function writeQuotas(
  tx: Tx,
  registry: Registry,
  rng: Rng,
  deals: PlannedDeal[],
  reps: SalesRep[],
  start: number,
  now: number,
  adminId: string,
): Promise<number> {
  const obj = registry.get('quota');
  if (!obj) return 0;
  const quarters: number[] = [];
  for (let q = quarterStart(start); q <= quarterEnd(now, 1); q = quarterEnd(q) + day) quarters.push(q);
  const manager = reps[0];
  const rows: DemoRow[] = [];
  for (const rep of reps) {
    const won = deals.filter((d) => d.ownerId === rep.id && d.visits.at(-1)?.stage.kind === 'won');
    const total = won.reduce((s, d) => s + inEur(d.values.amount as { amount: number; currency: string }), 0);
    const perQuarter = total / Math.max(1, quarters.length - 2);
    quarters.forEach((q, i) => {
      // The trend the deals were made with, a quarter's worth of growth at a time.
      const trend = (1 + 3 * growthPerMonth * i) / (1 + 1.5 * growthPerMonth * (quarters.length - 1));
      const amount = Math.max(20_000_00, Math.round((1.1 * perQuarter * trend) / 500_000) * 500_000);
      const createdAt = atWork(rng, q - 10 * day, manager.timeZone, q - 20 * day, q);
      rows.push({
        id: rng.uuid(createdAt),
        values: { userId: rep.id, periodKind: 'quarter', periodStart: iso(q), amount: { amount, currency: 'EUR' } },
        createdAt,
        updatedAt: createdAt,
        createdBy: manager.id,
      });
    });
  }
  const written: DemoRow[] = [];
  for (const r of rows)
    written.push({ ...r, values: await asWritten(tx, registry, obj, { ...r, clock: r.createdAt }) });
  await insertRows(tx, obj, written, adminId);

  // The manager's corrections of this quarter's and last quarter's figures, each with its reason.
  const adj = registry.get('forecastAdjustment');
  const current = quarterStart(now);
  const previous = quarterStart(current - day);
  const quotaOf = (userId: string, q: number) =>
    (
      rows.find((r) => r.values.userId === userId && r.values.periodStart === iso(q))?.values.amount as {
        amount: number;
      }
    )?.amount ?? 50_000_00;
  const plan = [
    [reps[1] ?? manager, current, 'commit', 0.8, adjustmentNotes[0]],
    [reps[2] ?? manager, current, 'commit', 1.05, adjustmentNotes[1]],
    [reps[1] ?? manager, previous, 'bestCase', 1.2, adjustmentNotes[2]],
  ] as const;
  if (adj) {
    const out: DemoRow[] = [];
    for (const [rep, q, category, factor, note] of plan) {
      const at = atWork(rng, Math.min(now - day, q + rng.int(20, 60) * day), manager.timeZone, q, now);
      const r = {
        id: rng.uuid(at),
        values: {
          userId: rep.id,
          periodKind: 'quarter',
          periodStart: iso(q),
          category,
          amount: { amount: Math.round((quotaOf(rep.id, q) * factor) / 100_000) * 100_000, currency: 'EUR' },
          note,
        },
        createdAt: at,
        updatedAt: at,
        createdBy: manager.id,
      };
      if (
        out.some((o) => o.values.userId === rep.id && o.values.periodStart === iso(q) && o.values.category === category)
      )
        continue;
      out.push({ ...r, values: await asWritten(tx, registry, adj, { ...r, clock: at }) });
    }
    await insertRows(tx, adj, out, adminId);
  }
  return rows.length;
}

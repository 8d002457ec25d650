// Converting a lead in one step: a contact (new, or an existing match), its company (new, an
// existing match, or none) and optionally a deal, then the lead marked Converted with links to
// all three — in one transaction through the records path, so each record is checked, audited
// and announced as if made by hand, and a refusal (a duplicate, a stage rule) leaves nothing made.
// The lead's notes and activities are carried on to the records it became (decision 025).
// GET …/convert offers the existing matches first, so that a conversion need not make duplicates.
import type { ConversionMatches, ConversionResult, ConvertInput } from '@kith/common/api/leads';
import type { ApiRecord } from '@kith/common/api/records';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, invalid, underPath } from '../../platform/errors.ts';
import { assertCan } from '../../platform/permissions.ts';
import { readValues, type Values } from '../../platform/records/record-mapper.ts';
import {
  applyUpdate,
  assertCanSee,
  createRecord,
  findDuplicates,
  getRecord,
  loadRow,
  objectOf,
} from '../../platform/records/records.service.ts';
import { firstOpenStage, pipelineOfStage } from '../deals/stages.service.ts';
import { carryTimeline } from '../timeline/timeline.service.ts';

type Choice = { use: 'new' } | { use: 'existing'; id: string } | { use: 'none' };

/** The site a lead's website names, as companies keep their domain ("acme.com"). */
export function domainOf(website: unknown): string | null {
  if (typeof website !== 'string' || !website.trim()) return null;
  try {
    const host = new URL(/^https?:\/\//i.test(website) ? website : `https://${website}`).hostname.toLowerCase();
    return host.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** A value of the lead's select, if the other object's select has it (else its "other", else none). */
function sameOption(ctx: Ctx, object: string, field: string, value: unknown): string | undefined {
  const options =
    ctx.registry
      .get(object)
      ?.fields.get(field)
      ?.options?.map((o) => o.value) ?? [];
  if (typeof value !== 'string') return undefined;
  const mapped = value === 'coldCall' ? 'cold outreach' : value;
  return options.includes(mapped) ? mapped : options.includes('other') ? 'other' : undefined;
}

const present = (v: Values) =>
  Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined && x !== ''));

export async function conversionMatches(ctx: Ctx, leadId: string): Promise<ConversionMatches> {
  const lead = await getRecord(ctx, 'lead', leadId);
  const contacts = await findDuplicates(
    ctx,
    objectOf(ctx, 'contact'),
    present({ firstName: lead.firstName, lastName: lead.lastName, email: lead.email }),
  );
  const companies = lead.companyName
    ? await findDuplicates(
        ctx,
        objectOf(ctx, 'company'),
        present({ name: lead.companyName, domain: domainOf(lead.website) }),
      )
    : [];
  return { contacts: contacts.slice(0, 10), companies: companies.slice(0, 10) };
}

/** Where the deal starts: the stage asked for, else the first open stage of the pipeline (or of the first). */
async function dealPlace(ctx: Ctx, d: { pipelineId?: string; stageId?: string }) {
  if (d.stageId && d.pipelineId) return { pipelineId: d.pipelineId, stageId: d.stageId };
  // A stage alone says its pipeline.
  if (d.stageId) {
    const pipelineId = await pipelineOfStage(ctx, d.stageId);
    if (!pipelineId) throw invalid('deal.stageId: no such stage', { 'deal.stageId': 'does not exist' });
    return { pipelineId, stageId: d.stageId };
  }
  const place = await firstOpenStage(ctx, d.pipelineId);
  if (!place.pipelineId)
    throw d.pipelineId
      ? invalid('deal.pipelineId: no such pipeline', { 'deal.pipelineId': 'does not exist' })
      : invalid('deal.pipelineId: there is no pipeline yet; add one in Settings → Pipelines', {
          'deal.pipelineId': 'no pipeline',
        });
  if (!place.stageId)
    throw invalid('deal.pipelineId: that pipeline has no open stage', { 'deal.pipelineId': 'no open stage' });
  return { pipelineId: place.pipelineId, stageId: place.stageId };
}

export async function convertLead(ctx: Ctx, leadId: string, input: ConvertInput): Promise<ConversionResult> {
  const leads = objectOf(ctx, 'lead');
  const perm = assertCan(ctx.principal, 'lead', 'update', leads.label);
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const row = await loadRow(c, leads, perm, leadId, { lock: true });
    const lead = readValues(leads, row);
    if (lead.status === 'converted')
      throw conflict('This lead was converted already', {
        contactId: lead.convertedContactId,
        companyId: lead.convertedCompanyId,
        dealId: lead.convertedDealId,
      });
    const owner = lead.ownerId ?? ctx.principal.userId;

    const companyChoice: Choice = input.company ?? (lead.companyName ? { use: 'new' } : { use: 'none' });
    let company: ApiRecord | null = null;
    if (companyChoice.use === 'existing') {
      await underPath('company', () => assertCanSee(c, 'company', companyChoice.id));
      company = await getRecord(c, 'company', companyChoice.id);
    } else if (companyChoice.use === 'new') {
      if (!lead.companyName)
        throw invalid('company: the lead names no company; choose an existing one or none', {
          company: 'no company name',
        });
      company = await underPath('company', () =>
        createRecord(
          c,
          'company',
          present({
            name: lead.companyName,
            domain: domainOf(lead.website),
            website: lead.website,
            industry: lead.industry,
            city: lead.city,
            country: lead.country,
            source: sameOption(c, 'company', 'source', lead.source),
            ownerId: owner,
          }),
        ),
      );
    }

    let contact: ApiRecord;
    const contactChoice = (input.contact ?? { use: 'new' }) as Choice;
    if (contactChoice.use === 'existing') {
      await underPath('contact', () => assertCanSee(c, 'contact', contactChoice.id));
      contact = await getRecord(c, 'contact', contactChoice.id);
    } else {
      contact = await underPath('contact', () =>
        createRecord(
          c,
          'contact',
          present({
            firstName: lead.firstName,
            lastName: lead.lastName,
            email: lead.email,
            phone: lead.phone,
            jobTitle: lead.jobTitle,
            city: lead.city,
            country: lead.country,
            companyId: company?.id,
            lifecycleStage: input.deal ? 'prospect' : 'lead',
            source: sameOption(c, 'contact', 'source', lead.source),
            ownerId: owner,
          }),
        ),
      );
    }

    let deal: ApiRecord | null = null;
    if (input.deal) {
      const d = input.deal;
      const place = await dealPlace(c, d);
      const fallbackName = company?.title || [lead.firstName, lead.lastName].filter(Boolean).join(' ') || 'New deal';
      deal = await underPath('deal', () =>
        createRecord(
          c,
          'deal',
          present({
            name: d.name ?? `${fallbackName} deal`,
            amount: d.amount,
            expectedCloseDate: d.expectedCloseDate,
            ...place,
            companyId: company?.id,
            contactId: contact.id,
            source: sameOption(c, 'deal', 'source', lead.source),
            ownerId: owner,
          }),
        ),
      );
    }

    await applyUpdate(c, leads, perm, row, {
      status: 'converted',
      convertedContactId: contact.id,
      convertedCompanyId: company?.id ?? null,
      convertedDealId: deal?.id ?? null,
    });
    // The lead's history moves on with it: its notes and activities show on the contact's, the
    // company's and the deal's timelines too, and stay on the lead's (decision 025).
    const to = [
      { object: 'contact', id: contact.id },
      ...(company ? [{ object: 'company', id: company.id }] : []),
      ...(deal ? [{ object: 'deal', id: deal.id }] : []),
    ];
    const carried = await carryTimeline(c, { object: 'lead', id: leadId }, to);
    if (carried)
      await recordAudit(c, {
        action: 'timeline.carry',
        objectType: 'lead',
        recordId: leadId,
        changes: { items: carried, to },
      });
    return { lead: await getRecord(c, 'lead', leadId), contact, company, deal };
  });
}

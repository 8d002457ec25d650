// Quotas and forecast adjustments (issue 13): what a rep is to sell in a month or quarter, and a
// manager's correction of a rep's commit or best case for one, with a note saying why. Both are
// registry entries — routes, audit, permissions, import and export come from the platform — kept
// out of the navigation (the Quotas settings page edits quotas; the forecast shows adjustments).
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import type { ObjectHooks, WriteChange } from '../../platform/records/hooks.ts';
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { formatPeriod, type PeriodKind, periodKinds, periodStartingOn } from './periods.ts';

/**
 * The first month of the fiscal year quarters are counted from. January until the organisation
 * settings carry one; every period function takes it as a parameter, so that setting plugs in here.
 */
export const fiscalYearStartMonth = 1;

export const forecastCategories = [
  { value: 'commit', label: 'Commit', color: 'green' },
  { value: 'bestCase', label: 'Best case', color: 'blue' },
];

const periodKindOptions = periodKinds.map((k) => ({ value: k, label: k === 'month' ? 'Month' : 'Quarter' }));

/** "2026-Q3" for a quarter starting 2026-07-01; the raw date when it starts no period (refused on write). */
export function periodLabel(kind: unknown, start: unknown): string {
  if (typeof kind !== 'string' || typeof start !== 'string') return '';
  const p = periodStartingOn(start, kind as PeriodKind, fiscalYearStartMonth);
  return p ? formatPeriod(p) : start;
}

/** The rules quotas and adjustments share: a real period start, a target of zero or more (the currency is the money field's check). */
function validatePeriodAndAmount(change: WriteChange): void {
  const after = change.after;
  if (!after) return;
  const kind = after.periodKind as PeriodKind;
  const start = after.periodStart as string;
  if (!periodStartingOn(start, kind, fiscalYearStartMonth)) {
    const what = kind === 'quarter' ? 'a quarter' : 'a month';
    throw invalid(
      `periodStart: must be the first day of ${what} (e.g. ${kind === 'quarter' ? '2026-07-01' : '2026-08-01'})`,
      {
        periodStart: `must be the first day of ${what}`,
      },
    );
  }
  const amount = after.amount as { amount: number; currency: string };
  if (amount.amount < 0) throw invalid('amount: must not be negative', { amount: 'must not be negative' });
  if (!after.userId) throw invalid('userId: name the rep', { userId: 'is required' });
}

const quotaHooks: ObjectHooks = {
  validate(_ctx: Ctx, change) {
    validatePeriodAndAmount(change);
  },
};

export const quotaObject = defineObject({
  name: 'quota',
  plural: 'quotas',
  label: 'Quota',
  labelPlural: 'Quotas',
  icon: 'target',
  table: 'quotas',
  titleFields: [],
  title: (v) => periodLabel(v.periodKind, v.periodStart),
  defaultSort: '-periodStart',
  navigation: false,
  globalSearch: false,
  // Managers set targets; a rep reads their own; admins may do everything anyway.
  access: { sales_manager: access.full(), sales_rep: access.read('own') },
  fields: {
    userId: field.owner({ label: 'Rep' }),
    periodKind: field.select(periodKindOptions, { label: 'Period', required: true, list: true, filterable: true }),
    periodStart: field.date({
      label: 'Starts',
      required: true,
      list: true,
      sortable: true,
      sample: (n) => `${2000 + (n % 1000)}-01-01`,
    }),
    amount: field.currency({ label: 'Target', required: true, list: true }),
  },
  // One target per rep and period; the index also answers "this rep's quotas".
  unique: [['userId', 'periodKind', 'periodStart']],
  // The forecast reads every rep's quota of one period.
  indexes: [['periodKind', 'periodStart']],
  hooks: quotaHooks,
});

const adjustmentHooks: ObjectHooks = {
  validate(_ctx: Ctx, change) {
    validatePeriodAndAmount(change);
    // A changed figure says why anew: the note of the old one does not explain the new one.
    if (change.action === 'update' && change.changed.includes('amount') && !change.changed.includes('note'))
      throw invalid('note: say why the amount changed', { note: 'must change with the amount' });
  },
};

export const forecastAdjustmentObject = defineObject({
  name: 'forecastAdjustment',
  plural: 'forecast-adjustments',
  label: 'Forecast adjustment',
  labelPlural: 'Forecast adjustments',
  icon: 'adjustments',
  table: 'forecast_adjustments',
  titleFields: [],
  title: (v) =>
    `${forecastCategories.find((c) => c.value === v.category)?.label ?? ''} ${periodLabel(v.periodKind, v.periodStart)}`,
  defaultSort: '-periodStart',
  navigation: false,
  globalSearch: false,
  // Managers adjust; the rep sees how their own forecast was adjusted.
  access: { sales_manager: access.full(), sales_rep: access.read('own') },
  fields: {
    userId: field.owner({ label: 'Rep' }),
    periodKind: field.select(periodKindOptions, { label: 'Period', required: true, list: true, filterable: true }),
    periodStart: field.date({
      label: 'Starts',
      required: true,
      list: true,
      sortable: true,
      sample: (n) => `${2000 + (n % 1000)}-01-01`,
    }),
    category: field.select(forecastCategories, { required: true, list: true, filterable: true }),
    amount: field.currency({ label: 'Adjusted to', required: true, list: true }),
    note: field.longText({ required: true, max: 2000, searchable: true }),
  },
  // One adjusted figure per rep, period and category: a change is an update, its history the audit log.
  unique: [['userId', 'periodKind', 'periodStart', 'category']],
  indexes: [['periodKind', 'periodStart']],
  hooks: adjustmentHooks,
});

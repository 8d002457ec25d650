// Commission plans (issue 14): what reps earn on what they win. A plan pays a percentage of won
// amount per month or quarter, tiered by the rep's attainment of quota (its tiers, one row each),
// with rates per product category replacing the tier rate for those lines (its category rates),
// for the reps named as its members. All registry entries: routes, audit, permissions, import and
// export come from the platform; plan-rules.ts holds what is special (a complete ladder once the
// plan is active, one active plan per rep and day).
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { categoryRateHooks, memberHooks, planHooks, tierHooks } from './plan-rules.ts';

export const commissionPeriodKinds = [
  { value: 'month', label: 'Month' },
  { value: 'quarter', label: 'Quarter' },
];

/** Managers and admins set plans up; everyone in sales may read them (a rep reads how they are paid). */
const planAccess = {
  sales_manager: access.full(),
  sales_rep: access.read(),
  read_only: access.read(),
};

export const commissionPlanObject = defineObject({
  name: 'commissionPlan',
  plural: 'commission-plans',
  label: 'Commission plan',
  labelPlural: 'Commission plans',
  icon: 'coins',
  table: 'commission_plans',
  titleFields: ['name'],
  defaultSort: 'name',
  navigation: false,
  access: planAccess,
  fields: {
    name: field.text({ required: true, searchable: true, list: true, sortable: true, max: 200 }),
    // A draft until active: only an active plan pays, and only with a complete ladder of tiers.
    active: field.boolean({ list: true, filterable: true, sample: () => false }),
    periodKind: field.select(commissionPeriodKinds, { label: 'Paid per', required: true, list: true }),
    effectiveFrom: field.date({ label: 'From', list: true }),
    effectiveTo: field.date({ label: 'Until', list: true }),
    description: field.longText({ max: 5000 }),
  },
  hooks: planHooks,
});

export const commissionTierObject = defineObject({
  name: 'commissionTier',
  plural: 'commission-tiers',
  label: 'Commission tier',
  labelPlural: 'Commission tiers',
  icon: 'stairs',
  table: 'commission_tiers',
  titleFields: [],
  title: (v) => `${v.fromPercent ?? 0}–${v.toPercent ?? '∞'} %: ${v.ratePercent ?? 0} %`,
  defaultSort: 'fromPercent',
  navigation: false,
  globalSearch: false,
  access: planAccess,
  fields: {
    planId: field.relation('commissionPlan', { label: 'Plan', required: true, list: true, onDelete: 'cascade' }),
    fromPercent: field.number({ label: 'From attainment (%)', required: true, list: true, sortable: true, min: 0 }),
    toPercent: field.number({ label: 'Up to attainment (%)', list: true, min: 0, sample: (n) => n * 3 + 5 }),
    ratePercent: field.number({ label: 'Rate (%)', required: true, list: true, min: 0, sample: (n) => n % 50 }),
  },
  hooks: tierHooks,
});

/** A rate for one product category: that category's lines earn it instead of the tier rate. */
export const commissionCategoryRateObject = defineObject({
  name: 'commissionCategoryRate',
  plural: 'commission-category-rates',
  label: 'Commission category rate',
  labelPlural: 'Commission category rates',
  icon: 'category',
  table: 'commission_category_rates',
  titleFields: [],
  title: (v) => `${v.ratePercent ?? 0} %`,
  navigation: false,
  globalSearch: false,
  access: planAccess,
  fields: {
    planId: field.relation('commissionPlan', { label: 'Plan', required: true, list: true, onDelete: 'cascade' }),
    categoryId: field.relation('productCategory', {
      label: 'Category',
      required: true,
      list: true,
      onDelete: 'cascade',
    }),
    ratePercent: field.number({ label: 'Rate (%)', required: true, list: true, min: 0, sample: (n) => n % 50 }),
  },
  unique: [['planId', 'categoryId']],
  hooks: categoryRateHooks,
});

export const commissionPlanMemberObject = defineObject({
  name: 'commissionPlanMember',
  plural: 'commission-plan-members',
  label: 'Commission plan member',
  labelPlural: 'Commission plan members',
  icon: 'user',
  table: 'commission_plan_members',
  titleFields: [],
  title: () => 'Plan member',
  navigation: false,
  globalSearch: false,
  // A rep reads which plan they are on; managers say who is on which.
  access: { sales_manager: access.full(), sales_rep: access.read('own'), read_only: access.read() },
  fields: {
    planId: field.relation('commissionPlan', { label: 'Plan', required: true, list: true, onDelete: 'cascade' }),
    userId: field.owner({ label: 'Rep' }),
    // Why this rep is on this plan (a transfer, a new hire's ramp-up), for whoever reads the history.
    note: field.text({ max: 500 }),
  },
  unique: [['planId', 'userId']],
  hooks: memberHooks,
});

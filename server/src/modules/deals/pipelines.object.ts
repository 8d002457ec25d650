// Pipelines and their stages are data, edited by admins in settings (Settings → Pipelines), not a
// fixed select list: each stage has its order, its win probability, the days after which a deal
// sitting in it is "rotting", the deal fields it needs filled in, and its forecast category.
// Both are registry entries (API, audit, permissions come with it); deals-rules.ts says what they
// do to the deals in them.
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { pipelineHooks, stageHooks } from './pipeline-rules.ts';

export const stageKinds = [
  { value: 'open', label: 'Open', color: 'blue' },
  { value: 'won', label: 'Won', color: 'green' },
  { value: 'lost', label: 'Lost', color: 'red' },
];

/** Where a deal counts in the forecast (Salesforce's categories); closed stages set their own. */
export const forecastCategories = [
  { value: 'pipeline', label: 'Pipeline', color: 'gray' },
  { value: 'bestCase', label: 'Best case', color: 'blue' },
  { value: 'commit', label: 'Commit', color: 'violet' },
  { value: 'closed', label: 'Closed', color: 'green' },
  { value: 'omitted', label: 'Omitted', color: 'red' },
];

// Everyone in sales reads them (the board needs the stages); admins and managers change them.
const configAccess = {
  sales_manager: access.full(),
  sales_rep: access.read(),
  support_agent: access.read(),
  marketing: access.read(),
  read_only: access.read(),
};

export const pipelineObject = defineObject({
  name: 'pipeline',
  plural: 'pipelines',
  label: 'Pipeline',
  labelPlural: 'Pipelines',
  icon: 'pipeline',
  table: 'pipelines',
  titleFields: ['name'],
  defaultSort: 'position',
  navigation: false,
  globalSearch: false,
  access: configAccess,
  fields: {
    name: field.text({ required: true, searchable: true, list: true, max: 200 }),
    position: field.number({ integer: true, sortable: true, list: true, min: 0, sample: (n) => n }),
    description: field.text({ max: 1000 }),
  },
  hooks: pipelineHooks,
});

export const pipelineStageObject = defineObject({
  name: 'pipelineStage',
  plural: 'pipeline-stages',
  label: 'Stage',
  labelPlural: 'Stages',
  icon: 'stage',
  table: 'pipeline_stages',
  titleFields: ['name'],
  defaultSort: 'position',
  navigation: false,
  globalSearch: false,
  access: configAccess,
  fields: {
    name: field.text({ required: true, searchable: true, list: true, max: 200 }),
    pipelineId: field.relation('pipeline', { label: 'Pipeline', required: true, list: true, onDelete: 'cascade' }),
    position: field.number({ integer: true, required: true, sortable: true, list: true, min: 0, sample: (n) => n }),
    probability: field.number({
      integer: true,
      required: true,
      list: true,
      min: 0,
      label: 'Probability (%)',
      sample: (n) => (n * 10) % 100,
    }),
    kind: field.select(stageKinds, { required: true, list: true }),
    forecastCategory: field.select(forecastCategories, { label: 'Forecast category', list: true }),
    rottingDays: field.number({ integer: true, min: 1, label: 'Rotting after (days)' }),
    requiredFields: field.tags({ label: 'Required to enter', sample: (n) => (n % 2 ? ['amount'] : []) }),
  },
  // The stages of a pipeline in order (every board and picker reads them so).
  indexes: [['pipelineId', 'position']],
  hooks: stageHooks,
});

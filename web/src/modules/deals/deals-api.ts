// The deals module's own endpoints: a pipeline's stages (read and replaced as one list), a deal's
// stage history, and every stage (for rotting marks on cards). Keyed under the records' lists, so
// a write anywhere to stages or deals refreshes them.
import type { StageInput, StageVisit } from '@kith/common/api/deals';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';
import { type KRecord, type RecordPage, recordKeys } from '../../platform/records/records-api';

export interface Stage extends KRecord {
  name: string;
  pipelineId: string;
  position: number;
  probability: number;
  kind: 'open' | 'won' | 'lost';
  forecastCategory: string | null;
  rottingDays: number | null;
  requiredFields: string[];
}

export const pipelineStagesQuery = (pipelineId: string) =>
  queryOptions({
    queryKey: [...recordKeys.lists('pipeline-stages'), 'of', pipelineId],
    queryFn: ({ signal }) => api.get<{ data: Stage[] }>(`/pipelines/${pipelineId}/stages`, undefined, signal),
    staleTime: 60_000,
  });

/** Every stage of every pipeline (a few dozen): what rotting marks on cards are measured against. */
export const allStagesQuery = queryOptions({
  queryKey: [...recordKeys.lists('pipeline-stages'), 'all'],
  queryFn: async ({ signal }) =>
    (await api.get<RecordPage>('/pipeline-stages', { limit: 500 }, signal)).data as Stage[],
  staleTime: 60_000,
});

export const pipelinesQuery = queryOptions({
  queryKey: [...recordKeys.lists('pipelines'), 'all'],
  queryFn: async ({ signal }) => (await api.get<RecordPage>('/pipelines', { limit: 100 }, signal)).data,
  staleTime: 60_000,
});

export const dealStagesQuery = (dealId: string) =>
  queryOptions({
    queryKey: [...recordKeys.record('deals', dealId), 'stages'],
    queryFn: ({ signal }) => api.get<{ data: StageVisit[] }>(`/deals/${dealId}/stages`, undefined, signal),
  });

export const dealsApi = {
  saveStages: (pipelineId: string, stages: StageInput[]) =>
    api.put<{ data: Stage[] }>(`/pipelines/${pipelineId}/stages`, { stages }),
};

/** Whole days a deal has sat in its stage, and whether that is past the stage's rotting days. */
export function rotting(record: KRecord, stage: Stage | undefined, now = Date.now()) {
  const since = typeof record.stageEnteredAt === 'string' ? Date.parse(record.stageEnteredAt) : Number.NaN;
  const days = Number.isNaN(since) ? null : Math.floor((now - since) / 864e5);
  const rotten = !!stage?.rottingDays && stage.kind === 'open' && days !== null && days > stage.rottingDays;
  return { days, rotten };
}

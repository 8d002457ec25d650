import type { KithModule } from '../../platform/module.ts';
import { dealContactObject, dealObject } from './deals.object.ts';
import { dealsRoutes } from './deals.routes.ts';
import { pipelineObject, pipelineStageObject } from './pipelines.object.ts';

/** Deals on pipelines: stages as data, their rules and history; the board, lists and forms come from the platform. */
export const dealsModule: KithModule = {
  name: 'deals',
  objects: [pipelineObject, pipelineStageObject, dealObject, dealContactObject],
  routes: dealsRoutes,
};

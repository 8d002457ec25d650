// Sales: the dashboard of a sales team (/sales) — the period's forecast against quota, pipeline by
// stage, win rate, deal size, cycle, the reps' leaderboard and lead conversion by source.
import { IconChartBar } from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { SalesPage } from './sales-page';

export const salesModule: WebModule = {
  name: 'sales',
  pages: [{ id: 'sales', label: 'Sales', icon: IconChartBar, component: SalesPage }],
};

// Commissions: the Commissions page (a rep's statement per period, a manager's reps') and
// Settings → Commission plans (tiers, members, active).
import '@mantine/charts/styles.css';
import { IconCoins, IconReceipt2 } from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { CommissionsPage } from './commissions-page';
import { CommissionPlansPage } from './plans-page';

export const commissionsModule: WebModule = {
  name: 'commissions',
  pages: [{ id: 'commissions', label: 'Commissions', icon: IconReceipt2, component: CommissionsPage }],
  settingsPages: [
    { id: 'commission-plans', label: 'Commission plans', icon: IconCoins, component: CommissionPlansPage },
  ],
};

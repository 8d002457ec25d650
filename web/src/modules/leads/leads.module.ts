// The leads module: its list, board and record pages are the platform's; it adds the settings
// pages for assignment rules, scoring and the website's form endpoint.
import { IconChartArrowsVertical, IconForms, IconRoute } from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { AssignmentSettingsPage } from './assignment-settings-page';
import { ConvertPanel } from './convert-panel';
import { ScoringSettingsPage } from './scoring-settings-page';
import { WebToLeadSettingsPage } from './web-to-lead-settings-page';

export const leadsModule: WebModule = {
  name: 'leads',
  detailPanels: [{ id: 'lead-convert', appliesTo: (meta) => meta.name === 'lead', component: ConvertPanel }],
  settingsPages: [
    {
      id: 'lead-assignment',
      label: 'Lead assignment',
      icon: IconRoute,
      adminOnly: true,
      component: AssignmentSettingsPage,
    },
    {
      id: 'lead-scoring',
      label: 'Lead scoring',
      icon: IconChartArrowsVertical,
      adminOnly: true,
      component: ScoringSettingsPage,
    },
    { id: 'web-to-lead', label: 'Web-to-lead', icon: IconForms, adminOnly: true, component: WebToLeadSettingsPage },
  ],
};

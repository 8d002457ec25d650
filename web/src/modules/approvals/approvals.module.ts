// Approvals: a page of what waits for the reader (and what they asked for), a count beside it in
// the menu, and a banner on any record that waits (decision 028).
import { IconChecklist } from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { ApprovalBanner } from './approval-banner';
import { ApprovalsBadge } from './approvals-badge';
import { ApprovalsPage } from './approvals-page';

export const approvalsModule: WebModule = {
  name: 'approvals',
  pages: [
    { id: 'approvals', label: 'Approvals', icon: IconChecklist, component: ApprovalsPage, badge: ApprovalsBadge },
  ],
  detailPanels: [
    { id: 'approval-banner', placement: 'top', appliesTo: (meta) => !!meta.approvals, component: ApprovalBanner },
  ],
};

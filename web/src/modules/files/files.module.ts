// The files module: a "Files" panel on every record's page (attachments, previews, versions).
import type { WebModule } from '../../platform/extensions';
import { FilesPanel } from './files-panel';

export const filesModule: WebModule = {
  name: 'files',
  detailPanels: [{ id: 'files', appliesTo: () => true, component: FilesPanel }],
};

// The boards module: a board layout for the list of any object with a select field to group by.
import { IconLayoutKanban } from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { boardFields } from './board-state';
import { BoardView, defaultBoardField, defaultSumField } from './board-view';

export const boardsModule: WebModule = {
  name: 'boards',
  listViews: [
    {
      id: 'board',
      label: 'Board',
      icon: IconLayoutKanban,
      appliesTo: (meta) => boardFields(meta).length > 0,
      defaultSettings: (meta) => ({ groupBy: defaultBoardField(meta)?.name, sum: defaultSumField(meta)?.name }),
      component: BoardView,
    },
  ],
};

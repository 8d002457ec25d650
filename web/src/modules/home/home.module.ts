// Home: the page a person starts their day on (/home, first in the menu).
import { IconHome } from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { HomePage } from './home-page';

export const homeModule: WebModule = {
  name: 'home',
  pages: [{ id: 'home', label: 'Home', icon: IconHome, component: HomePage }],
};

// The web modules of this app, in one place: what each adds to the generic object pages (list
// views, record panels and actions). A new module adds one line here.
import { boardsModule } from '../modules/boards/boards.module';
import type { WebModule } from '../platform/extensions';

export const webModules: WebModule[] = [boardsModule];

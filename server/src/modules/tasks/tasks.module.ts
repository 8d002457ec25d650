import type { KithModule } from '../../platform/module.ts';
import { taskReminderWorker } from './task-series.ts';
import { taskObject } from './tasks.object.ts';

/** Tasks: the entry with its completion rule, series and reminders; lists, board and record page come from the platform. */
export const tasksModule: KithModule = { name: 'tasks', objects: [taskObject], workers: taskReminderWorker };

// Tasks: what someone has to do, by when, and about which record (issue 12's first piece). The
// assignee is the owner, so "my tasks" and a manager's team view are the list's own scopes; the
// board by status and the list by due date come from the platform.
import { notify } from '../../platform/notifications.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { nextInSeries, scheduleTaskReminder, validateSeries } from './task-series.ts';

export const taskStatuses = [
  { value: 'todo', label: 'To do', color: 'gray' },
  { value: 'inProgress', label: 'In progress', color: 'blue' },
  { value: 'waiting', label: 'Waiting', color: 'yellow' },
  { value: 'done', label: 'Done', color: 'green' },
  { value: 'cancelled', label: 'Cancelled', color: 'red' },
];

export const taskPriorities = [
  { value: 'low', label: 'Low', color: 'gray' },
  { value: 'normal', label: 'Normal', color: 'blue' },
  { value: 'high', label: 'High', color: 'orange' },
  { value: 'urgent', label: 'Urgent', color: 'red' },
];

const hooks: ObjectHooks = {
  // When it was done: set as it enters Done, kept while it stays there, cleared when reopened.
  compute(ctx, change) {
    const done = change.after.status === 'done';
    const wasDone = change.before?.status === 'done';
    return { completedAt: done ? (wasDone ? (change.before?.completedAt ?? null) : ctx.now().toISOString()) : null };
  },
  validate(_ctx, change) {
    validateSeries(change);
  },
  async afterWrite(ctx, change) {
    await scheduleTaskReminder(ctx, change);
    await nextInSeries(ctx, change);
    // A task given to someone else tells them (not on delete, not when the assignee stays).
    const assignee = change.after?.assigneeId as string | null | undefined;
    if (!assignee || assignee === change.before?.assigneeId) return;
    await notify(ctx, {
      kind: 'assignment',
      userIds: [assignee],
      title: `${ctx.principal.name} assigned you a task: ${String(change.after?.subject ?? '')}`,
      record: { object: 'task', id: change.id },
    });
  },
};

export const taskObject = defineObject({
  name: 'task',
  plural: 'tasks',
  label: 'Task',
  labelPlural: 'Tasks',
  icon: 'task',
  table: 'tasks',
  titleFields: ['subject'],
  defaultSort: 'dueAt',
  // On the timeline of what it is about from when it was made.
  activity: { at: 'createdAt', followUp: true },
  // Everyone plans work; reps and agents see their team's tasks, managers all.
  access: access.teamWork(),
  importAliases: { subject: ['task', 'title', 'name'], dueAt: ['due', 'due date', 'deadline'] },
  fields: {
    subject: field.text({ required: true, searchable: true, list: true, max: 300 }),
    status: field.select(taskStatuses, { list: true, filterable: true }),
    priority: field.select(taskPriorities, { list: true, filterable: true }),
    dueAt: field.datetime({ label: 'Due', list: true, sortable: true }),
    about: field.anyRecord({ label: 'Related to', list: true }),
    description: field.longText({ searchable: true }),
    remindAt: field.datetime({ label: 'Remind me at' }),
    recurrence: field.text({
      label: 'Repeats',
      format: 'rrule',
      max: 2000,
      sample: (n) => ['FREQ=WEEKLY;BYDAY=MO', 'FREQ=DAILY;COUNT=5', 'FREQ=MONTHLY;BYMONTHDAY=1'][n % 3],
    }),
    completedAt: field.datetime({ label: 'Completed', computed: true }),
    assigneeId: field.owner({ label: 'Assignee' }),
  },
  // "My open tasks by due date": the assignee's scope, a status, the due order.
  indexes: [['assigneeId', 'status', 'dueAt']],
  hooks,
});

// What a new activity logged from a record's page starts with: linked to that record (through a
// relation to its object, else a link to any record), happening now, owned by the person logging it.
import type { ObjectMeta } from '../meta/objects';
import { expandedKey } from '../meta/objects';
import type { KRecord } from '../records/records-api';

export function activityPrefill(
  activity: ObjectMeta,
  on: { meta: ObjectMeta; record: KRecord },
  me: { id: string; name: string },
  now = new Date(),
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const ref = { id: on.record.id, title: on.record.title };
  const relation = activity.fields.find((f) => f.type === 'relation' && f.relation?.object === on.meta.name);
  const link = activity.fields.find(
    (f) => f.type === 'anyRecord' && !f.readOnly && f.linkTargets?.some((t) => t.object === on.meta.name),
  );
  if (relation) Object.assign(values, { [relation.name]: ref.id, [expandedKey(relation)]: ref });
  else if (link) values[link.name] = { object: on.meta.name, ...ref };
  const at = activity.activity?.at;
  const atField = activity.fields.find((f) => f.name === at && !f.readOnly);
  if (atField) values[atField.name] = now.toISOString();
  const owner = activity.fields.find((f) => f.type === 'user' && !f.readOnly);
  if (owner) Object.assign(values, { [owner.name]: me.id, [expandedKey(owner)]: { id: me.id, title: me.name } });
  return values;
}

/**
 * The follow-up (the activity entry marked as such: tasks) after a call, an email or a meeting:
 * about the same record, due in two days at nine (its first date-time field), not started yet.
 */
export function followUpPrefill(
  task: ObjectMeta,
  on: { meta: ObjectMeta; record: KRecord },
  me: { id: string; name: string },
  subject: string,
  now = new Date(),
): Record<string, unknown> {
  const due = new Date(now);
  due.setDate(due.getDate() + 2);
  due.setHours(9, 0, 0, 0);
  const dueField = task.fields.find((f) => f.type === 'datetime' && !f.readOnly);
  const status = task.fields.find((f) => f.name === 'status' && f.type === 'select');
  return {
    ...activityPrefill(task, on, me, now),
    subject: `Follow up: ${subject}`.slice(0, 300),
    ...(dueField ? { [dueField.name]: due.toISOString() } : {}),
    ...(status?.options?.length ? { [status.name]: status.options[0].value } : {}),
  };
}

import type { AuditEntry } from '@kith/common/api/audit';
import { Anchor, Avatar, Box, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { FieldMeta, ObjectMeta } from '../meta/objects';
import { recordPath } from '../meta/paths';
import { useUsers } from '../records/users';
import { displayText } from './display-text';
import { formatDateTime, formatRelative, initials } from './format';

const verbs: Record<string, string> = {
  create: 'created',
  created: 'created',
  update: 'updated',
  updated: 'updated',
  delete: 'deleted',
  deleted: 'deleted',
  restore: 'restored',
  restored: 'restored',
  merge: 'merged a duplicate into',
  export: 'exported',
  import: 'imported into',
  'note.create': 'added a note to',
  'note.update': 'edited a note on',
  'note.delete': 'deleted a note on',
  'file.create': 'attached a file to',
  'file.version': 'uploaded a new version of a file on',
  'file.delete': 'deleted a file from',
  'timeline.carry': 'carried on the history of',
  'approval.request': 'asked for approval of',
  'approval.approve': 'approved',
  'approval.reject': 'rejected',
  'approval.cancel': 'withdrew the approval request on',
  engagement: 'recorded an engagement on',
  'customField.create': 'added a custom field',
  'customField.update': 'changed a custom field',
  'customField.delete': 'deleted a custom field',
  'view.create': 'saved a view',
  'view.update': 'changed a view',
  'view.delete': 'deleted a view',
  invite: 'invited',
  accept_invite: 'accepted an invitation',
  revoke: 'revoked',
  password_change: 'changed their password',
  password_reset: 'reset their password',
  password_reset_request: 'asked for a password reset',
  'demo_data.seed': 'filled Kith with demo data',
  login: 'signed in',
  logout: 'signed out',
  login_failed: 'failed to sign in',
  setup: 'set up the organization',
};
/** Actions whose object is named by the verb itself, not a record to link. */
const standalone = /^(customField|view)\.|^(accept_invite|password_|demo_data)/;
/** What an action is called in words: known verbs, else its name made readable. */
export const actionVerb = (action: string) => verbs[action] ?? action.replace(/[._]/g, ' ');

/** An update's entry holds `{ before, after }` per field; other actions hold the values written. */
export function fieldChange(value: unknown): { before: unknown; after: unknown } | null {
  return value !== null && typeof value === 'object' && 'before' in value && 'after' in value
    ? { before: value.before, after: value.after }
    : null;
}

/** Actions about the actor's own session, not about a record. */
const selfActions = new Set(['login', 'logout', 'login_failed', 'setup']);
const isSelf = (action: string) => selfActions.has(action) || standalone.test(action);

/** One field's change, "Status: ~~Draft~~ → Confirmed"; `titles` names the records its relation values point at. */
export function Change({
  field,
  before,
  after,
  titles,
}: {
  field?: FieldMeta;
  name: string;
  before: unknown;
  after: unknown;
  titles?: Record<string, string>;
}) {
  const users = useUsers();
  // Ids say nothing to a person: name users and the records the server named, and call other
  // references what they are.
  const show = (v: unknown) => {
    if (v == null || v === '') return '';
    if (field?.type === 'user') return users.data?.find((u) => u.id === v)?.name ?? 'someone';
    if (field?.type === 'relation' && typeof v === 'string' && titles?.[v]) return titles[v];
    if (field?.type === 'relation') return `another ${field.relation?.object ?? 'record'}`;
    if (field?.type === 'anyRecord' && typeof v === 'object')
      return `a ${(v as { object?: string }).object ?? 'record'}`;
    return displayText(field, v);
  };
  const b = show(before);
  const a = show(after);
  return (
    <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }}>
      <Text span fw={500} c="var(--mantine-color-text)" size="xs">
        {field?.label}
      </Text>
      {': '}
      {b ? <s style={{ opacity: 0.75 }}>{b}</s> : <i>empty</i>}
      {' → '}
      {a ? (
        <Text span size="xs" c="var(--mantine-color-text)">
          {a}
        </Text>
      ) : (
        <i>empty</i>
      )}
    </Text>
  );
}

/** An approval asked or decided: why it was needed, and the decider's comment. */
function ApprovalNote({ changes }: { changes: AuditEntry['changes'] }) {
  const reason = typeof changes?.reason === 'string' ? changes.reason : null;
  const comment = typeof changes?.comment === 'string' ? changes.comment : null;
  if (!reason && !comment) return null;
  return (
    <Text size="xs" c="dimmed" mt={4} style={{ wordBreak: 'break-word' }}>
      {reason}
      {comment && (
        <>
          {reason ? ' — ' : ''}
          <i>“{comment}”</i>
        </>
      )}
    </Text>
  );
}

/** A converted lead's history carried on: how many items, and to which records. */
function Carried({ changes }: { changes: AuditEntry['changes'] }) {
  const items = changes?.items;
  const to = Array.isArray(changes?.to) ? (changes.to as Array<{ object?: string }>) : [];
  if (typeof items !== 'number') return null;
  return (
    <Text size="xs" c="dimmed" mt={4}>
      {items} {items === 1 ? 'note or activity' : 'notes and activities'} now also on its{' '}
      {to.map((t) => t.object ?? 'record').join(', ')}
    </Text>
  );
}

export function AuditTimeline({
  entries,
  meta,
  objects,
}: {
  entries: AuditEntry[];
  meta?: ObjectMeta;
  /** For the global log: to name the object and link the record. */
  objects?: ObjectMeta[];
}) {
  return (
    <Stack gap={0}>
      {entries.map((e, i) => {
        const m = meta ?? objects?.find((o) => o.name === e.objectType || o.plural === e.objectType);
        const changes = Object.entries(e.changes ?? {});
        return (
          <Group
            key={e.id}
            align="flex-start"
            gap="sm"
            wrap="nowrap"
            py={10}
            style={i ? { borderTop: '1px solid var(--kith-border)' } : undefined}
          >
            <Avatar size={26} radius="xl" color="gray">
              {e.actor ? initials(e.actor.title) : 'K'}
            </Avatar>
            <Box style={{ minWidth: 0, flex: 1 }}>
              <Text size="sm">
                <Text span fw={550}>
                  {e.actor?.title ?? 'System'}
                </Text>{' '}
                {actionVerb(e.action)}{' '}
                {isSelf(e.action) ? null : !meta && m && e.recordId ? (
                  <>
                    {/* "the contact Ada Lovelace", or "a contact" when its title is unknown */}
                    {e.recordTitle ? `the ${m.label.toLowerCase()}` : /^[aeiou]/i.test(m.label) ? 'an' : 'a'}{' '}
                    <Anchor component={Link} to={recordPath(m.plural, e.recordId)} size="sm">
                      {e.recordTitle ?? m.label.toLowerCase()}
                    </Anchor>
                  </>
                ) : !meta && e.objectType ? (
                  (e.recordTitle ?? e.objectType)
                ) : (
                  'this record'
                )}
                <Text span size="xs" c="dimmed" ml={6} title={formatDateTime(e.at)}>
                  {formatRelative(e.at)}
                </Text>
              </Text>
              {e.action === 'timeline.carry' && <Carried changes={e.changes} />}
              {e.action.startsWith('approval.') && <ApprovalNote changes={e.changes} />}
              {changes.length > 0 && (e.action === 'update' || e.action === 'updated') && (
                <Stack gap={2} mt={4}>
                  {changes.slice(0, 8).map(([name, c]) => (
                    <Change
                      key={name}
                      name={name}
                      field={
                        m?.fields.find((f) => f.name === name) ?? ({ name, label: name, type: 'text' } as FieldMeta)
                      }
                      before={fieldChange(c)?.before}
                      after={fieldChange(c)?.after}
                    />
                  ))}
                  {changes.length > 8 && (
                    <Text size="xs" c="dimmed">
                      and {changes.length - 8} more
                    </Text>
                  )}
                </Stack>
              )}
            </Box>
          </Group>
        );
      })}
    </Stack>
  );
}

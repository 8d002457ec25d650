// A record's timeline: its notes, every activity linked to it (calls, emails, tasks, meetings…)
// and the changes of related records (an order confirmed), newest first, filtered by kind; a note
// is written in place, other activities are logged through their entry's form, prefilled for this
// record; after a call, an email or a meeting it offers the follow-up.
import type { ActivityItem as ActivityItemData, Note, TimelineItem } from '@kith/common/api/timeline';
import { isChangeItem, isNoteItem } from '@kith/common/api/timeline';
import { Alert, Button, Center, Chip, Group, ScrollArea, Skeleton, Stack, Text } from '@mantine/core';
import { IconArrowForwardUp, IconTimeline } from '@tabler/icons-react';
import { infiniteQueryOptions, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../api';
import { useCurrentSession } from '../auth/session';
import { type ActivityFormDef, useActivityForms } from '../extensions';
import { RecordFormModal } from '../form/record-form-modal';
import { ObjectIcon } from '../meta/object-icon';
import { type ObjectMeta, useObjects } from '../meta/objects';
import { invalidateObject, type KRecord, recordsApi } from '../records/records-api';
import { ActivityItem } from './activity-item';
import { activityPrefill, followUpPrefill } from './activity-prefill';
import { ChangeItem } from './change-item';
import { Composer, NoteItem } from './notes';

const PAGE = 30;

export const timelineKey = (plural: string, id: string, kinds?: string) =>
  kinds ? (['timeline', plural, id, kinds] as const) : (['timeline', plural, id] as const);

export function timelineQuery(plural: string, id: string, kinds?: string) {
  return infiniteQueryOptions({
    queryKey: timelineKey(plural, id, kinds ?? 'all'),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<{ data: TimelineItem[]; nextCursor: string | null }>(
        `/${plural}/${encodeURIComponent(id)}/timeline`,
        { limit: PAGE, cursor: pageParam, kinds },
        signal,
      ),
    getNextPageParam: (last) => last.nextCursor,
    retry: false,
  });
}

/** The activity entries this reader may read, in navigation order. */
export function activityObjects(objects: ObjectMeta[] | undefined): ObjectMeta[] {
  return (objects ?? []).filter((o) => o.activity && o.permissions.read);
}

/** Whether the changes of records this reader may read reach this object's timelines (an order's on its company's). */
export function receivesChanges(objects: ObjectMeta[] | undefined, meta: ObjectMeta): boolean {
  return (objects ?? []).some(
    (o) =>
      o.permissions.read &&
      o.timelineChanges?.some((name) => {
        const f = o.fields.find((x) => x.name === name);
        return f?.relation?.object === meta.name || f?.linkTargets?.some((l) => l.object === meta.name);
      }),
  );
}

export function Timeline({ meta, record }: { meta: ObjectMeta; record: KRecord }) {
  const qc = useQueryClient();
  const { user } = useCurrentSession();
  const objects = useObjects();
  const kinds = activityObjects(objects.data);
  const [filter, setFilter] = useState('all');
  const timeline = useInfiniteQuery(timelineQuery(meta.plural, record.id, filter === 'all' ? undefined : filter));
  const items = timeline.data?.pages.flatMap((p) => p.data) ?? [];
  const [logging, setLogging] = useState<{ object: ObjectMeta; values: Record<string, unknown> } | null>(null);
  const forms = useActivityForms();
  const [custom, setCustom] = useState<ActivityFormDef | null>(null);
  const [followUp, setFollowUp] = useState<{ subject: string } | null>(null);
  const canWrite = meta.permissions.update && !record.deletedAt;
  const loggable = kinds.filter((k) => k.permissions.create);
  const followUpObject = loggable.find((k) => k.activity?.followUp);
  const me = { id: user.id, name: user.name };
  const on = { meta, record };

  const refresh = () => void qc.invalidateQueries({ queryKey: ['timeline', meta.plural, record.id] });
  const log = (object: ObjectMeta) => {
    const form = forms.find((f) => f.id === object.name);
    if (form) setCustom(form);
    else setLogging({ object, values: activityPrefill(object, on, me) });
  };
  const buttonLabel = (k: ObjectMeta) =>
    forms.find((f) => f.id === k.name)?.label ??
    (k.activity?.followUp ? `Add ${k.label.toLowerCase()}` : `Log ${k.label.toLowerCase()}`);

  return (
    <Stack gap="sm">
      {canWrite && <Composer meta={meta} record={record} onAdded={refresh} />}
      {canWrite && loggable.length > 0 && (
        <Group gap={6} data-testid="log-activity">
          {loggable.map((k) => (
            <Button
              key={k.name}
              size="xs"
              variant="default"
              leftSection={<ObjectIcon name={k.icon} size={14} />}
              onClick={() => log(k)}
              data-testid={`log-${k.name}`}
            >
              {buttonLabel(k)}
            </Button>
          ))}
        </Group>
      )}
      {followUp && followUpObject && (
        <Alert
          variant="light"
          color="kith"
          icon={<IconArrowForwardUp size={18} />}
          withCloseButton
          onClose={() => setFollowUp(null)}
          title="Plan the next step?"
          data-testid="follow-up"
        >
          <Group justify="space-between" gap="xs">
            <Text size="sm">
              Add a follow-up {followUpObject.label.toLowerCase()} for “{followUp.subject}”.
            </Text>
            <Button
              size="xs"
              onClick={() => {
                setLogging({
                  object: followUpObject,
                  values: followUpPrefill(followUpObject, on, me, followUp.subject),
                });
                setFollowUp(null);
              }}
              data-testid="follow-up-create"
            >
              Add follow-up
            </Button>
          </Group>
        </Alert>
      )}
      <ScrollArea type="never" offsetScrollbars={false}>
        <Chip.Group multiple={false} value={filter} onChange={(v) => setFilter(v as string)}>
          <Group gap={6} wrap="nowrap" data-testid="timeline-filter">
            <Chip value="all" size="xs" variant="light">
              All
            </Chip>
            <Chip value="note" size="xs" variant="light">
              Notes
            </Chip>
            {receivesChanges(objects.data, meta) && (
              <Chip value="change" size="xs" variant="light">
                Changes
              </Chip>
            )}
            {kinds.map((k) => (
              <Chip key={k.name} value={k.name} size="xs" variant="light">
                {k.labelPlural}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </ScrollArea>
      {timeline.isPending ? (
        <Stack gap={8} mt={4}>
          <Skeleton h={14} w="60%" />
          <Skeleton h={14} w="80%" />
        </Stack>
      ) : timeline.isError ? (
        <Text size="sm" c="dimmed">
          The timeline could not be loaded: {errorMessage(timeline.error)}
        </Text>
      ) : items.length === 0 ? (
        <Stack align="center" gap={4} py="md">
          <IconTimeline size={22} stroke={1.5} color="var(--mantine-color-dimmed)" />
          <Text size="sm" c="dimmed">
            {filter === 'all' ? 'Nothing has happened here yet.' : 'Nothing of this kind yet.'}
          </Text>
        </Stack>
      ) : (
        <div data-testid="timeline">
          {items.map((i) =>
            isNoteItem(i) ? (
              <NoteItem key={`note:${i.id}`} note={i as Note} plural={meta.plural} recordId={record.id} />
            ) : isChangeItem(i) ? (
              <ChangeItem key={`change:${i.id}`} item={i} meta={objects.data?.find((o) => o.name === i.objectType)} />
            ) : (
              <ActivityItem
                key={`${i.kind}:${i.id}`}
                item={i as ActivityItemData}
                meta={kinds.find((k) => k.name === i.kind)}
              />
            ),
          )}
          {timeline.hasNextPage && (
            <Center pt="xs">
              <Button
                variant="subtle"
                size="xs"
                onClick={() => void timeline.fetchNextPage()}
                loading={timeline.isFetchingNextPage}
              >
                Show older
              </Button>
            </Center>
          )}
        </div>
      )}
      {custom && (
        <custom.component
          meta={meta}
          record={record}
          onDone={() => {
            setCustom(null);
            refresh();
          }}
        />
      )}
      {logging && (
        <RecordFormModal
          opened
          onClose={() => setLogging(null)}
          meta={logging.object}
          initialValues={logging.values}
          onSubmit={async (values, opts) => {
            const made = await recordsApi.create(logging.object.plural, values, opts);
            invalidateObject(qc, logging.object.plural);
            refresh();
            const happened = logging.object.activity && logging.object.activity.at !== 'createdAt';
            setLogging(null);
            if (happened && !logging.object.activity?.followUp) setFollowUp({ subject: made.title || '' });
          }}
        />
      )}
    </Stack>
  );
}

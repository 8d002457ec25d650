// Notes about a record and its change history. Notes hide themselves when the server has none.
import { Button, Group, Paper, Skeleton, Stack, Tabs, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconHistory, IconNote } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, errorMessage } from '../api';
import type { ObjectMeta } from '../meta/objects';
import { auditQuery, type KRecord, type RecordRef } from '../records/records-api';
import { AuditTimeline } from '../ui/audit-timeline';
import { formatDateTime, formatRelative } from '../ui/format';

interface Note {
  id: string;
  body?: string;
  text?: string;
  createdAt: string;
  author?: RecordRef | null;
  actor?: RecordRef | null;
  createdBy?: RecordRef | null;
}

function useNotes(meta: ObjectMeta, record: KRecord) {
  return useQuery({
    queryKey: ['notes', meta.name, record.id],
    queryFn: ({ signal }) =>
      api.get<{ data: Note[] }>('/notes', { objectType: meta.name, recordId: record.id }, signal).then((r) => r.data),
    retry: false,
  });
}

function Notes({ meta, record }: { meta: ObjectMeta; record: KRecord }) {
  const qc = useQueryClient();
  const notes = useNotes(meta, record);
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const add = async () => {
    if (!body.trim()) return;
    setBusy(true);
    try {
      await api.post('/notes', { objectType: meta.name, recordId: record.id, body: body.trim() });
      setBody('');
      void qc.invalidateQueries({ queryKey: ['notes', meta.name, record.id] });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not add the note', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm">
      <div>
        <Textarea
          placeholder="Write a note…"
          autosize
          minRows={2}
          maxRows={10}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void add();
          }}
          data-testid="note-input"
        />
        <Group justify="flex-end" mt={6}>
          <Button size="xs" onClick={() => void add()} loading={busy} disabled={!body.trim()} data-testid="note-submit">
            Add note
          </Button>
        </Group>
      </div>
      {(notes.data ?? []).map((n) => {
        const who = n.author ?? n.createdBy ?? n.actor;
        return (
          <Paper key={n.id} withBorder p="sm" radius="md">
            <Group justify="space-between" mb={4} gap="xs">
              <Text size="xs" fw={600}>
                {who?.title ?? 'Someone'}
              </Text>
              <Text size="xs" c="dimmed" title={formatDateTime(n.createdAt)}>
                {formatRelative(n.createdAt)}
              </Text>
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {n.body ?? n.text}
            </Text>
          </Paper>
        );
      })}
      {notes.isSuccess && notes.data.length === 0 && (
        <Text size="sm" c="dimmed">
          No notes yet.
        </Text>
      )}
    </Stack>
  );
}

export function Activity({ meta, record }: { meta: ObjectMeta; record: KRecord }) {
  const notes = useNotes(meta, record);
  // A 4xx means this server has no notes for this object: no tab, no noise.
  const notesAvailable = !(notes.error instanceof ApiError && notes.error.status >= 400 && notes.error.status < 500);
  const audit = useQuery(auditQuery(meta.plural, record.id));
  const [tab, setTab] = useState<string | null>(null);
  const active = tab ?? (notesAvailable && !notes.isPending ? 'notes' : 'history');

  return (
    <Paper withBorder p="md">
      <Tabs value={active} onChange={setTab} variant="default">
        <Tabs.List mb="sm">
          {notesAvailable && (
            <Tabs.Tab value="notes" leftSection={<IconNote size={15} />}>
              Notes
            </Tabs.Tab>
          )}
          <Tabs.Tab value="history" leftSection={<IconHistory size={15} />} data-testid="history-tab">
            History
          </Tabs.Tab>
        </Tabs.List>
        {notesAvailable && (
          <Tabs.Panel value="notes">
            {notes.isPending ? <Skeleton h={60} /> : <Notes meta={meta} record={record} />}
          </Tabs.Panel>
        )}
        <Tabs.Panel value="history">
          {audit.isPending ? (
            <Stack gap={8}>
              <Skeleton h={14} w="70%" />
              <Skeleton h={14} w="50%" />
            </Stack>
          ) : audit.isError ? (
            <Text size="sm" c="dimmed">
              History is not available.
            </Text>
          ) : audit.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              No changes recorded yet.
            </Text>
          ) : (
            <AuditTimeline entries={audit.data} meta={meta} />
          )}
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}

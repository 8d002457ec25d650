// Notes on a record's timeline (POST/PATCH/DELETE /notes): the composer and one note; timeline.tsx lists them.
import type { Note, NoteInput, NotePatch, TimelineItem } from '@kith/common/api/timeline';
import { ActionIcon, Avatar, Box, Button, Group, Kbd, Menu, Modal, Text, Typography } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPencil, IconTrash } from '@tabler/icons-react';
import { type InfiniteData, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../api';
import { useCurrentSession } from '../auth/session';
import type { ObjectMeta } from '../meta/objects';
import type { KRecord } from '../records/records-api';
import { formatDateTime, formatRelative, initials } from '../ui/format';
import { type Mentioned, MentionTextarea, mentionedIn } from './mention-textarea';
import { markMentions } from './mentions';
import { htmlToText, textToHtml } from './note-html';
import classes from './notes.module.css';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function Composer({ meta, record, onAdded }: { meta: ObjectMeta; record: KRecord; onAdded: () => void }) {
  const [body, setBody] = useState('');
  const [people, setPeople] = useState<Mentioned[]>([]);
  const [busy, setBusy] = useState(false);
  const add = async () => {
    if (!body.trim() || busy) return;
    setBusy(true);
    try {
      const input: NoteInput = {
        objectType: meta.name,
        recordId: record.id,
        body: markMentions(textToHtml(body), people),
      };
      await api.post<Note>('/notes', input);
      setBody('');
      setPeople([]);
      onAdded();
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not add the note', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={classes.composer}>
      <MentionTextarea
        variant="unstyled"
        placeholder={`Write a note about ${record.title || `this ${meta.label.toLowerCase()}`}… (@ to mention)`}
        autosize
        minRows={2}
        maxRows={12}
        value={body}
        onChange={setBody}
        onMention={(p) => setPeople((all) => [...all, p])}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            void add();
          }
        }}
        aria-label="New note"
        data-testid="note-input"
        px="sm"
      />
      <Group justify="space-between" px="sm" pb={8} gap="xs">
        <Text size="xs" c="dimmed" visibleFrom="xs">
          <Kbd size="xs">{isMac ? '⌘' : 'Ctrl'}</Kbd> + <Kbd size="xs">Enter</Kbd> to save
        </Text>
        <Button
          size="xs"
          onClick={() => void add()}
          loading={busy}
          disabled={!body.trim()}
          data-testid="note-submit"
          ml="auto"
        >
          Add note
        </Button>
      </Group>
    </div>
  );
}

export function NoteItem({ note, plural, recordId }: { note: Note; plural: string; recordId: string }) {
  const qc = useQueryClient();
  const { user } = useCurrentSession();
  const canChange = note.author?.id === user.id || !!user.role?.isAdmin;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [people, setPeople] = useState<Mentioned[]>([]);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const key = ['timeline', plural, recordId];
  const edited = new Date(note.updatedAt).getTime() - new Date(note.createdAt).getTime() > 1000;

  const save = async () => {
    if (!draft.trim()) return;
    setBusy(true);
    try {
      const body = markMentions(textToHtml(draft), [...mentionedIn(note.body), ...people]);
      const updated = await api.patch<Note>(`/notes/${note.id}`, { body } satisfies NotePatch);
      qc.setQueriesData<InfiniteData<{ data: TimelineItem[]; nextCursor: string | null }>>(
        { queryKey: key },
        (old) =>
          old && {
            ...old,
            pages: old.pages.map((p) => ({
              ...p,
              data: p.data.map((n) => (n.kind === 'note' && n.id === note.id ? { ...updated, at: n.at } : n)),
            })),
          },
      );
      setEditing(false);
      void qc.invalidateQueries({ queryKey: key });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not save the note', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      await api.delete(`/notes/${note.id}`);
      setConfirm(false);
      void qc.invalidateQueries({ queryKey: key });
      notifications.show({ color: 'teal', message: 'Note deleted' });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not delete the note', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Group className={classes.item} gap="sm" align="flex-start" wrap="nowrap" data-testid="note-item">
      <Avatar size={28} radius="xl" color="kith" variant="light">
        <span style={{ fontSize: 11 }}>{initials(note.author?.title ?? '?')}</span>
      </Avatar>
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Group gap={6} wrap="nowrap" justify="space-between">
          <Group gap={6} wrap="wrap" miw={0}>
            <Text size="sm" fw={600} truncate>
              {note.author?.title ?? 'Former user'}
            </Text>
            <Text size="xs" c="dimmed" title={formatDateTime(note.createdAt)}>
              {formatRelative(note.createdAt)}
              {edited && <span title={`Edited ${formatDateTime(note.updatedAt)}`}> · edited</span>}
            </Text>
          </Group>
          {canChange && !editing && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label="Note actions"
                  className={classes.menu}
                  data-testid="note-menu"
                >
                  <IconDots size={14} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  leftSection={<IconPencil size={14} />}
                  onClick={() => {
                    setDraft(htmlToText(note.body));
                    setEditing(true);
                  }}
                  data-testid="note-edit"
                >
                  Edit
                </Menu.Item>
                <Menu.Item
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={() => setConfirm(true)}
                  data-testid="note-delete"
                >
                  Delete
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
        {editing ? (
          <Box mt={6}>
            <MentionTextarea
              autosize
              minRows={2}
              maxRows={14}
              value={draft}
              autoFocus
              onChange={setDraft}
              onMention={(p) => setPeople((all) => [...all, p])}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
                  e.preventDefault();
                  void save();
                }
                if (e.key === 'Escape') {
                  e.stopPropagation();
                  setEditing(false);
                }
              }}
              aria-label="Edit note"
              data-testid="note-edit-input"
            />
            <Group justify="flex-end" gap="xs" mt={6}>
              <Button size="xs" variant="default" onClick={() => setEditing(false)}>
                Cancel
              </Button>
              <Button
                size="xs"
                onClick={() => void save()}
                loading={busy}
                disabled={!draft.trim()}
                data-testid="note-save"
              >
                Save
              </Button>
            </Group>
          </Box>
        ) : (
          <Typography className={classes.body}>
            {/* The server sanitises note HTML (a short allow-list of tags, safe links only). */}
            {/** biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised server-side */}
            <div dangerouslySetInnerHTML={{ __html: note.body }} />
          </Typography>
        )}
      </Box>
      <Modal opened={confirm} onClose={() => setConfirm(false)} title="Delete this note?" size="sm">
        <Text size="sm" c="dimmed">
          The note is removed from this record’s timeline for everyone.
        </Text>
        <Group justify="flex-end" mt="lg" gap="xs">
          <Button variant="default" onClick={() => setConfirm(false)}>
            Cancel
          </Button>
          <Button color="red" onClick={() => void remove()} loading={busy} data-testid="note-confirm-delete">
            Delete
          </Button>
        </Group>
      </Modal>
    </Group>
  );
}

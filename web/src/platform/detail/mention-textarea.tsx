// A note's text box with @mentions: "@" and a few letters list matching colleagues (arrows and
// Enter, or a click, pick one). The people picked are handed back so the note's HTML marks them.
import { Avatar, Group, Paper, Text, Textarea, type TextareaProps, UnstyledButton } from '@mantine/core';
import { type KeyboardEvent, useLayoutEffect, useRef, useState } from 'react';
import { useUsers } from '../records/users';
import { initials } from '../ui/format';
import { insertMention, mentionQuery } from './mentions';
import classes from './notes.module.css';

export interface Mentioned {
  id: string;
  name: string;
}

export function MentionTextarea({
  value,
  onChange,
  onMention,
  onKeyDown,
  ...rest
}: Omit<TextareaProps, 'onChange' | 'value'> & {
  value: string;
  onChange: (text: string) => void;
  onMention: (person: Mentioned) => void;
}) {
  const users = useUsers();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const q = mentionQuery(value, caret);
  const matches =
    q && q.start !== dismissed
      ? (users.data ?? []).filter((u) => u.isActive && u.name.toLowerCase().includes(q.query.toLowerCase())).slice(0, 6)
      : [];

  const pick = (u: { id: string; name: string }) => {
    if (!q) return;
    const next = insertMention(value, caret, q.start, u.name);
    onChange(next.text);
    onMention({ id: u.id, name: u.name });
    setCaret(next.caret);
    placeCaret.current = next.caret;
  };
  // After the picked name is in the box, the caret goes right after it — in the same commit, before
  // the next key is handled (a later frame would move it back over letters typed meanwhile).
  const placeCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (placeCaret.current === null || !ref.current) return;
    ref.current.focus();
    ref.current.setSelectionRange(placeCaret.current, placeCaret.current);
    placeCaret.current = null;
  });
  const keys = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (matches.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(matches[Math.min(active, matches.length - 1)]);
        return;
      }
      if (e.key === 'Escape') {
        e.stopPropagation();
        setDismissed(q?.start ?? null);
        return;
      }
    }
    onKeyDown?.(e);
  };

  return (
    <div style={{ position: 'relative' }}>
      <Textarea
        {...rest}
        ref={ref}
        value={value}
        onChange={(e) => {
          onChange(e.currentTarget.value);
          setCaret(e.currentTarget.selectionStart ?? e.currentTarget.value.length);
          setActive(0);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
        onKeyDown={keys}
      />
      {matches.length > 0 && (
        <Paper shadow="md" withBorder className={classes.mentions} role="listbox" data-testid="mention-options">
          {matches.map((u, i) => (
            <UnstyledButton
              key={u.id}
              className={classes.mentionOption}
              data-active={i === active || undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(u);
              }}
              role="option"
              aria-selected={i === active}
            >
              <Group gap={8} wrap="nowrap">
                <Avatar size={22} radius="xl" color="kith">
                  <span style={{ fontSize: 9 }}>{initials(u.name)}</span>
                </Avatar>
                <Text size="sm" truncate>
                  {u.name}
                </Text>
              </Group>
            </UnstyledButton>
          ))}
        </Paper>
      )}
    </div>
  );
}

/** The people a note's HTML already mentions, to mark them again after an edit. */
export function mentionedIn(html: string): Mentioned[] {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return [...doc.querySelectorAll('span[data-mention]')].map((s) => ({
    id: s.getAttribute('data-mention') ?? '',
    name: (s.textContent ?? '').replace(/^@/, ''),
  }));
}

// Settings → Profile: your name, avatar, time zone and language; your password; where you are signed in.
import type { Session, SignedInUser } from '@kith/common/api/auth';
import type { PasswordChange, ProfilePatch, SessionInfo } from '@kith/common/api/profile';
import {
  Alert,
  Avatar,
  Badge,
  Button,
  FileButton,
  Group,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconCamera, IconDeviceDesktop, IconDeviceMobile, IconLogout } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { ApiError, api, errorMessage, isNotFound } from '../../platform/api';
import { useCurrentSession } from '../../platform/auth/session';
import { SettingsPage } from '../../platform/pages/settings-page';
import { formatDateTime, formatRelative, initials } from '../../platform/ui/format';
import { describeAgent, meQuery, sessionsQuery } from './settings-api';

const locales = [
  ['en', 'English'],
  ['en-GB', 'English (UK)'],
  ['de', 'Deutsch'],
  ['fr', 'Français'],
  ['es', 'Español'],
  ['it', 'Italiano'],
  ['nl', 'Nederlands'],
  ['pt', 'Português'],
  ['pt-BR', 'Português (Brasil)'],
  ['pl', 'Polski'],
  ['sv', 'Svenska'],
  ['da', 'Dansk'],
  ['nb', 'Norsk bokmål'],
  ['fi', 'Suomi'],
  ['cs', 'Čeština'],
  ['ja', '日本語'],
  ['zh', '中文'],
].map(([value, label]) => ({ value: value as string, label: label as string }));

function timeZones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf: (k: string) => string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

export function Section({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Paper withBorder>
      <div style={{ padding: 'var(--mantine-spacing-lg)' }}>
        <Title order={4} fz={15} fw={650}>
          {title}
        </Title>
        {description && (
          <Text size="sm" c="dimmed" mt={2}>
            {description}
          </Text>
        )}
        <div style={{ marginTop: 'var(--mantine-spacing-md)' }}>{children}</div>
      </div>
      {footer && (
        <Group
          justify="flex-end"
          gap="xs"
          px="lg"
          py="sm"
          style={{
            borderTop: '1px solid var(--kith-border)',
            background: 'var(--kith-subtle-bg)',
            borderRadius: '0 0 var(--mantine-radius-lg) var(--mantine-radius-lg)',
          }}
        >
          {footer}
        </Group>
      )}
    </Paper>
  );
}

/** Keep the header's avatar and name in step with the profile. */
function useUpdateSessionUser() {
  const qc = useQueryClient();
  return (patch: Partial<SignedInUser>) =>
    qc.setQueryData<Session | null>(['session'], (s) => (s ? { ...s, user: { ...s.user, ...patch } } : s));
}

function ProfileForm({ me }: { me: SignedInUser }) {
  const qc = useQueryClient();
  const updateSession = useUpdateSessionUser();
  const zones = useMemo(timeZones, []);
  const [name, setName] = useState(me.name);
  const [timeZone, setTimeZone] = useState<string | null>(
    me.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  const [locale, setLocale] = useState<string | null>(me.locale || 'en');
  const [avatarUrl, setAvatarUrl] = useState<string | null>(me.avatarUrl ?? null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const dirty = name.trim() !== me.name || timeZone !== (me.timeZone || null) || locale !== (me.locale || null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ name: 'Enter your name' });
      return;
    }
    setBusy(true);
    try {
      const patch: ProfilePatch = { name: name.trim(), timeZone: timeZone ?? undefined, locale: locale ?? undefined };
      const updated = await api.patch<SignedInUser>('/me', patch);
      qc.setQueryData(meQuery.queryKey, updated);
      updateSession({ name: updated.name, timeZone: updated.timeZone, locale: updated.locale });
      setErrors({});
      notifications.show({ color: 'teal', message: 'Profile saved' });
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) setErrors(err.fieldErrors);
      else notifications.show({ color: 'red', title: 'Could not save your profile', message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const upload = async (file: File | null) => {
    if (!file) return;
    if (file.size > 2 * 1024 * 1024) {
      notifications.show({ color: 'red', message: 'Choose an image of at most 2 MB.' });
      return;
    }
    setUploading(true);
    try {
      const form = new FormData();
      form.append('file', file);
      const r = await api.upload<SignedInUser>('/me/avatar', form);
      setAvatarUrl(r.avatarUrl);
      updateSession({ avatarUrl: r.avatarUrl });
      void qc.invalidateQueries({ queryKey: meQuery.queryKey });
      notifications.show({ color: 'teal', message: 'Photo updated' });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not upload the photo', message: errorMessage(err) });
    } finally {
      setUploading(false);
    }
  };

  return (
    <form onSubmit={(e) => void save(e)}>
      <Section
        title="Profile"
        description="How you appear to your colleagues, and how Kith shows dates and times to you."
        footer={
          <Button type="submit" size="xs" loading={busy} disabled={!dirty} data-testid="profile-save">
            Save changes
          </Button>
        }
      >
        <Group gap="md" mb="lg" wrap="nowrap">
          <Avatar src={avatarUrl || undefined} size={64} radius="xl" color="kith">
            {initials(name || me.email)}
          </Avatar>
          <Stack gap={6} miw={0}>
            <FileButton onChange={(f) => void upload(f)} accept="image/png,image/jpeg,image/webp,image/gif">
              {(props) => (
                <Button
                  {...props}
                  size="xs"
                  variant="default"
                  leftSection={<IconCamera size={14} />}
                  loading={uploading}
                  data-testid="avatar-upload"
                >
                  Upload photo
                </Button>
              )}
            </FileButton>
            <Text size="xs" c="dimmed">
              PNG, JPEG, WebP or GIF, up to 2 MB.
            </Text>
          </Stack>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label="Name"
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setErrors((x) => ({ ...x, name: '' }));
            }}
            error={errors.name || undefined}
            maxLength={200}
            data-testid="profile-name"
          />
          <TextInput label="Email" value={me.email} disabled description="Ask an administrator to change it." />
          <Select
            label="Time zone"
            data={zones.includes(timeZone ?? '') || !timeZone ? zones : [timeZone, ...zones]}
            value={timeZone}
            onChange={setTimeZone}
            searchable
            limit={200}
            error={errors.timeZone || undefined}
            nothingFoundMessage="No such time zone"
            data-testid="profile-timezone"
          />
          <Select
            label="Language and region"
            data={
              locales.some((l) => l.value === locale) || !locale
                ? locales
                : [{ value: locale, label: locale }, ...locales]
            }
            value={locale}
            onChange={setLocale}
            searchable
            error={errors.locale || undefined}
            data-testid="profile-locale"
          />
        </SimpleGrid>
      </Section>
    </form>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!current) found.currentPassword = 'Enter your current password';
    if (next.length < 10) found.newPassword = 'Use at least 10 characters';
    if (next !== confirm) found.confirm = 'The two passwords differ';
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.post('/me/password', { currentPassword: current, newPassword: next } satisfies PasswordChange);
      setCurrent('');
      setNext('');
      setConfirm('');
      notifications.show({ color: 'teal', title: 'Password changed', message: 'Your other sessions were signed out.' });
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) setErrors(err.fieldErrors);
      else if (err instanceof ApiError && (err.status === 401 || err.status === 403 || err.status === 400))
        setErrors({ currentPassword: err.message });
      else notifications.show({ color: 'red', title: 'Could not change the password', message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)}>
      <Section
        title="Password"
        description="Use at least 10 characters. Changing it signs you out everywhere else."
        footer={
          <Button type="submit" size="xs" loading={busy} disabled={!current || !next} data-testid="password-save">
            Change password
          </Button>
        }
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={errors.currentPassword || undefined}
            data-testid="password-current"
          />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={errors.newPassword || errors.password || undefined}
            data-testid="password-new"
          />
          <PasswordInput
            label="Repeat new password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            error={errors.confirm || undefined}
            data-testid="password-confirm"
          />
        </SimpleGrid>
      </Section>
    </form>
  );
}

function Sessions() {
  const qc = useQueryClient();
  const sessions = useQuery(sessionsQuery);
  const [busy, setBusy] = useState<string | null>(null);
  const revoke = async (s: SessionInfo) => {
    setBusy(s.id);
    try {
      await api.delete(`/me/sessions/${s.id}`);
      void qc.invalidateQueries({ queryKey: sessionsQuery.queryKey });
      notifications.show({ color: 'teal', message: `Signed out ${describeAgent(s.userAgent)}` });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not sign that session out', message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };
  const rows = [...(sessions.data ?? [])].sort((a, b) => Number(b.current) - Number(a.current));
  return (
    <Section title="Where you’re signed in" description="Sign out any session you don’t recognise.">
      {sessions.isPending ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : sessions.isError ? (
        <Text size="sm" c="dimmed">
          {isNotFound(sessions.error)
            ? 'Session management is not available on this server yet.'
            : errorMessage(sessions.error)}
        </Text>
      ) : (
        <Stack gap={0}>
          {rows.map((s, i) => {
            const mobile = /iPhone|iPad|Android|Mobile/.test(s.userAgent ?? '');
            return (
              <Group
                key={s.id}
                justify="space-between"
                wrap="nowrap"
                py={10}
                style={i ? { borderTop: '1px solid var(--kith-border)' } : undefined}
                data-testid="session-row"
              >
                <Group gap="sm" wrap="nowrap" miw={0}>
                  {mobile ? <IconDeviceMobile size={20} stroke={1.5} /> : <IconDeviceDesktop size={20} stroke={1.5} />}
                  <div style={{ minWidth: 0 }}>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500} truncate>
                        {describeAgent(s.userAgent)}
                      </Text>
                      {s.current && (
                        <Badge size="xs" color="teal" variant="light">
                          This device
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" truncate title={`Signed in ${formatDateTime(s.createdAt)}`}>
                      {s.ip || 'Unknown address'} · active {formatRelative(s.lastSeenAt)}
                    </Text>
                  </div>
                </Group>
                {!s.current && (
                  <Button
                    size="compact-xs"
                    variant="default"
                    leftSection={<IconLogout size={12} />}
                    loading={busy === s.id}
                    onClick={() => void revoke(s)}
                    data-testid="session-revoke"
                  >
                    Sign out
                  </Button>
                )}
              </Group>
            );
          })}
        </Stack>
      )}
    </Section>
  );
}

export function ProfilePage() {
  const { user } = useCurrentSession();
  const me = useQuery(meQuery);
  return (
    <SettingsPage title="Profile" subtitle="Your account, password and sessions">
      {() => (
        <Stack gap="lg" maw={760}>
          {me.isError && !isNotFound(me.error) && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />}>
              {errorMessage(me.error)}
            </Alert>
          )}
          {me.isPending ? (
            <Paper withBorder h={280} />
          ) : (
            <ProfileForm key={me.data?.id ?? user.id} me={me.data ?? user} />
          )}
          <PasswordForm />
          <Sessions />
        </Stack>
      )}
    </SettingsPage>
  );
}

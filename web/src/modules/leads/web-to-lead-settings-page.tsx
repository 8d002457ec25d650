// Settings → Web-to-lead (admins): turn the public form endpoint on, list the sites allowed to
// post (and be redirected back to), and copy a form to paste into the website.
import type { WebToLeadSettings } from '@kith/common/api/leads';
import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconDeviceFloppy } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../platform/api';
import { SettingsPage } from '../../platform/pages/settings-page';
import { leadsApi, webToLeadQuery } from './leads-api';

/** A plain HTML form for the website: the usual fields, the hidden honeypot, a thank-you redirect. */
export function formSnippet(s: WebToLeadSettings): string {
  const thanks = s.allowedOrigins[0] ? `${s.allowedOrigins[0]}/thank-you` : 'https://www.example.com/thank-you';
  const input = (name: string, label: string, type = 'text', required = false) =>
    `  <label>${label} <input type="${type}" name="${name}"${required ? ' required' : ''}></label>`;
  return [
    `<form method="post" action="${s.endpoint}">`,
    input('first_name', 'First name'),
    input('last_name', 'Last name'),
    input('email', 'Email', 'email', true),
    input('company', 'Company'),
    input('phone', 'Phone', 'tel'),
    '  <label>Message <textarea name="message"></textarea></label>',
    '  <!-- Left empty by people, filled by spam robots: keep it hidden. -->',
    `  <input type="text" name="${s.honeypotField}" tabindex="-1" autocomplete="off" style="position:absolute;left:-10000px" aria-hidden="true">`,
    `  <input type="hidden" name="redirect" value="${thanks}">`,
    '  <!-- Filled by the script below: where the visitor came from and landed. -->',
    '  <input type="hidden" name="referrer"><input type="hidden" name="landing_page">',
    '  <button type="submit">Send</button>',
    '</form>',
    '<script>',
    '  document.querySelectorAll(\'input[name="referrer"]\').forEach((i) => (i.value = document.referrer));',
    '  document.querySelectorAll(\'input[name="landing_page"]\').forEach((i) => (i.value = location.href));',
    '</script>',
  ].join('\n');
}

function CopyRow({ value, label, testId }: { value: string; label: string; testId: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <TextInput value={value} readOnly style={{ flex: 1 }} aria-label={label} data-testid={testId} />
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button
            variant="default"
            leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            onClick={copy}
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

function WebToLeadForm({ settings }: { settings: WebToLeadSettings }) {
  const qc = useQueryClient();
  const [enabled, setEnabled] = useState(settings.enabled);
  const [origins, setOrigins] = useState<string[]>(settings.allowedOrigins);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const snippet = formSnippet(settings);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await leadsApi.saveWebToLead({ enabled, allowedOrigins: origins });
      qc.setQueryData(webToLeadQuery.queryKey, saved);
      setOrigins(saved.allowedOrigins);
      notifications.show({ color: 'teal', message: 'Web-to-lead settings saved.' });
    } catch (e) {
      const fields = e instanceof ApiError ? Object.entries(e.fieldErrors) : [];
      setError(fields.length ? fields.map(([k, m]) => `${k}: ${m}`).join('; ') : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="lg" maw={860}>
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <Switch
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
            label="Take leads from website forms"
            description="Off: the endpoint answers 404 and stores nothing."
            data-testid="web-to-lead-enabled"
          />
          <TagsInput
            label="Allowed websites"
            description="Origins such as https://www.example.com. Forms from other sites are refused; only these may be redirected back to and read the answer from a script. Empty: any site may post, none is redirected to."
            placeholder="https://www.example.com, then Enter"
            value={origins}
            onChange={setOrigins}
            clearable
            data-testid="web-to-lead-origins"
          />
          {error && (
            <Alert color="red" variant="light">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button
              leftSection={<IconDeviceFloppy size={14} />}
              loading={busy}
              onClick={() => void save()}
              data-testid="web-to-lead-save"
            >
              Save
            </Button>
          </Group>
        </Stack>
      </Paper>

      <Paper withBorder radius="md" p="md">
        <Title order={2} fz="md" fw={650}>
          The endpoint
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Forms post here (form-encoded, or JSON from a script); no sign-in. Each visitor's address may send{' '}
          {settings.perMinute} forms a minute. New leads get the source “Website” unless the form names one, go through
          your assignment rules, and count a form submission towards their score. A visitor who comes back with the same
          email adds to their lead instead of making a second one.
        </Text>
        <CopyRow value={settings.endpoint} label="Endpoint" testId="web-to-lead-endpoint" />
        <Text size="xs" c="dimmed" mt="xs">
          Field names it understands: {settings.fieldNames.join(', ')} — and common variants such as company, zip or
          message — plus redirect.
        </Text>
      </Paper>

      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" mb="xs">
          <Title order={2} fz="md" fw={650}>
            A form to paste into your website
          </Title>
          <CopyButton value={snippet}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                variant="default"
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                onClick={copy}
                data-testid="copy-snippet"
              >
                {copied ? 'Copied' : 'Copy HTML'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Code
          block
          fz="xs"
          data-testid="web-to-lead-snippet"
          style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
        >
          {snippet}
        </Code>
        <Text size="xs" c="dimmed" mt="xs">
          The hidden “{settings.honeypotField}” field catches spam robots: a form with it filled is refused and stores
          nothing. The redirect must be on one of the allowed websites.
        </Text>
      </Paper>
    </Stack>
  );
}

export function WebToLeadSettingsPage() {
  const settings = useQuery(webToLeadQuery);
  return (
    <SettingsPage
      title="Web-to-lead"
      subtitle="Leads straight from the forms on your website"
      query={settings}
      adminOnly
    >
      {(s) => <WebToLeadForm settings={s} />}
    </SettingsPage>
  );
}

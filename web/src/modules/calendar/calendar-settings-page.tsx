// Settings → Calendar: the secret feed address that Google, Outlook and Apple calendars subscribe
// to (made, shown once, renewed or turned off), and importing the events of an .ics file.
import type { FeedStatus, IcsImportResult, NewFeed } from '@kith/common/api/calendar';
import { Alert, Button, CopyButton, FileButton, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconCheck, IconCopy, IconFileImport, IconRefresh, IconRss } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../platform/api';
import { SettingsPage } from '../../platform/pages/settings-page';
import { invalidateObject } from '../../platform/records/records-api';
import { formatDateTime } from '../../platform/ui/format';

const feedQuery = { queryKey: ['calendar', 'feed'], queryFn: () => api.get<FeedStatus>('/calendar/feed') };

function FeedCard({ status }: { status: FeedStatus }) {
  const qc = useQueryClient();
  const [fresh, setFresh] = useState<NewFeed | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (what: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await what();
      await qc.invalidateQueries({ queryKey: feedQuery.queryKey });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not change the feed', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const make = () => run(async () => setFresh(await api.post<NewFeed>('/calendar/feed')));
  const stop = () =>
    run(async () => {
      await api.delete('/calendar/feed');
      setFresh(null);
    });
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} fz="md" fw={650}>
        Subscribe from another calendar
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        A private address with your meetings of the last and next six months. Add it in Google Calendar (“From URL”),
        Outlook (“Subscribe from web”) or Apple Calendar (“New Calendar Subscription”). Anyone with the address can read
        your calendar: keep it to yourself, and renew it if it got out.
      </Text>
      {fresh ? (
        <Stack gap="xs">
          <Alert color="teal" variant="light" icon={<IconCheck size={18} />}>
            Copy the address now: it is shown only once.
          </Alert>
          <Group gap="xs" wrap="nowrap">
            <TextInput
              value={fresh.url}
              readOnly
              style={{ flex: 1 }}
              data-testid="feed-url"
              aria-label="Feed address"
            />
            <CopyButton value={fresh.url}>
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
        </Stack>
      ) : status.active ? (
        <Text size="sm" data-testid="feed-active">
          Your feed is on, since {formatDateTime(status.createdAt)}.
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          You have no feed address.
        </Text>
      )}
      <Group gap="xs" mt="md">
        <Button
          size="xs"
          leftSection={status.active ? <IconRefresh size={14} /> : <IconCalendarPlus size={14} />}
          onClick={() => void make()}
          loading={busy}
          data-testid="feed-make"
        >
          {status.active ? 'Renew the address' : 'Make an address'}
        </Button>
        {status.active && (
          <Button
            size="xs"
            variant="default"
            color="red"
            leftSection={<IconRss size={14} />}
            onClick={() => void stop()}
          >
            Turn the feed off
          </Button>
        )}
      </Group>
    </Paper>
  );
}

function ImportCard() {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const upload = async (file: File | null) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<IcsImportResult>('/calendar/import', { ics: await file.text() });
      invalidateObject(qc, 'events');
      notifications.show({
        color: 'teal',
        message: `Imported ${r.created} event${r.created === 1 ? '' : 's'} from ${file.name}`,
      });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} fz="md" fw={650}>
        Import an .ics file
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Events exported from another calendar become your meetings here. A file with a mistake imports nothing, and says
        where the mistake is.
      </Text>
      {error && (
        <Alert color="red" variant="light" mb="sm" data-testid="import-error">
          {error}
        </Alert>
      )}
      <FileButton onChange={(f) => void upload(f)} accept=".ics,text/calendar">
        {(props) => (
          <Button {...props} size="xs" variant="default" leftSection={<IconFileImport size={14} />} loading={busy}>
            Choose an .ics file
          </Button>
        )}
      </FileButton>
    </Paper>
  );
}

export function CalendarSettingsPage() {
  const feed = useQuery(feedQuery);
  return (
    <SettingsPage title="Calendar" subtitle="Your calendar in other apps, and other calendars in Kith" query={feed}>
      {(status) => (
        <Stack gap="lg" maw={760}>
          <FeedCard status={status} />
          <ImportCard />
        </Stack>
      )}
    </SettingsPage>
  );
}

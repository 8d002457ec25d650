// Settings → Quotes: the discount above which a quote needs approval, and the organisation's
// details and logo that every quote's PDF and acceptance page show. Admins only.
import {
  Button,
  FileButton,
  Group,
  Image,
  NumberInput,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUpload } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../platform/api';
import { SettingsPage } from '../../platform/pages/settings-page';
import { organizationQuery, quoteSettingsQuery, quotesApi } from './quotes-api';

export function QuotesSettingsPage() {
  return (
    <SettingsPage title="Quotes" subtitle="Approval of discounts, and your organisation on every quote" adminOnly>
      {() => <QuotesSettings />}
    </SettingsPage>
  );
}

function QuotesSettings() {
  const qc = useQueryClient();
  const settings = useQuery(quoteSettingsQuery);
  const org = useQuery(organizationQuery);
  const [limit, setLimit] = useState<number | ''>(20);
  const [details, setDetails] = useState({ name: '', address: '', email: '', phone: '', website: '', taxId: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [logoVersion, setLogoVersion] = useState(0);
  useEffect(() => {
    if (settings.data) setLimit(settings.data.approvalDiscountPercent);
  }, [settings.data]);
  useEffect(() => {
    if (org.data) {
      const { hasLogo: _h, ...d } = org.data;
      setDetails(d);
    }
  }, [org.data]);

  const saveLimit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await quotesApi.saveSettings({ approvalDiscountPercent: limit === '' ? 0 : limit });
      void qc.invalidateQueries({ queryKey: quoteSettingsQuery.queryKey });
      notifications.show({ color: 'green', message: 'Approval limit saved' });
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(err) });
    }
  };
  const saveOrg = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await quotesApi.saveOrganization(details);
      setErrors({});
      void qc.invalidateQueries({ queryKey: organizationQuery.queryKey });
      notifications.show({ color: 'green', message: 'Organisation details saved' });
    } catch (err) {
      setErrors(err instanceof ApiError ? err.fieldErrors : {});
      notifications.show({ color: 'red', message: errorMessage(err) });
    }
  };
  const upload = async (file: File | null) => {
    if (!file) return;
    try {
      await quotesApi.uploadLogo(file);
      setLogoVersion((v) => v + 1);
      void qc.invalidateQueries({ queryKey: organizationQuery.queryKey });
      notifications.show({ color: 'green', message: 'Logo uploaded' });
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(err) });
    }
  };
  const field = (key: keyof typeof details, label: string) => ({
    label,
    value: details[key],
    error: errors[key],
    onChange: (e: { currentTarget: { value: string } }) => setDetails({ ...details, [key]: e.currentTarget.value }),
  });

  return (
    <Stack gap="lg" maw={860}>
      <Paper withBorder p="md" radius="md">
        <form onSubmit={saveLimit}>
          <Stack gap="xs">
            <Title order={4}>Approval</Title>
            <Text size="sm" c="dimmed">
              A quote whose overall or average discount is above this needs approval by the rep's manager (or an admin)
              before it is sent.
            </Text>
            <Group align="flex-end">
              <NumberInput
                label="Approval needed above"
                suffix=" %"
                min={0}
                max={100}
                decimalScale={2}
                value={limit}
                onChange={(v) => setLimit(v === '' ? '' : Number(v))}
                w={200}
              />
              <Button type="submit">Save</Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <form onSubmit={saveOrg}>
          <Stack gap="xs">
            <Title order={4}>Organisation on quotes</Title>
            <Text size="sm" c="dimmed">
              Printed on every quote's PDF and shown on the customer's acceptance page.
            </Text>
            <Group align="center" gap="md">
              {org.data?.hasLogo ? (
                <Image
                  src={`/api/v1/organization/logo?v=${logoVersion}`}
                  alt="Logo"
                  h={56}
                  w="auto"
                  fit="contain"
                  radius="sm"
                />
              ) : (
                <Text size="sm" c="dimmed">
                  No logo yet
                </Text>
              )}
              <FileButton onChange={(f) => void upload(f)} accept="image/png,image/jpeg">
                {(props) => (
                  <Button variant="default" size="xs" leftSection={<IconUpload size={14} />} {...props}>
                    Upload logo (PNG or JPEG, up to 1 MB)
                  </Button>
                )}
              </FileButton>
            </Group>
            <TextInput required {...field('name', 'Name')} />
            <Textarea autosize minRows={2} {...field('address', 'Address')} />
            <Group grow>
              <TextInput {...field('email', 'Email')} />
              <TextInput {...field('phone', 'Phone')} />
            </Group>
            <Group grow>
              <TextInput {...field('website', 'Website')} />
              <TextInput {...field('taxId', 'Tax ID')} />
            </Group>
            <Group justify="flex-end">
              <Button type="submit">Save details</Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

// On a lead's page: once qualified, convert it in one step — a contact, its company and a deal —
// choosing existing matches (same email, same domain, a similar name) before making new ones, so
// that conversion makes no duplicates. A converted lead links to what it became.
import type { ConversionMatches, ConversionResult, ConvertInput } from '@kith/common/api/leads';
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Radio,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsSplit2, IconCircleCheck } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage } from '../../platform/api';
import type { RecordContext } from '../../platform/extensions';
import { CurrencyInput } from '../../platform/form/currency-input';
import { recordPath } from '../../platform/meta/paths';
import { invalidateObject, type RecordPage, type RecordRef, recordKeys } from '../../platform/records/records-api';
import { formatDate, type Money } from '../../platform/ui/format';

const refOf = (v: unknown): RecordRef | null => (v && typeof v === 'object' && 'id' in v ? (v as RecordRef) : null);

export function ConvertPanel({ meta, record }: RecordContext) {
  const [open, setOpen] = useState(false);
  if (record.deletedAt) return null;
  if (record.status === 'converted') {
    const links = [
      ['contacts', record.convertedContactId, refOf(record.convertedContact)],
      ['companies', record.convertedCompanyId, refOf(record.convertedCompany)],
      ['deals', record.convertedDealId, refOf(record.convertedDeal)],
    ] as const;
    return (
      <Paper withBorder px="md" py={10} data-testid="lead-converted">
        <Group gap="xs" wrap="wrap">
          <IconCircleCheck size={16} color="var(--mantine-color-teal-6)" />
          <Text size="sm" fw={600}>
            Converted {formatDate(record.convertedAt)}
          </Text>
          {links.map(([plural, id, ref]) =>
            typeof id === 'string' ? (
              <Anchor key={plural} component={Link} to={recordPath(plural, id)} size="sm">
                {ref?.title ?? plural.slice(0, -1)}
              </Anchor>
            ) : null,
          )}
        </Group>
      </Paper>
    );
  }
  if (!meta.permissions.update) return null;
  return (
    <Paper withBorder px="md" py={10} data-testid="lead-convert">
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm" c="dimmed">
          Qualified? Make it a contact, a company and a deal in one step.
        </Text>
        <Button
          size="xs"
          leftSection={<IconArrowsSplit2 size={14} />}
          onClick={() => setOpen(true)}
          data-testid="lead-convert-open"
        >
          Convert
        </Button>
      </Group>
      {open && <ConvertModal record={record} onClose={() => setOpen(false)} />}
    </Paper>
  );
}

function ConvertModal({ record, onClose }: { record: RecordContext['record']; onClose: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const matches = useQuery({
    queryKey: [...recordKeys.record('leads', record.id), 'convert'],
    queryFn: ({ signal }) => api.get<ConversionMatches>(`/leads/${record.id}/convert`, undefined, signal),
  });
  const pipelines = useQuery({
    queryKey: [...recordKeys.lists('pipelines'), 'convert'],
    queryFn: ({ signal }) => api.get<RecordPage>('/pipelines', { limit: 100 }, signal),
  });
  const companyName = typeof record.companyName === 'string' ? record.companyName : '';
  const person = [record.firstName, record.lastName].filter(Boolean).join(' ') || String(record.email ?? 'the lead');
  const [company, setCompany] = useState<string | null>(null);
  const [contact, setContact] = useState<string | null>(null);
  const [withDeal, setWithDeal] = useState(true);
  const [dealName, setDealName] = useState('');
  const [amount, setAmount] = useState<Money | null>(null);
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Existing matches first: the first one is chosen unless the person picks otherwise.
  const companyChoice = company ?? matches.data?.companies[0]?.id ?? (companyName ? 'new' : 'none');
  const contactChoice = contact ?? matches.data?.contacts.find((c) => c.reason.startsWith('same'))?.id ?? 'new';
  const companyTitle =
    companyChoice === 'new' ? companyName : (matches.data?.companies.find((c) => c.id === companyChoice)?.title ?? '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: ConvertInput = {
      contact: contactChoice === 'new' ? { use: 'new' } : { use: 'existing', id: contactChoice },
      company:
        companyChoice === 'new'
          ? { use: 'new' }
          : companyChoice === 'none'
            ? { use: 'none' }
            : { use: 'existing', id: companyChoice },
      deal: withDeal
        ? {
            ...(dealName.trim() ? { name: dealName.trim() } : {}),
            ...(amount ? { amount } : {}),
            ...(pipelineId ? { pipelineId } : {}),
          }
        : null,
    };
    try {
      const r = await api.post<ConversionResult>(`/leads/${record.id}/convert`, body);
      for (const plural of ['leads', 'contacts', 'companies', 'deals']) invalidateObject(qc, plural);
      invalidateObject(qc, 'leads', record.id);
      notifications.show({ color: 'teal', message: `${person} converted` });
      onClose();
      void navigate(r.deal ? recordPath('deals', r.deal.id) : recordPath('contacts', r.contact.id));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={`Convert ${person}`} centered size="lg" data-testid="convert-modal">
      {matches.isPending ? (
        <Stack gap="xs">
          <Skeleton h={18} />
          <Skeleton h={18} w="70%" />
        </Stack>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <Stack gap="lg">
            <Radio.Group label="Company" value={companyChoice} onChange={setCompany}>
              <Stack gap={6} mt={6}>
                {matches.data?.companies.map((c) => (
                  <Radio
                    key={c.id}
                    value={c.id}
                    label={`Use ${c.title}`}
                    description={`Already in Kith: ${c.reason}`}
                    data-testid="convert-company-match"
                  />
                ))}
                {companyName && <Radio value="new" label={`Create ${companyName}`} />}
                <Radio value="none" label="No company" />
              </Stack>
            </Radio.Group>
            <Radio.Group label="Contact" value={contactChoice} onChange={setContact}>
              <Stack gap={6} mt={6}>
                {matches.data?.contacts.map((c) => (
                  <Radio
                    key={c.id}
                    value={c.id}
                    label={`Use ${c.title}`}
                    description={`Already in Kith: ${c.reason}`}
                  />
                ))}
                <Radio value="new" label={`Create ${person}`} />
              </Stack>
            </Radio.Group>
            <Stack gap="xs">
              <Checkbox
                label="Create a deal"
                checked={withDeal}
                onChange={(e) => setWithDeal(e.currentTarget.checked)}
              />
              {withDeal && (
                <Group grow align="flex-start" wrap="wrap">
                  <TextInput
                    label="Deal name"
                    placeholder={`${companyTitle || person} deal`}
                    value={dealName}
                    onChange={(e) => setDealName(e.currentTarget.value)}
                    miw={200}
                  />
                  <CurrencyInput label="Amount" value={amount} onChange={setAmount} />
                  {(pipelines.data?.data.length ?? 0) > 1 && (
                    <Select
                      label="Pipeline"
                      data={(pipelines.data?.data ?? []).map((p) => ({ value: p.id, label: p.title || 'Untitled' }))}
                      value={pipelineId ?? pipelines.data?.data[0]?.id ?? null}
                      onChange={setPipelineId}
                      allowDeselect={false}
                      miw={180}
                    />
                  )}
                </Group>
              )}
            </Stack>
            {error && (
              <Alert color="red" variant="light" data-testid="convert-error">
                {error}
              </Alert>
            )}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={busy} data-testid="convert-submit">
                Convert
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

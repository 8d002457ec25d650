// Settings → Exchange rates (admins): the company currency that forecasts and the Sales dashboard
// report in, and what one unit of each other currency is worth in it. Saved all at once.
import type { ExchangeRates } from '@kith/common/api/forecasts';
import { ActionIcon, Button, Group, NumberInput, Select, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCurrencyEuro, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../platform/api';
import { SettingsPage } from '../../platform/pages/settings-page';
import { formatRelative } from '../../platform/ui/format';
import { exchangeRatesQuery, saveExchangeRates } from './exchange-rates-api';

const currencies = Intl.supportedValuesOf('currency');

export function ExchangeRatesPage() {
  const query = useQuery(exchangeRatesQuery);
  return (
    <SettingsPage
      title="Exchange rates"
      subtitle="Forecasts and the Sales dashboard add up amounts of every currency in the company currency. Amounts in a currency with no rate are left out (the dashboard says which)."
      icon={<IconCurrencyEuro size={20} />}
      query={query}
      adminOnly
    >
      {(data) => <RatesForm key={JSON.stringify(data)} initial={data} />}
    </SettingsPage>
  );
}

function RatesForm({ initial }: { initial: ExchangeRates }) {
  const qc = useQueryClient();
  const [company, setCompany] = useState(initial.companyCurrency);
  const [rows, setRows] = useState(
    initial.rates.map((r) => ({ currency: r.currency, rate: r.rate as number | string })),
  );
  const save = useMutation({
    mutationFn: () =>
      saveExchangeRates({
        companyCurrency: company,
        rates: rows.filter((r) => r.currency).map((r) => ({ currency: r.currency, rate: Number(r.rate) })),
      }),
    onSuccess: async (data) => {
      qc.setQueryData(exchangeRatesQuery.queryKey, data);
      await qc.invalidateQueries({ queryKey: ['records', 'deals'] });
      notifications.show({ color: 'teal', message: 'Exchange rates saved' });
    },
  });
  const fields = save.error instanceof ApiError ? (save.error.details?.fields as Record<string, string>) : undefined;
  const updated = new Map(initial.rates.map((r) => [r.currency, r.updatedAt]));
  return (
    <Stack gap="md" maw={640}>
      <Select
        label="Company currency"
        description="Changing it means giving every rate anew, against the new currency"
        data={currencies}
        value={company}
        onChange={(v) => v && setCompany(v)}
        searchable
        allowDeselect={false}
        maw={360}
        error={fields?.companyCurrency}
      />
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={140}>Currency</Table.Th>
            <Table.Th>1 unit is worth ({company})</Table.Th>
            <Table.Th>Updated</Table.Th>
            <Table.Th w={40} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until saved, and are edited in place
            <Table.Tr key={i}>
              <Table.Td>
                <Select
                  aria-label="Currency"
                  data={currencies.filter((c) => c !== company)}
                  value={r.currency || null}
                  onChange={(v) => setRows(rows.map((x, j) => (j === i ? { ...x, currency: v ?? '' } : x)))}
                  searchable
                  error={fields?.[`rates.${i}.currency`]}
                />
              </Table.Td>
              <Table.Td>
                <NumberInput
                  aria-label={`Rate of ${r.currency}`}
                  value={r.rate}
                  onChange={(v) => setRows(rows.map((x, j) => (j === i ? { ...x, rate: v } : x)))}
                  min={0}
                  decimalScale={8}
                  error={fields?.[`rates.${i}.rate`]}
                />
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {formatRelative(updated.get(r.currency))}
                </Text>
              </Table.Td>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Remove ${r.currency}`}
                  onClick={() => setRows(rows.filter((_, j) => j !== i))}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between">
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          onClick={() => setRows([...rows, { currency: '', rate: '' }])}
        >
          Add a currency
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          Save rates
        </Button>
      </Group>
      {save.error && !fields && (
        <Text size="sm" c="red">
          {errorMessage(save.error)}
        </Text>
      )}
    </Stack>
  );
}

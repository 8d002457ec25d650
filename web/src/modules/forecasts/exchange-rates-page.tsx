// Settings → Exchange rates (admins): the company currency that forecasts and the Sales dashboard
// report in, and each other currency's history of rates — what one unit is worth in the company
// currency from a day on (decision 026). A won deal is converted at the rate in force on its
// close day, an open one at today's. Rates are added and removed one by one.
import { type ExchangeRate, type ExchangeRates, rateOn } from '@kith/common/api/forecasts';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCurrencyEuro, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../platform/api';
import { SettingsPage } from '../../platform/pages/settings-page';
import { formatDate, formatRelative } from '../../platform/ui/format';
import { addExchangeRate, exchangeRatesQuery, removeExchangeRate, saveExchangeRates } from './exchange-rates-api';

const currencies = Intl.supportedValuesOf('currency');
const today = () => new Date().toISOString().slice(0, 10);

export function ExchangeRatesPage() {
  const query = useQuery(exchangeRatesQuery);
  return (
    <SettingsPage
      title="Exchange rates"
      subtitle="Forecasts and the Sales dashboard add up amounts of every currency in the company currency: a won deal at the rate in force on its close day, an open deal at today's rate. Amounts with no rate in force are left out (the dashboard says which)."
      icon={<IconCurrencyEuro size={20} />}
      query={query}
      adminOnly
    >
      {(data) => (
        <Stack gap="xl" maw={720}>
          <CompanyCurrency key={data.companyCurrency} data={data} />
          <AddRate data={data} />
          <History data={data} />
        </Stack>
      )}
    </SettingsPage>
  );
}

function useSaved() {
  const qc = useQueryClient();
  return async (data: ExchangeRates, message: string) => {
    qc.setQueryData(exchangeRatesQuery.queryKey, data);
    await qc.invalidateQueries({ queryKey: ['records', 'deals'] });
    notifications.show({ color: 'teal', message });
  };
}

const fieldErrors = (e: unknown) =>
  e instanceof ApiError ? (e.details?.fields as Record<string, string> | undefined) : undefined;

function CompanyCurrency({ data }: { data: ExchangeRates }) {
  const saved = useSaved();
  const [company, setCompany] = useState(data.companyCurrency);
  const save = useMutation({
    mutationFn: () =>
      saveExchangeRates({
        companyCurrency: company,
        rates: data.rates.map((r) => ({ currency: r.currency, rate: r.rate, effectiveFrom: r.effectiveFrom })),
      }),
    onSuccess: (d) => saved(d, 'Company currency saved'),
  });
  const fields = fieldErrors(save.error);
  return (
    <Group align="flex-end">
      <Select
        label="Company currency"
        description="Changing it means giving every rate anew, against the new currency"
        data={currencies}
        value={company}
        onChange={(v) => v && setCompany(v)}
        searchable
        allowDeselect={false}
        w={360}
        error={fields?.companyCurrency ?? (fields ? Object.values(fields)[0] : save.error && errorMessage(save.error))}
      />
      <Button
        variant="default"
        onClick={() => save.mutate()}
        loading={save.isPending}
        disabled={company === data.companyCurrency}
      >
        Save currency
      </Button>
    </Group>
  );
}

function AddRate({ data }: { data: ExchangeRates }) {
  const saved = useSaved();
  const [currency, setCurrency] = useState<string | null>(null);
  const [rate, setRate] = useState<number | string>('');
  const [from, setFrom] = useState(today());
  const add = useMutation({
    mutationFn: () =>
      addExchangeRate({ currency: currency ?? '', rate: Number(rate), effectiveFrom: from ? from : null }),
    onSuccess: async (d) => {
      setRate('');
      await saved(d, `Rate of ${currency} saved`);
    },
  });
  const fields = fieldErrors(add.error);
  return (
    <Stack gap="xs">
      <Title order={4}>Add a rate</Title>
      <Group align="flex-start" wrap="wrap">
        <Select
          label="Currency"
          data={currencies.filter((c) => c !== data.companyCurrency)}
          value={currency}
          onChange={setCurrency}
          searchable
          w={140}
          error={fields?.currency}
        />
        <NumberInput
          label={`1 unit is worth (${data.companyCurrency})`}
          value={rate}
          onChange={setRate}
          min={0}
          decimalScale={8}
          w={200}
          error={fields?.rate}
        />
        <TextInput
          type="date"
          label="In force from"
          description="Empty: from the beginning"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          w={180}
          error={fields?.effectiveFrom}
        />
        <Button
          mt={25}
          leftSection={<IconPlus size={16} />}
          onClick={() => add.mutate()}
          loading={add.isPending}
          disabled={!currency || rate === ''}
        >
          Add rate
        </Button>
      </Group>
      {add.error && !fields && (
        <Text size="sm" c="red">
          {errorMessage(add.error)}
        </Text>
      )}
    </Stack>
  );
}

function History({ data }: { data: ExchangeRates }) {
  const saved = useSaved();
  const remove = useMutation({
    mutationFn: (r: ExchangeRate) => removeExchangeRate(r.id),
    onSuccess: (d, r) => saved(d, `Rate of ${r.currency} ${r.effectiveFrom ? `from ${r.effectiveFrom}` : ''} removed`),
  });
  const byCurrency = new Map<string, ExchangeRate[]>();
  for (const r of data.rates) byCurrency.set(r.currency, [...(byCurrency.get(r.currency) ?? []), r]);
  if (!byCurrency.size)
    return (
      <Text c="dimmed" size="sm">
        No rates yet: only amounts in {data.companyCurrency} are counted.
      </Text>
    );
  const day = today();
  return (
    <Stack gap="lg">
      {[...byCurrency.entries()].map(([currency, rates]) => {
        const current = rateOn(rates, currency, day);
        const inForce = [...rates].reverse().find((r) => (r.effectiveFrom ?? '') <= day);
        return (
          <Stack key={currency} gap={4} data-testid={`rates-${currency}`}>
            <Group gap="xs">
              <Title order={5}>{currency}</Title>
              <Text size="sm" c="dimmed">
                {current === undefined
                  ? 'no rate in force today'
                  : `today 1 ${currency} = ${current} ${data.companyCurrency}`}
              </Text>
            </Group>
            <Table verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={200}>In force from</Table.Th>
                  <Table.Th>1 {currency} is worth</Table.Th>
                  <Table.Th>Set</Table.Th>
                  <Table.Th w={40} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...rates].reverse().map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Group gap={6}>
                        {r.effectiveFrom ? formatDate(r.effectiveFrom) : 'the beginning'}
                        {r === inForce && (
                          <Badge size="xs" variant="light" color="teal">
                            in force
                          </Badge>
                        )}
                        {(r.effectiveFrom ?? '') > day && (
                          <Badge size="xs" variant="light" color="gray">
                            upcoming
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {r.rate} {data.companyCurrency}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {formatRelative(r.updatedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Remove the rate of ${currency} ${r.effectiveFrom ? `from ${r.effectiveFrom}` : 'from the beginning'}`}
                        onClick={() => remove.mutate(r)}
                        loading={remove.isPending && remove.variables?.id === r.id}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        );
      })}
      {remove.error && (
        <Text size="sm" c="red">
          {errorMessage(remove.error)}
        </Text>
      )}
    </Stack>
  );
}

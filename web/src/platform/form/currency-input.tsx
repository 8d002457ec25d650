import { Group, Input, NumberInput, Select } from '@mantine/core';
import { type Money, minorDigits } from '../ui/format';

const currencies = [
  'EUR',
  'USD',
  'GBP',
  'CHF',
  'JPY',
  'CAD',
  'AUD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'INR',
  'CNY',
  'BRL',
];

export function CurrencyInput({
  value,
  onChange,
  label,
  error,
  required,
  size,
  'data-testid': testId,
}: {
  value: Money | null;
  onChange: (v: Money | null) => void;
  label?: string;
  error?: React.ReactNode;
  required?: boolean;
  size?: 'xs' | 'sm';
  'data-testid'?: string;
}) {
  const currency = value?.currency ?? 'EUR';
  const digits = minorDigits(currency);
  const major = value ? value.amount / 10 ** digits : '';
  return (
    <Input.Wrapper label={label} error={error} required={required} size={size}>
      <Group gap={6} wrap="nowrap" data-testid={testId}>
        <NumberInput
          style={{ flex: 1 }}
          size={size}
          value={major}
          decimalScale={digits}
          thousandSeparator=","
          hideControls
          error={!!error}
          onChange={(n) =>
            onChange(n === '' || n === null ? null : { amount: Math.round(Number(n) * 10 ** digits), currency })
          }
          aria-label={label ? `${label} amount` : 'Amount'}
        />
        <Select
          w={90}
          size={size}
          data={currencies.includes(currency) ? currencies : [currency, ...currencies]}
          value={currency}
          allowDeselect={false}
          searchable
          onChange={(c) => {
            if (!c) return;
            const amount = value ? Math.round((value.amount / 10 ** digits) * 10 ** minorDigits(c)) : 0;
            onChange(value ? { amount, currency: c } : { amount: 0, currency: c });
          }}
          aria-label="Currency"
        />
      </Group>
    </Input.Wrapper>
  );
}

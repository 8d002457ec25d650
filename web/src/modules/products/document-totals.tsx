// A priced document's totals as the server computed them (a quote's, an order's): subtotal,
// discounts (with the overall discount named), tax and total, and the average discount if any.
import { Group, Stack, Text } from '@mantine/core';
import { formatMoney, type Money } from '../../platform/ui/format';

export function DocumentTotals({ doc, testId }: { doc: Record<string, unknown>; testId: string }) {
  const m = (k: string) => (doc[k] as Money | null) ?? null;
  const discount = m('discountTotal');
  const rows: Array<[string, string, boolean?]> = [
    ['Subtotal', formatMoney(m('subtotal'))],
    [
      Number(doc.discountPercent ?? 0) ? `Discounts (incl. ${doc.discountPercent} % overall)` : 'Discounts',
      discount?.amount ? `−${formatMoney(discount)}` : formatMoney(discount),
    ],
    ['Tax', formatMoney(m('taxTotal'))],
    ['Total', formatMoney(m('total')), true],
  ];
  return (
    <Stack gap={4} ml="auto" w={{ base: '100%', sm: 300 }} data-testid={testId}>
      {rows.map(([label, value, strong]) => (
        <Group key={label} justify="space-between" wrap="nowrap">
          <Text size={strong ? 'md' : 'sm'} fw={strong ? 700 : 400} c={strong ? undefined : 'dimmed'}>
            {label}
          </Text>
          <Text size={strong ? 'lg' : 'sm'} fw={strong ? 700 : 500}>
            {value}
          </Text>
        </Group>
      ))}
      {Number(doc.averageDiscountPercent ?? 0) > 0 && (
        <Text size="xs" c="dimmed" ta="right">
          Average discount {String(doc.averageDiscountPercent)} %
        </Text>
      )}
    </Stack>
  );
}

// The products on a deal, on its page: its lines (product, quantity, unit price, discount, net and
// total, as the server computes them), adding (a product with options configured first) and
// removing them, the price book they come from, and the rep's choice to let their net make the
// deal's amount.
import { ActionIcon, Button, Group, NumberInput, Paper, Switch, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPackage, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../platform/api';
import type { RecordContext } from '../../platform/extensions';
import { RelationSelect } from '../../platform/form/relation-select';
import { invalidateObject, type RecordRef, recordsApi } from '../../platform/records/records-api';
import { formatMoney, minorDigits } from '../../platform/ui/format';
import { type ConfiguredLine, ConfigureModal, isConfigurable } from './configure-modal';
import classes from './products.module.css';
import { type DealLine, dealLinesQuery, type Money } from './products-api';

const sum = (lines: DealLine[], pick: (l: DealLine) => Money | null): Money | null => {
  const first = lines.map(pick).find((m) => m);
  if (!first) return null;
  return { amount: lines.reduce((a, l) => a + (pick(l)?.amount ?? 0), 0), currency: first.currency };
};

export function DealProducts({ meta, record }: RecordContext) {
  const qc = useQueryClient();
  const lines = useQuery(dealLinesQuery(record.id));
  const [productId, setProductId] = useState<string | null>(null);
  const [product, setProduct] = useState<RecordRef | null>(null);
  const [configuring, setConfiguring] = useState(false);
  const [quantity, setQuantity] = useState<number | string>(1);
  const [busy, setBusy] = useState(false);
  const canEdit = meta.permissions.update && !record.deletedAt;
  const rows = lines.data ?? [];

  const refresh = () => {
    invalidateObject(qc, 'deal-lines');
    invalidateObject(qc, meta.plural, record.id);
  };
  const act = async (what: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await what();
      refresh();
    } catch (e) {
      notifications.show({ color: 'red', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const create = (extra: Record<string, unknown> = {}) =>
    act(async () => {
      await recordsApi.create('deal-lines', {
        dealId: record.id,
        productId,
        quantity: Number(quantity) || 1,
        ...extra,
      });
      setProductId(null);
      setProduct(null);
      setQuantity(1);
    });
  // A product with options is configured first: the line takes its description and price.
  const add = async () => {
    if (productId && (await isConfigurable(qc, productId))) setConfiguring(true);
    else await create();
  };
  const configured = (line: ConfiguredLine) => {
    setConfiguring(false);
    void create({
      description: line.description,
      unitPrice: line.unitPrice,
      priceBookId: line.configuration.priceBookId,
    });
  };
  const amount = record.amount as { currency?: string } | null | undefined;
  const source = {
    priceBookId: (record.priceBookId as string | null | undefined) ?? rows.find((l) => l.priceBookId)?.priceBookId,
    currency: amount?.currency ?? null,
  };
  const patch = (line: DealLine, values: Record<string, unknown>) =>
    act(() => recordsApi.update('deal-lines', line.id, values));

  const net = sum(rows, (l) => l.net);
  const tax = sum(rows, (l) => l.tax);
  const total = sum(rows, (l) => l.total);

  return (
    <Paper withBorder className={classes.panel} data-testid="deal-products">
      <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
        <Group gap={6}>
          <IconPackage size={16} stroke={1.7} />
          <Title order={5}>Products</Title>
        </Group>
        <Switch
          size="xs"
          label="Amount from products"
          checked={record.amountFromLines === true}
          disabled={!canEdit || busy}
          onChange={(e) =>
            act(() => recordsApi.update(meta.plural, record.id, { amountFromLines: e.currentTarget.checked }))
          }
          data-testid="amount-from-lines"
        />
      </Group>
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={4} fz="sm" data-testid="deal-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th miw={180}>Product</Table.Th>
                <Table.Th w={90}>Qty</Table.Th>
                <Table.Th w={120}>Unit price</Table.Th>
                <Table.Th w={80}>Disc. %</Table.Th>
                <Table.Th ta="right">Net</Table.Th>
                <Table.Th ta="right">Total</Table.Th>
                {canEdit && <Table.Th w={32} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((l) => (
                <LineRow
                  key={l.id}
                  line={l}
                  canEdit={canEdit}
                  onPatch={patch}
                  onRemove={() => act(() => recordsApi.remove('deal-lines', l.id))}
                />
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text size="xs" c="dimmed">
                    Tax {formatMoney(tax)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" fw={600} data-testid="deal-lines-net">
                  {formatMoney(net)}
                </Table.Td>
                <Table.Td ta="right" fw={600}>
                  {formatMoney(total)}
                </Table.Td>
                {canEdit && <Table.Td />}
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      )}
      {rows.length === 0 && !lines.isLoading && (
        <Text size="sm" c="dimmed" mb="xs">
          No products on this deal yet.
        </Text>
      )}
      {canEdit && (
        <Group gap="xs" mt="xs" wrap="wrap" align="flex-end">
          <RelationSelect
            plural="products"
            value={productId}
            onChange={(id: string | null, ref: RecordRef | null) => {
              setProductId(id);
              setProduct(ref);
            }}
            params={{ active: 'true' }}
            placeholder="Add a product…"
            size="xs"
            style={{ flex: '1 1 220px' }}
            aria-label="Product"
            data-testid="deal-line-product"
          />
          <NumberInput
            size="xs"
            w={80}
            min={0.0001}
            decimalScale={4}
            value={quantity}
            onChange={setQuantity}
            aria-label="Quantity"
          />
          <Button
            size="xs"
            leftSection={<IconPlus size={14} />}
            disabled={!productId || busy}
            onClick={() => void add()}
          >
            Add
          </Button>
        </Group>
      )}
      {configuring && productId && (
        <ConfigureModal
          product={{ id: productId, title: product?.title ?? 'Product' }}
          source={source}
          addLabel="Add to deal"
          onAdd={configured}
          onClose={() => setConfiguring(false)}
        />
      )}
    </Paper>
  );
}

function LineRow({
  line,
  canEdit,
  onPatch,
  onRemove,
}: {
  line: DealLine;
  canEdit: boolean;
  onPatch: (l: DealLine, values: Record<string, unknown>) => void;
  onRemove: () => void;
}) {
  const currency = line.unitPrice?.currency ?? line.net?.currency ?? 'EUR';
  const digits = minorDigits(currency);
  const product = (line as { product?: RecordRef | null }).product;
  const onNumber = (name: string, current: number | null) => (v: number | string) => {
    const n = typeof v === 'number' ? v : Number(v);
    if (v === '' || Number.isNaN(n) || n === current) return;
    onPatch(line, { [name]: n });
  };
  return (
    <Table.Tr data-testid="deal-line">
      <Table.Td>
        <Text size="sm" lineClamp={2} title={line.description ?? undefined}>
          {line.description || line.name || product?.title || '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        {canEdit ? (
          <NumberInput
            size="xs"
            min={0.0001}
            decimalScale={4}
            defaultValue={line.quantity}
            onBlur={(e) => onNumber('quantity', line.quantity)(e.currentTarget.value)}
            aria-label="Quantity"
            hideControls
          />
        ) : (
          line.quantity
        )}
      </Table.Td>
      <Table.Td>
        {canEdit ? (
          <NumberInput
            size="xs"
            min={0}
            decimalScale={digits}
            defaultValue={line.unitPrice ? line.unitPrice.amount / 10 ** digits : ''}
            onBlur={(e) => {
              const major = Number(e.currentTarget.value.replace(/[^\d.-]/g, ''));
              if (e.currentTarget.value === '' || Number.isNaN(major)) return;
              const amount = Math.round(major * 10 ** digits);
              if (amount !== line.unitPrice?.amount) onPatch(line, { unitPrice: { amount, currency } });
            }}
            aria-label="Unit price"
            hideControls
          />
        ) : (
          formatMoney(line.unitPrice)
        )}
      </Table.Td>
      <Table.Td>
        {canEdit ? (
          <NumberInput
            size="xs"
            min={0}
            max={100}
            decimalScale={2}
            defaultValue={line.discountPercent ?? 0}
            onBlur={(e) => onNumber('discountPercent', line.discountPercent)(e.currentTarget.value)}
            aria-label="Discount percent"
            hideControls
          />
        ) : (
          (line.discountPercent ?? 0)
        )}
      </Table.Td>
      <Table.Td ta="right">{formatMoney(line.net)}</Table.Td>
      <Table.Td ta="right">{formatMoney(line.total)}</Table.Td>
      {canEdit && (
        <Table.Td>
          <ActionIcon variant="subtle" color="gray" size="sm" onClick={onRemove} aria-label="Remove line">
            <IconTrash size={14} />
          </ActionIcon>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

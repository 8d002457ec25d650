// A product's prices, on its page: its entry in each price book (inactive ones marked), adding one
// for a book it is missing from, for those who may change the catalogue; and, for a product with
// options, its price as configured in a book.
import { Badge, Button, Group, NumberInput, Paper, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAdjustments, IconCoin, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../platform/api';
import type { RecordContext } from '../../platform/extensions';
import { RelationSelect } from '../../platform/form/relation-select';
import { useObjects } from '../../platform/meta/objects';
import { invalidateObject, type KRecord, type RecordRef, recordsApi } from '../../platform/records/records-api';
import { formatMoney, minorDigits } from '../../platform/ui/format';
import { ConfigureModal } from './configure-modal';
import classes from './products.module.css';
import { productOptionsQuery, productPricesQuery } from './products-api';

export function ProductPrices({ record }: RecordContext) {
  const qc = useQueryClient();
  const objects = useObjects();
  const entryMeta = objects.data?.find((o) => o.name === 'priceBookEntry');
  const prices = useQuery(productPricesQuery(record.id));
  const [bookId, setBookId] = useState<string | null>(null);
  const [amount, setAmount] = useState<number | string>('');
  const options = useQuery(productOptionsQuery(record.id));
  const [configureIn, setConfigureIn] = useState<string | null>(null);
  const canAdd = !!entryMeta?.permissions.create && !record.deletedAt;
  const rows = prices.data ?? [];

  const add = async () => {
    try {
      if (!bookId) return;
      const book = await api.get<KRecord>(`/price-books/${bookId}`);
      const currency = String(book.currency);
      await recordsApi.create('price-book-entries', {
        priceBookId: bookId,
        productId: record.id,
        unitPrice: { amount: Math.round(Number(amount) * 10 ** minorDigits(currency)), currency },
      });
      setBookId(null);
      setAmount('');
      invalidateObject(qc, 'price-book-entries');
    } catch (e) {
      notifications.show({ color: 'red', message: errorMessage(e) });
    }
  };

  return (
    <Paper withBorder className={classes.panel} data-testid="product-prices">
      <Group justify="space-between" mb="xs" gap="xs">
        <Group gap={6}>
          <IconCoin size={16} stroke={1.7} />
          <Title order={5}>Prices</Title>
        </Group>
        {(options.data?.length ?? 0) > 0 && rows.some((e) => e.active) && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconAdjustments size={14} />}
            onClick={() => setConfigureIn(rows.find((e) => e.active)?.priceBookId ?? null)}
            data-testid="product-configure"
          >
            Configure
          </Button>
        )}
      </Group>
      {rows.length ? (
        <Table verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Price book</Table.Th>
              <Table.Th ta="right">Unit price</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e) => (
              <Table.Tr key={e.id} data-testid="product-price">
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm">{(e as { priceBook?: RecordRef | null }).priceBook?.title ?? '—'}</Text>
                    {!e.active && (
                      <Badge size="xs" color="gray" variant="light">
                        inactive
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td ta="right">{formatMoney(e.unitPrice)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        !prices.isLoading && (
          <Text size="sm" c="dimmed">
            In no price book yet.
          </Text>
        )
      )}
      {canAdd && (
        <Group gap="xs" mt="xs" wrap="wrap">
          <RelationSelect
            plural="price-books"
            value={bookId}
            onChange={(id) => setBookId(id)}
            placeholder="Price book…"
            size="xs"
            style={{ flex: '1 1 180px' }}
            aria-label="Price book"
          />
          <NumberInput
            size="xs"
            w={120}
            min={0}
            decimalScale={2}
            value={amount}
            onChange={setAmount}
            placeholder="Price"
            aria-label="Unit price"
          />
          <Button size="xs" leftSection={<IconPlus size={14} />} disabled={!bookId || amount === ''} onClick={add}>
            Add price
          </Button>
        </Group>
      )}
      {configureIn && (
        <ConfigureModal
          product={{ id: record.id, title: String(record.name ?? 'Product') }}
          source={{ priceBookId: configureIn }}
          chooseBook
          onClose={() => setConfigureIn(null)}
        />
      )}
    </Paper>
  );
}

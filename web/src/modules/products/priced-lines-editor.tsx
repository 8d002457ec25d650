// The lines of a document priced from a price book (a quote, an order), edited in place while it
// is a draft: product (its price and tax follow from the document's price book unless typed;
// a product with options is configured first), description, quantity, unit price, discount and
// tax. Changes are saved together a moment after the last keystroke, by the document's own
// `onSave`, and the figures come back from the server — the one place a document is priced.
import type { QuoteLineInput } from '@kith/common/api/quotes';
import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedCallback, useMediaQuery } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../platform/api';
import { RelationSelect } from '../../platform/form/relation-select';
import type { KRecord, RecordRef } from '../../platform/records/records-api';
import { formatMoney, type Money, minorDigits } from '../../platform/ui/format';
import { type ConfiguredLine, ConfigureModal, isConfigurable, type PriceSource } from './configure-modal';

/** One line as the editor hands it to `onSave`: its values, and its id when it is already saved. */
export type PricedLineEdit = QuoteLineInput & { id: string | null };

interface Draft {
  key: string;
  /** The saved line's id; null for a new one. */
  id: string | null;
  productId: string | null;
  product: RecordRef | null;
  description: string;
  quantity: number | '';
  /** In major units as typed; null: the book's price. */
  price: number | null;
  discountPercent: number | '';
  taxPercent: number | '';
  net: Money | null;
  total: Money | null;
}

let seq = 0;
const fromLine = (l: KRecord): Draft => ({
  key: l.id,
  id: l.id,
  productId: (l.productId as string | null) ?? null,
  product: (l.product as RecordRef | null) ?? null,
  description: (l.description as string | null) ?? '',
  quantity: Number(l.quantity ?? 1),
  price: l.unitPrice ? (l.unitPrice as Money).amount / 10 ** minorDigits((l.unitPrice as Money).currency) : null,
  discountPercent: Number(l.discountPercent ?? 0),
  taxPercent: l.taxPercent === null || l.taxPercent === undefined ? '' : Number(l.taxPercent),
  net: (l.net as Money | null) ?? null,
  total: (l.total as Money | null) ?? null,
});

const blank = (): Draft => ({
  key: `new-${++seq}`,
  id: null,
  productId: null,
  product: null,
  description: '',
  quantity: 1,
  price: null,
  discountPercent: 0,
  taxPercent: '',
  net: null,
  total: null,
});

const toMajor = (m: Money) => m.amount / 10 ** minorDigits(m.currency);

function toInput(d: Draft, currency: string): PricedLineEdit {
  const digits = minorDigits(currency);
  return {
    id: d.id,
    productId: d.productId,
    description: d.description.trim() || null,
    quantity: d.quantity === '' ? 0 : d.quantity,
    unitPrice: d.price === null ? null : { amount: Math.round(d.price * 10 ** digits), currency },
    discountPercent: d.discountPercent === '' ? 0 : d.discountPercent,
    taxPercent: d.taxPercent === '' ? null : d.taxPercent,
  };
}

export function PricedLinesEditor({
  lines,
  currency,
  priceBookId,
  editable,
  onSave,
  testId,
  emptyHint,
}: {
  lines: KRecord[];
  currency: string;
  /** The document's price book: a configured product's price comes from it. */
  priceBookId?: string | null;
  editable: boolean;
  /** Saves the lines as they now are; answers the saved lines. A field's error is keyed `lines.{i}.{field}`. */
  onSave: (lines: PricedLineEdit[]) => Promise<KRecord[]>;
  testId: string;
  /** After "No lines yet" on an editable document: what to add. */
  emptyHint: string;
}) {
  const qc = useQueryClient();
  const [configuring, setConfiguring] = useState<{ key: string; product: RecordRef } | null>(null);
  const [drafts, setDrafts] = useState<Draft[]>(() => lines.map(fromLine));
  const [state, setState] = useState<{ saving: boolean; error: string | null; fields: Record<string, string> }>({
    saving: false,
    error: null,
    fields: {},
  });
  const dirty = useRef(false);
  // The server's lines win whenever nothing is being typed (another tab, a new version).
  useEffect(() => {
    if (!dirty.current) setDrafts(lines.map(fromLine));
  }, [lines]);

  const save = async (next: Draft[]) => {
    setState((s) => ({ ...s, saving: true }));
    try {
      const saved = await onSave(next.map((d) => toInput(d, currency)));
      dirty.current = false;
      setDrafts(saved.map(fromLine));
      setState({ saving: false, error: null, fields: {} });
    } catch (e) {
      const fields =
        e && typeof e === 'object' && 'fieldErrors' in e
          ? (e as { fieldErrors: Record<string, string> }).fieldErrors
          : {};
      setState({ saving: false, error: errorMessage(e), fields });
    }
  };
  const saveSoon = useDebouncedCallback((next: Draft[]) => void save(next), 700);
  const change = (key: string, patch: Partial<Draft>) => {
    dirty.current = true;
    setDrafts((all) => {
      const next = all.map((d) => (d.key === key ? { ...d, ...patch } : d));
      // A line names a product, or says what it is and its price: half-typed lines wait.
      if (next.every((d) => d.productId || (d.description.trim() && d.price !== null))) saveSoon(next);
      return next;
    });
  };
  const remove = (key: string) => {
    dirty.current = true;
    const next = drafts.filter((d) => d.key !== key);
    setDrafts(next);
    void save(next);
  };
  const add = () => {
    dirty.current = true;
    setDrafts((all) => [...all, blank()]);
  };
  const err = (i: number, f: string) => state.fields[`lines.${i}.${f}`];
  // A product with options is configured before it is on the line; any other takes its own price
  // and tax from the book.
  const chooseProduct = async (key: string, id: string | null, ref: RecordRef | null) => {
    if (id && ref && (await isConfigurable(qc, id))) setConfiguring({ key, product: ref });
    else change(key, { productId: id, product: ref, price: null, taxPercent: '', description: '' });
  };
  const configured = (line: ConfiguredLine) => {
    if (!configuring) return;
    change(configuring.key, {
      productId: line.productId,
      product: configuring.product,
      price: toMajor(line.unitPrice),
      taxPercent: '',
      description: line.description,
    });
    setConfiguring(null);
  };
  const source: PriceSource = { priceBookId, currency };
  const columns = editable ? 8 : 7;
  // A phone reads saved lines as stacked rows; editing keeps the table, scrolled in its own box.
  const narrow = useMediaQuery('(max-width: 48em)');
  if (!editable && narrow) return <StackedLines drafts={drafts} currency={currency} testId={testId} />;

  return (
    <div>
      <ScrollArea type="auto" offsetScrollbars>
        <Table
          verticalSpacing={8}
          style={{ verticalAlign: 'top' }}
          horizontalSpacing="xs"
          miw={editable ? 760 : 720}
          data-testid={testId}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th miw={220}>Item</Table.Th>
              <Table.Th w={72} ta="right">
                Qty
              </Table.Th>
              <Table.Th w={104} ta="right">
                Unit price
              </Table.Th>
              <Table.Th w={68} ta="right" style={{ whiteSpace: 'nowrap' }}>
                Disc. %
              </Table.Th>
              <Table.Th w={68} ta="right">
                Tax %
              </Table.Th>
              <Table.Th w={100} ta="right">
                Net
              </Table.Th>
              <Table.Th w={100} ta="right">
                Total
              </Table.Th>
              {editable && <Table.Th w={36} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {drafts.map((d, i) => (
              <Table.Tr key={d.key}>
                <Table.Td>
                  {editable ? (
                    <Stack gap={4}>
                      <RelationSelect
                        plural="products"
                        size="xs"
                        value={d.productId}
                        current={d.product}
                        aria-label={`Line ${i + 1} product`}
                        placeholder="No product"
                        error={err(i, 'productId')}
                        onChange={(id, ref) => void chooseProduct(d.key, id, ref)}
                      />
                      <TextInput
                        size="xs"
                        variant="filled"
                        aria-label={`Line ${i + 1} description`}
                        placeholder={d.product?.title ?? 'What is sold'}
                        value={d.description}
                        error={err(i, 'description')}
                        onChange={(e) => change(d.key, { description: e.currentTarget.value })}
                      />
                    </Stack>
                  ) : (
                    <Stack gap={0}>
                      <Text size="sm">{d.description || d.product?.title}</Text>
                      {d.product?.title && d.description && d.description !== d.product.title && (
                        <Text size="xs" c="dimmed">
                          {d.product.title}
                        </Text>
                      )}
                    </Stack>
                  )}
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    aria-label={`Line ${i + 1} quantity`}
                    readOnly={!editable}
                    variant={editable ? 'default' : 'unstyled'}
                    min={0}
                    decimalScale={4}
                    hideControls
                    styles={{ input: { textAlign: 'right' } }}
                    value={d.quantity}
                    error={err(i, 'quantity')}
                    onChange={(v) => change(d.key, { quantity: v === '' ? '' : Number(v) })}
                  />
                </Table.Td>
                <Table.Td>
                  {editable ? (
                    <NumberInput
                      size="xs"
                      aria-label={`Line ${i + 1} unit price`}
                      readOnly={!editable}
                      variant={editable ? 'default' : 'unstyled'}
                      min={0}
                      decimalScale={minorDigits(currency)}
                      thousandSeparator=","
                      hideControls
                      placeholder="Book price"
                      styles={{ input: { textAlign: 'right' } }}
                      value={d.price ?? ''}
                      error={err(i, 'unitPrice') ?? err(i, 'unitPrice.currency')}
                      onChange={(v) => change(d.key, { price: v === '' ? null : Number(v) })}
                    />
                  ) : (
                    <Text size="sm" ta="right" pt={4} aria-label={`Line ${i + 1} unit price`}>
                      {d.price === null
                        ? '—'
                        : formatMoney({ amount: Math.round(d.price * 10 ** minorDigits(currency)), currency })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    aria-label={`Line ${i + 1} discount`}
                    readOnly={!editable}
                    variant={editable ? 'default' : 'unstyled'}
                    min={0}
                    max={100}
                    decimalScale={2}
                    hideControls
                    styles={{ input: { textAlign: 'right' } }}
                    value={d.discountPercent}
                    error={err(i, 'discountPercent')}
                    onChange={(v) => change(d.key, { discountPercent: v === '' ? '' : Number(v) })}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    aria-label={`Line ${i + 1} tax`}
                    readOnly={!editable}
                    variant={editable ? 'default' : 'unstyled'}
                    min={0}
                    max={100}
                    decimalScale={3}
                    hideControls
                    placeholder="Product's"
                    styles={{ input: { textAlign: 'right' } }}
                    value={d.taxPercent}
                    error={err(i, 'taxPercent')}
                    onChange={(v) => change(d.key, { taxPercent: v === '' ? '' : Number(v) })}
                  />
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm" fw={500} c={dirty.current ? 'dimmed' : undefined}>
                    {d.net ? formatMoney(d.net) : '—'}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm" c={dirty.current ? 'dimmed' : undefined}>
                    {d.total ? formatMoney(d.total) : '—'}
                  </Text>
                </Table.Td>
                {editable && (
                  <Table.Td>
                    <Tooltip label="Remove line">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Remove line ${i + 1}`}
                        onClick={() => remove(d.key)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
            {!drafts.length && (
              <Table.Tr>
                <Table.Td colSpan={columns}>
                  <Text c="dimmed" size="sm" ta="center" py="sm">
                    No lines yet{editable ? `: ${emptyHint}` : ''}.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Group justify="space-between" mt="xs">
        {editable ? (
          <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={add}>
            Add line
          </Button>
        ) : (
          <span />
        )}
        <Text size="xs" c={state.error ? 'red' : 'dimmed'} data-testid="lines-state">
          {state.error ?? (state.saving ? 'Saving…' : dirty.current ? 'Unsaved changes' : '')}
        </Text>
      </Group>
      {configuring && (
        <ConfigureModal
          product={{ id: configuring.product.id, title: configuring.product.title ?? 'Product' }}
          source={source}
          addLabel="Add to line"
          onAdd={configured}
          onClose={() => setConfiguring(null)}
        />
      )}
    </div>
  );
}

const percentText = (n: number | '') => (n === '' ? '' : `${n} %`);

/** Saved lines on a narrow screen: what was sold, "2 × €49.00 · 10 % off · tax 19 %", and net and total. */
function StackedLines({ drafts, currency, testId }: { drafts: Draft[]; currency: string; testId: string }) {
  if (!drafts.length)
    return (
      <Text c="dimmed" size="sm" ta="center" py="sm" data-testid={testId}>
        No lines yet.
      </Text>
    );
  return (
    <Stack gap={0} data-testid={testId}>
      {drafts.map((d, i) => {
        const price =
          d.price === null ? '—' : formatMoney({ amount: Math.round(d.price * 10 ** minorDigits(currency)), currency });
        const facts = [
          `${d.quantity} × ${price}`,
          Number(d.discountPercent) ? `${percentText(d.discountPercent)} off` : null,
          d.taxPercent === '' ? null : `tax ${percentText(d.taxPercent)}`,
        ].filter(Boolean);
        return (
          <Group
            key={d.key}
            justify="space-between"
            align="flex-start"
            wrap="nowrap"
            gap="sm"
            py={8}
            style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
            data-testid="line-row"
          >
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text size="sm" fw={500}>
                {d.description || d.product?.title || `Line ${i + 1}`}
              </Text>
              {d.product?.title && d.description && d.description !== d.product.title && (
                <Text size="xs" c="dimmed">
                  {d.product.title}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {facts.join(' · ')}
              </Text>
            </Stack>
            <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
              <Text size="sm" fw={600}>
                {d.total ? formatMoney(d.total) : '—'}
              </Text>
              <Text size="xs" c="dimmed">
                net {d.net ? formatMoney(d.net) : '—'}
              </Text>
            </Stack>
          </Group>
        );
      })}
    </Stack>
  );
}

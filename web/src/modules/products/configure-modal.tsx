// A configurable product's options, chosen before it becomes a line (of a quote, an order, a
// deal): options shown by group — a required group is one choice (radios), any other group any
// number (checkboxes) — and the price that follows from the server's configure endpoint a moment
// after each change. "Add" hands back the line's description ("Workstation — Premium support,
// Headset") and its configured unit price; the server keeps a writer's values for both.
import type { Configuration } from '@kith/common/api/products';
import {
  Alert,
  Button,
  Checkbox,
  Divider,
  Group,
  Loader,
  Modal,
  Radio,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconAdjustments, IconAlertCircle } from '@tabler/icons-react';
import { keepPreviousData, type QueryClient, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../platform/api';
import { RelationSelect } from '../../platform/form/relation-select';
import { formatMoney, type Money } from '../../platform/ui/format';
import { configureProduct, type ProductOption, productOptionsQuery } from './products-api';

/** Where the price comes from: a price book, or the default book of a currency. */
export interface PriceSource {
  priceBookId?: string | null;
  currency?: string | null;
}

/** What a configured product becomes on a line. */
export interface ConfiguredLine {
  productId: string;
  description: string;
  unitPrice: Money;
  taxPercent: number;
  configuration: Configuration;
}

/** Whether a product has options to choose before it is added (read once, then cached). */
export async function isConfigurable(qc: QueryClient, productId: string): Promise<boolean> {
  try {
    return (await qc.fetchQuery(productOptionsQuery(productId))).length > 0;
  } catch {
    // Options the reader may not see: the product is added as it is.
    return false;
  }
}

interface OptionGroup {
  name: string;
  required: boolean;
  options: ProductOption[];
}

/** Options by group: the required groups first, then the others by name; ungrouped ones last, as "Options". */
function groupsOf(options: ProductOption[]): OptionGroup[] {
  const out = new Map<string, OptionGroup>();
  for (const o of options) {
    const name = o.group?.trim() || '';
    const g = out.get(name) ?? { name, required: false, options: [] };
    g.options.push(o);
    g.required ||= o.required === true;
    out.set(name, g);
  }
  return [...out.values()].sort(
    (a, b) =>
      Number(a.name === '') - Number(b.name === '') ||
      Number(b.required) - Number(a.required) ||
      a.name.localeCompare(b.name),
  );
}

/** "Workstation — Premium support, Headset" */
export const configuredDescription = (productName: string, chosen: string[]) =>
  chosen.length ? `${productName} — ${chosen.join(', ')}` : productName;

export function ConfigureModal({
  product,
  source,
  onAdd,
  onClose,
  addLabel = 'Add',
  chooseBook = false,
}: {
  product: { id: string; title: string };
  source: PriceSource;
  /** Without it the modal only shows the price (the product's own page). */
  onAdd?: (line: ConfiguredLine) => void;
  onClose: () => void;
  addLabel?: string;
  /** Let the reader pick the price book (the product's own page); also offered when `source` names none. */
  chooseBook?: boolean;
}) {
  const phone = useMediaQuery('(max-width: 36em)');
  const options = useQuery(productOptionsQuery(product.id));
  const groups = useMemo(() => groupsOf(options.data ?? []), [options.data]);
  // Starts from the options chosen by default; null until the options are read.
  const [picked, setPicked] = useState<string[] | null>(null);
  const chosen = picked ?? (options.data ?? []).filter((o) => o.isDefault).map((o) => o.id);
  const [debounced] = useDebouncedValue(chosen, 300);
  const [bookId, setBookId] = useState<string | null>(source.priceBookId ?? null);
  const bookPicker = chooseBook || (!source.priceBookId && !source.currency);
  const body = {
    ...(bookId ? { priceBookId: bookId } : { currency: source.currency ?? undefined }),
    optionIds: debounced,
  };
  const price = useQuery({
    queryKey: ['product-configuration', product.id, body],
    queryFn: ({ signal }) => configureProduct(product.id, body, signal),
    enabled: options.isSuccess && !!(bookId || source.currency),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const settled = debounced.join() === chosen.join() && !price.isFetching && !price.isPlaceholderData;
  // In the order the modal shows them: "Workstation — Premium support, Headset".
  const names = groups.flatMap((g) => g.options.filter((o) => chosen.includes(o.id)).map((o) => o.name ?? ''));

  const toggle = (g: OptionGroup, id: string, on: boolean) => {
    const inGroup = new Set(g.options.map((o) => o.id));
    const rest = chosen.filter((c) => (g.required ? !inGroup.has(c) : c !== id));
    setPicked(on ? [...rest, id] : rest);
  };
  const add = () => {
    const c = price.data;
    if (!c || !onAdd) return;
    onAdd({
      productId: product.id,
      description: configuredDescription(product.title, names),
      unitPrice: c.unitPrice,
      taxPercent: c.taxPercent,
      configuration: c,
    });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      fullScreen={phone}
      size="lg"
      title={
        <Group gap="xs" wrap="nowrap">
          <IconAdjustments size={18} stroke={1.7} />
          <Text fw={600} lineClamp={1}>
            Configure {product.title}
          </Text>
        </Group>
      }
    >
      <Stack gap="md" data-testid="configure-modal">
        {options.isLoading && <Skeleton h={160} />}
        {options.isError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />}>
            {errorMessage(options.error)}
          </Alert>
        )}
        {groups.map((g) => (
          <Stack key={g.name || '-'} gap={6} data-testid="configure-group">
            <Group gap={6}>
              <Title order={6}>{g.name || 'Options'}</Title>
              <Text size="xs" c="dimmed">
                {g.required ? 'choose one' : 'optional'}
              </Text>
            </Group>
            {g.required ? (
              <Radio.Group
                value={g.options.find((o) => chosen.includes(o.id))?.id ?? null}
                onChange={(id) => toggle(g, id, true)}
              >
                <Stack gap={6}>
                  {g.options.map((o) => (
                    <Radio key={o.id} value={o.id} label={<OptionLabel option={o} price={price.data} />} />
                  ))}
                </Stack>
              </Radio.Group>
            ) : (
              <Stack gap={6}>
                {g.options.map((o) => (
                  <Checkbox
                    key={o.id}
                    checked={chosen.includes(o.id)}
                    onChange={(e) => toggle(g, o.id, e.currentTarget.checked)}
                    label={<OptionLabel option={o} price={price.data} />}
                  />
                ))}
              </Stack>
            )}
          </Stack>
        ))}
        {options.isSuccess && !groups.length && (
          <Text size="sm" c="dimmed">
            This product has no options.
          </Text>
        )}

        <Divider />
        {bookPicker && (
          <RelationSelect
            plural="price-books"
            label="Price book"
            size="xs"
            value={bookId}
            current={price.data ? { id: price.data.priceBookId, title: price.data.priceBookName } : null}
            placeholder="Choose the price book"
            onChange={(id) => setBookId(id)}
            data-testid="configure-book"
          />
        )}
        {price.isError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="configure-error">
            {errorMessage(price.error)}
          </Alert>
        )}
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="xs">
          <Stack gap={2} style={{ flex: '1 1 200px', minWidth: 0 }}>
            <Text size="xs" c="dimmed">
              {price.data ? `${price.data.priceBookName} · base ${formatMoney(price.data.base)}` : 'Unit price'}
            </Text>
            <Text size="sm" lineClamp={2} data-testid="configure-description">
              {configuredDescription(product.title, names)}
            </Text>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            {!settled && !price.isError && <Loader size="xs" />}
            <Text
              fw={700}
              size="xl"
              c={settled ? undefined : 'dimmed'}
              data-testid="configure-price"
              style={{ whiteSpace: 'nowrap' }}
            >
              {price.data && !price.isError ? formatMoney(price.data.unitPrice) : '—'}
            </Text>
          </Group>
        </Group>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {onAdd ? 'Cancel' : 'Close'}
          </Button>
          {onAdd && (
            <Button onClick={add} disabled={!settled || price.isError || !price.data} data-testid="configure-add">
              {addLabel}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

/** An option's name, and its price once the configuration has it (the chosen ones). */
function OptionLabel({ option, price }: { option: ProductOption; price: Configuration | undefined }) {
  const priced = price?.options.find((o) => o.optionId === option.id);
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm">{option.name ?? 'Option'}</Text>
      {priced && (
        <Text size="xs" c="dimmed">
          +{formatMoney(priced.unitPrice)}
        </Text>
      )}
    </Group>
  );
}

// Settings → Catalogue: where an admin finds what is sold and at what price — products, price
// books, categories and tax rates — each opening its list (the platform's pages, with import and
// export), with how many each holds.
import { Card, Group, Text } from '@mantine/core';
import { IconBook2, IconCategory, IconPackage, IconReceiptTax } from '@tabler/icons-react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../platform/api';
import { objectsQuery } from '../../platform/meta/objects';
import { SettingsPage } from '../../platform/pages/settings-page';
import type { RecordPage } from '../../platform/records/records-api';
import classes from './products.module.css';

const parts = [
  { plural: 'products', icon: IconPackage, text: 'What you sell: SKU, unit, category, tax rate, bundles and options' },
  { plural: 'price-books', icon: IconBook2, text: 'Prices per currency; one default book per currency' },
  { plural: 'product-categories', icon: IconCategory, text: 'Groups for reports and commission plans' },
  { plural: 'tax-rates', icon: IconReceiptTax, text: 'Rates a product’s lines take; one is the default' },
];

export function CataloguePage() {
  const objects = useQuery(objectsQuery);
  const counts = useQueries({
    queries: parts.map((p) => ({
      queryKey: ['catalogue', 'count', p.plural],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<RecordPage>(`/${p.plural}`, { limit: 200 }, signal),
      staleTime: 30_000,
    })),
  });
  return (
    <SettingsPage title="Catalogue" subtitle="Products, price books, categories and tax rates" query={objects}>
      {(all) => (
        <div className={classes.cards} data-testid="catalogue">
          {parts.map((p, i) => {
            const meta = all.find((o) => o.plural === p.plural);
            if (!meta) return null;
            const page = counts[i].data;
            const n = page ? `${page.data.length}${page.nextCursor ? '+' : ''}` : '…';
            return (
              <Card key={p.plural} withBorder component={Link} to={`/${p.plural}`} padding="md">
                <Group gap="xs" mb={4}>
                  <p.icon size={18} stroke={1.7} />
                  <Text fw={600}>{meta.labelPlural}</Text>
                  <Text c="dimmed" size="sm">
                    {n}
                  </Text>
                </Group>
                <Text size="sm" c="dimmed">
                  {p.text}
                </Text>
              </Card>
            );
          })}
        </div>
      )}
    </SettingsPage>
  );
}

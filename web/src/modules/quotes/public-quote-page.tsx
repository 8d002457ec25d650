// The customer's page for a quote's signed link (/q/:token): no sign-in and none of the app's
// chrome — the seller, the quote's lines and totals, its terms, the PDF, and Accept (with the
// customer's typed name) or Decline. A wrong, expired or replaced link says so plainly.
import type { PublicQuote } from '@kith/common/api/quotes';
import {
  Alert,
  Box,
  Button,
  Center,
  Container,
  Divider,
  Group,
  Image,
  Loader,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconDownload, IconFileInvoice } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, errorMessage } from '../../platform/api';
import { formatMoney } from '../../platform/ui/format';
import { publicLogoUrl, publicPdfUrl, publicQuoteQuery, quotesApi } from './quotes-api';

const pct = (n: number) => `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 }).format(n)} %`;
const qty = (n: number) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 4 }).format(n);
const day = (d: string | null) =>
  d ? new Date(`${d.slice(0, 10)}T12:00:00Z`).toLocaleDateString(undefined, { dateStyle: 'long' }) : null;

function Problem({ error }: { error: unknown }) {
  const status = error instanceof ApiError ? error.status : 0;
  const title =
    status === 404
      ? 'This link does not work'
      : status === 410
        ? 'This quote is no longer open'
        : 'Something went wrong';
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder radius="lg" p="xl" maw={460} ta="center">
        <Stack align="center" gap="xs">
          <IconFileInvoice size={40} stroke={1.4} color="var(--mantine-color-gray-6)" />
          <Title order={3}>{title}</Title>
          <Text c="dimmed" size="sm">
            {status === 404
              ? 'Check that the address is complete, as it was in the email, or ask the sender for a new link.'
              : errorMessage(error)}
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}

function Lines({ q }: { q: PublicQuote }) {
  return (
    <>
      <Box visibleFrom="sm">
        <Table verticalSpacing="sm" data-testid="public-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Description</Table.Th>
              <Table.Th ta="right">Qty</Table.Th>
              <Table.Th ta="right">Unit price</Table.Th>
              <Table.Th ta="right">Discount</Table.Th>
              <Table.Th ta="right">Tax</Table.Th>
              <Table.Th ta="right">Net</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.lines.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the lines have no ids here, and never reorder
              <Table.Tr key={i}>
                <Table.Td>{l.description}</Table.Td>
                <Table.Td ta="right">{qty(l.quantity)}</Table.Td>
                <Table.Td ta="right">{formatMoney(l.unitPrice)}</Table.Td>
                <Table.Td ta="right">{l.discountPercent ? pct(l.discountPercent) : '—'}</Table.Td>
                <Table.Td ta="right">{pct(l.taxPercent)}</Table.Td>
                <Table.Td ta="right" fw={500}>
                  {formatMoney(l.net)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>
      <Stack hiddenFrom="sm" gap="xs">
        {q.lines.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <Paper key={i} withBorder radius="md" p="sm">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Text size="sm" fw={500}>
                {l.description}
              </Text>
              <Text size="sm" fw={600}>
                {formatMoney(l.net)}
              </Text>
            </Group>
            <Text size="xs" c="dimmed">
              {qty(l.quantity)} × {formatMoney(l.unitPrice)}
              {l.discountPercent ? ` · −${pct(l.discountPercent)}` : ''} · tax {pct(l.taxPercent)}
            </Text>
          </Paper>
        ))}
      </Stack>
    </>
  );
}

export function PublicQuotePage() {
  const { token = '' } = useParams();
  const qc = useQueryClient();
  const quote = useQuery(publicQuoteQuery(token));
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (quote.isLoading)
    return (
      <Center mih="100vh">
        <Loader />
      </Center>
    );
  if (quote.error || !quote.data) return <Problem error={quote.error} />;
  const q = quote.data;

  const answer = async (fn: () => Promise<PublicQuote>) => {
    setBusy(true);
    setError(null);
    try {
      qc.setQueryData(publicQuoteQuery(token).queryKey, await fn());
      setDeclining(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const accept = (e: FormEvent) => {
    e.preventDefault();
    void answer(() => quotesApi.accept(token, { name, ...(note.trim() ? { note } : {}) }));
  };

  const totals: Array<[string, string, boolean?]> = [
    ['Subtotal', formatMoney(q.subtotal)],
    ...(q.discountTotal.amount
      ? ([
          [
            q.discountPercent ? `Discounts (incl. ${pct(q.discountPercent)} overall)` : 'Discounts',
            `−${formatMoney(q.discountTotal)}`,
          ],
        ] as Array<[string, string]>)
      : []),
    ['Tax', formatMoney(q.taxTotal)],
    ['Total', formatMoney(q.total), true],
  ];

  return (
    <Box bg="gray.0" mih="100vh" py={{ base: 'md', sm: 48 }}>
      <Container size={880} px={{ base: 'sm', sm: 'md' }}>
        <Stack gap="md">
          <Group justify="space-between" align="center">
            <Group gap="sm">
              {q.seller.hasLogo && <Image src={publicLogoUrl(token)} alt="" h={40} w="auto" fit="contain" />}
              <Text fw={700} size="lg">
                {q.seller.name}
              </Text>
            </Group>
            <Button
              component="a"
              href={publicPdfUrl(token)}
              variant="default"
              size="xs"
              leftSection={<IconDownload size={14} />}
            >
              Download PDF
            </Button>
          </Group>

          <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} shadow="xs">
            <Stack gap="lg">
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
                <div>
                  <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.6}>
                    Quote {q.number}
                    {q.version > 1 ? ` · version ${q.version}` : ''}
                  </Text>
                  <Title order={2} mt={4}>
                    {q.name}
                  </Title>
                </div>
                <Stack gap={2} align="flex-end">
                  <Text size="xs" c="dimmed">
                    Total
                  </Text>
                  <Text fw={800} fz={28} lh={1.1} data-testid="public-total">
                    {formatMoney(q.total)}
                  </Text>
                  {q.validUntil && (
                    <Text size="xs" c="dimmed">
                      Valid until {day(q.validUntil)}
                    </Text>
                  )}
                </Stack>
              </Group>

              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <div>
                  <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.6}>
                    Prepared for
                  </Text>
                  <Text fw={600}>{q.customer.company ?? q.customer.contact ?? '—'}</Text>
                  {q.customer.company && q.customer.contact && <Text size="sm">{q.customer.contact}</Text>}
                </div>
                <div>
                  <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.6}>
                    From
                  </Text>
                  <Text fw={600}>{q.seller.name}</Text>
                  {[q.seller.address, q.seller.email, q.seller.phone].filter(Boolean).map((s) => (
                    <Text key={s} size="sm" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
                      {s}
                    </Text>
                  ))}
                </div>
              </SimpleGrid>

              <Lines q={q} />

              <Stack gap={6} ml="auto" w={{ base: '100%', sm: 320 }} data-testid="public-totals">
                {totals.map(([label, value, strong]) => (
                  <Group key={label} justify="space-between" wrap="nowrap">
                    <Text size={strong ? 'md' : 'sm'} fw={strong ? 700 : 400} c={strong ? undefined : 'dimmed'}>
                      {label}
                    </Text>
                    <Text size={strong ? 'lg' : 'sm'} fw={strong ? 800 : 500}>
                      {value}
                    </Text>
                  </Group>
                ))}
              </Stack>

              {q.terms && (
                <>
                  <Divider />
                  <div>
                    <Text fw={600} size="sm" mb={4}>
                      Terms
                    </Text>
                    <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
                      {q.terms}
                    </Text>
                  </div>
                </>
              )}
            </Stack>
          </Paper>

          {q.status === 'accepted' && (
            <Alert color="green" radius="lg" icon={<IconCircleCheck />} title="Accepted" data-testid="public-accepted">
              Accepted by {q.acceptedBy}
              {q.decidedAt ? ` on ${new Date(q.decidedAt).toLocaleDateString(undefined, { dateStyle: 'long' })}` : ''}.{' '}
              {q.seller.name} has been told. Thank you!
            </Alert>
          )}
          {q.status === 'declined' && (
            <Alert color="gray" radius="lg" icon={<IconCircleX />} title="Declined">
              You declined this quote. {q.seller.name} has been told.
            </Alert>
          )}
          {q.open && (
            <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} shadow="xs">
              <form onSubmit={accept}>
                <Stack gap="sm">
                  <Title order={4}>Accept this quote</Title>
                  <Text size="sm" c="dimmed">
                    Type your full name to accept quote {q.number} for {formatMoney(q.total)} on behalf of{' '}
                    {q.customer.company ?? 'your organisation'}.
                  </Text>
                  <TextInput
                    label="Your full name"
                    placeholder="Jane Doe"
                    required
                    value={name}
                    onChange={(e) => setName(e.currentTarget.value)}
                    data-testid="accept-name"
                  />
                  <Textarea
                    label="Note (optional)"
                    placeholder="A purchase order number, a delivery wish…"
                    autosize
                    minRows={2}
                    value={note}
                    onChange={(e) => setNote(e.currentTarget.value)}
                  />
                  {error && (
                    <Alert color="red" variant="light">
                      {error}
                    </Alert>
                  )}
                  <Group justify="space-between" wrap="wrap">
                    <Button variant="subtle" color="gray" onClick={() => setDeclining(true)} disabled={busy}>
                      Decline
                    </Button>
                    <Button
                      type="submit"
                      size="md"
                      color="green"
                      loading={busy}
                      disabled={name.trim().length < 2}
                      leftSection={<IconCircleCheck size={18} />}
                    >
                      Accept quote
                    </Button>
                  </Group>
                </Stack>
              </form>
            </Paper>
          )}
          <Text size="xs" c="dimmed" ta="center">
            Sent with Kith · this page is private to you: do not share its address
          </Text>
        </Stack>
      </Container>
      <Modal opened={declining} onClose={() => setDeclining(false)} title="Decline this quote">
        <Stack gap="sm">
          <Textarea
            label="Why? (optional)"
            placeholder="Helps us make a better offer"
            autosize
            minRows={3}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeclining(false)}>
              Back
            </Button>
            <Button
              color="red"
              loading={busy}
              onClick={() => void answer(() => quotesApi.decline(token, reason.trim() ? { reason } : {}))}
            >
              Decline quote
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Box>
  );
}

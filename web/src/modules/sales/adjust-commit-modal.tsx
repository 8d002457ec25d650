// A manager adjusts a rep's commit for the period, saying why: a forecastAdjustment record (one
// per rep, period and category, so a second adjustment changes the first; its history is the audit).
import type { ForecastGroup, ForecastResult } from '@kith/common/api/forecasts';
import { Button, Group, Modal, NumberInput, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../platform/api';
import { recordKeys } from '../../platform/records/records-api';
import { minorDigits } from '../../platform/ui/format';
import { money } from './money';
import { saveCommitAdjustment } from './sales-api';

export function AdjustCommitModal({
  forecast: f,
  rep,
  onClose,
}: {
  forecast: ForecastResult;
  rep: ForecastGroup | null;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const digits = minorDigits(f.currency);
  const existing = rep?.adjustments?.commit ?? null;
  const [amount, setAmount] = useState<number | string>('');
  const [note, setNote] = useState('');
  useEffect(() => {
    if (!rep) return;
    setAmount((rep.adjustments?.commit?.amount ?? rep.commit) / 10 ** digits);
    setNote(rep.adjustments?.commit?.note ?? '');
  }, [rep, digits]);

  const save = useMutation({
    mutationFn: () =>
      saveCommitAdjustment({
        existingId: existing?.id ?? null,
        userId: rep?.key as string,
        periodKind: f.kind,
        periodStart: f.startDate,
        amount: { amount: Math.round(Number(amount) * 10 ** digits), currency: f.currency },
        note: note.trim(),
      }),
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: recordKeys.all('deals') }),
        qc.invalidateQueries({ queryKey: recordKeys.all('forecast-adjustments') }),
      ]);
      onClose();
    },
  });
  const fieldError = (name: string) =>
    save.error instanceof ApiError
      ? (save.error.details?.fields as Record<string, string> | undefined)?.[name]
      : undefined;

  return (
    <Modal opened={!!rep} onClose={onClose} title={rep ? `Adjust ${rep.title ?? 'the rep'}'s commit` : ''} centered>
      {rep && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {f.period}: the deals in the commit category add up to {money(rep.commit, f.currency)}. The adjusted
              figure replaces it in the forecast; the rep sees it with your note.
            </Text>
            <NumberInput
              label={`Adjusted commit (${f.currency})`}
              value={amount}
              onChange={setAmount}
              min={0}
              decimalScale={digits}
              thousandSeparator
              required
              data-autofocus
              error={fieldError('amount') ?? fieldError('amount.amount')}
            />
            <Textarea
              label="Why"
              placeholder="e.g. The renewal with Acme is verbally agreed; paperwork next week"
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={2000}
              required
              error={fieldError('note')}
            />
            {save.error && !fieldError('note') && !fieldError('amount') && (
              <Text size="sm" c="red">
                {errorMessage(save.error)}
              </Text>
            )}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!note.trim() || amount === ''}>
                Save adjustment
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

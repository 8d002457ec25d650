// Sending a quote: to whom (the quote's contact unless changed), the subject and a message. The
// server attaches the PDF and the customer's signed link, and keeps the email on the timelines.
import { Button, Group, Modal, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../../platform/api';
import { quotesApi } from './quotes-api';

export function SendQuoteModal({
  quoteId,
  quote,
  onClose,
  onSent,
}: {
  quoteId: string;
  quote: Record<string, unknown>;
  onClose: () => void;
  onSent: () => void;
}) {
  const [to, setTo] = useState<string[]>([]);
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const contact = (quote.contact as { title?: string } | null)?.title;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const r = await quotesApi.send(quoteId, {
        ...(to.length ? { to } : {}),
        ...(subject.trim() ? { subject: subject.trim() } : {}),
        ...(message.trim() ? { message: message.trim() } : {}),
      });
      notifications.show({
        color: 'green',
        title: 'Quote sent',
        message: `Emailed with its PDF; the customer's link works until ${new Date(r.expiresAt).toLocaleDateString()}.`,
      });
      onSent();
    } catch (err) {
      setErrors(err instanceof ApiError ? err.fieldErrors : {});
      notifications.show({ color: 'red', title: 'Not sent', message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={`Send ${String(quote.number ?? 'quote')}`} size="lg">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TagsInput
            label="To"
            description={contact ? `Empty: ${contact}, the quote's contact` : "Empty: the quote's contact"}
            placeholder="name@example.com, press Enter"
            value={to}
            onChange={setTo}
            error={errors.to ?? Object.entries(errors).find(([k]) => k.startsWith('to.'))?.[1]}
            data-testid="send-to"
          />
          <TextInput
            label="Subject"
            placeholder={`Quote ${String(quote.number ?? '')}: ${String(quote.name ?? '')}`}
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
          />
          <Textarea
            label="Message"
            placeholder="Please find our quote attached."
            autosize
            minRows={4}
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
          />
          <Text size="xs" c="dimmed">
            The PDF is attached and the email carries a link where the customer accepts or declines the quote without an
            account.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Send quote
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

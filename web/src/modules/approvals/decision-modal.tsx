// Approve (a comment if one likes), reject (a comment required: the requester reads why) or
// withdraw a request, in a small modal.
import type { ApprovalRequest } from '@kith/common/api/approvals';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../platform/api';
import { afterDecision, approvalsApi, type Decision } from './approvals-api';

const words: Record<Decision, { title: string; button: string; color: string; done: string }> = {
  approve: { title: 'Approve', button: 'Approve', color: 'teal', done: 'Approved' },
  reject: { title: 'Reject', button: 'Reject', color: 'red', done: 'Rejected' },
  cancel: { title: 'Withdraw the request', button: 'Withdraw', color: 'gray', done: 'Request withdrawn' },
};

export function DecisionModal({
  request,
  decision,
  plural,
  onClose,
}: {
  request: ApprovalRequest;
  decision: Decision | null;
  plural?: string;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const w = decision ? words[decision] : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!decision) return;
    if (decision === 'reject' && !comment.trim()) {
      setError('Say why: the requester reads it');
      return;
    }
    setBusy(true);
    try {
      const done = await approvalsApi.decide(request.id, decision, comment);
      afterDecision(qc, done, plural);
      notifications.show({ color: w?.color, message: `${w?.done}: ${request.recordTitle ?? request.object}` });
      setComment('');
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened={!!decision}
      onClose={onClose}
      title={w ? `${w.title}: ${request.recordTitle ?? request.object}` : ''}
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {request.reason}
          </Text>
          <Textarea
            label={decision === 'reject' ? 'Why (required)' : 'Comment'}
            placeholder={decision === 'reject' ? 'What would make it acceptable' : 'Optional'}
            autosize
            minRows={3}
            maxLength={5000}
            value={comment}
            onChange={(e) => {
              setComment(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            data-autofocus
            data-testid="approval-comment"
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color={w?.color} loading={busy} data-testid="approval-confirm">
              {w?.button}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

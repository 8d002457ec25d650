// One upload in flight: its name, size and a progress bar; or, if it failed, why, to dismiss.
import { ActionIcon, Group, Progress, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconFileUpload, IconX } from '@tabler/icons-react';
import classes from './files.module.css';
import { formatBytes } from './files-api';
import type { UploadState } from './use-uploads';

export function UploadProgress({ upload, onCancel }: { upload: UploadState; onCancel: () => void }) {
  const failed = upload.error !== undefined;
  const pct = Math.round(upload.progress * 100);
  return (
    <div className={classes.row} data-testid="file-upload">
      <ThemeIcon size={36} radius="md" variant="light" color={failed ? 'red' : 'kith'}>
        {failed ? <IconAlertTriangle size={18} /> : <IconFileUpload size={18} />}
      </ThemeIcon>
      <div className={classes.main}>
        <Group gap={8} wrap="nowrap" justify="space-between">
          <Text size="sm" fw={500} truncate>
            {upload.name}
          </Text>
          <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
            {failed ? 'Not uploaded' : pct >= 100 ? 'Checking…' : `${pct}% of ${formatBytes(upload.size)}`}
          </Text>
        </Group>
        {failed ? (
          <Text size="xs" c="red" mt={2} data-testid="file-upload-error">
            {upload.error}
          </Text>
        ) : (
          <Progress
            value={pct}
            size="sm"
            mt={6}
            radius="xl"
            animated={pct >= 100}
            aria-label={`Uploading ${upload.name}`}
          />
        )}
      </div>
      <ActionIcon
        variant="subtle"
        color="gray"
        onClick={onCancel}
        aria-label={failed ? 'Dismiss' : 'Cancel upload'}
        style={{ flex: 'none' }}
      >
        <IconX size={16} />
      </ActionIcon>
    </div>
  );
}

// A file's versions, newest first: each to preview or download, and a new one to upload.
import { ActionIcon, Badge, Button, Group, Modal, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconDownload, IconEye, IconUpload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { errorMessage } from '../../platform/api';
import { formatDateTime, formatRelative } from '../../platform/ui/format';
import type { PreviewTarget } from './file-preview';
import classes from './files.module.css';
import { contentUrl, fileQuery, formatBytes } from './files-api';
import { UploadProgress } from './upload-progress';
import type { UploadState } from './use-uploads';

export function FileVersions({
  fileId,
  canWrite,
  uploads,
  onUpload,
  onCancelUpload,
  onPreview,
  onClose,
}: {
  fileId: string | null;
  canWrite: boolean;
  uploads: UploadState[];
  onUpload: (file: File) => void;
  onCancelUpload: (key: number) => void;
  onPreview: (t: PreviewTarget) => void;
  onClose: () => void;
}) {
  const phone = useMediaQuery('(max-width: 48em)');
  const q = useQuery({ ...fileQuery(fileId ?? ''), enabled: fileId !== null });
  const input = useRef<HTMLInputElement>(null);
  const file = q.data;
  return (
    <Modal
      opened={fileId !== null}
      onClose={onClose}
      size="lg"
      fullScreen={phone}
      title={
        <Text fw={600} truncate maw={phone ? 260 : 480}>
          Versions of {file?.name ?? 'the file'}
        </Text>
      }
    >
      {canWrite && (
        <>
          <input
            ref={input}
            type="file"
            hidden
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) onUpload(f);
              e.currentTarget.value = '';
            }}
            data-testid="file-version-input"
          />
          <Button
            size="xs"
            variant="light"
            leftSection={<IconUpload size={14} />}
            onClick={() => input.current?.click()}
            mb="sm"
          >
            Upload a new version
          </Button>
          {uploads.map((u) => (
            <UploadProgress key={u.key} upload={u} onCancel={() => onCancelUpload(u.key)} />
          ))}
        </>
      )}
      {q.isPending ? (
        <Stack gap={8}>
          <Skeleton h={14} w="70%" />
          <Skeleton h={14} w="50%" />
        </Stack>
      ) : q.isError ? (
        <Text size="sm" c="dimmed">
          Could not load the versions: {errorMessage(q.error)}
        </Text>
      ) : (
        <div>
          {q.data.versions.map((v, i) => {
            const preview = v.preview;
            return (
              <div key={v.version} className={classes.row} data-testid="file-version">
                <Badge
                  variant={i === 0 ? 'filled' : 'light'}
                  color={i === 0 ? 'kith' : 'gray'}
                  radius="sm"
                  w={42}
                  tt="none"
                >
                  v{v.version}
                </Badge>
                <div className={classes.main}>
                  <Text size="sm" fw={500} truncate>
                    {v.name}
                  </Text>
                  <Text size="xs" c="dimmed" truncate title={formatDateTime(v.createdAt)}>
                    {formatBytes(v.size)} · {v.uploadedBy?.title ?? 'Former user'} · {formatRelative(v.createdAt)}
                    {i === 0 ? ' · current' : ''}
                  </Text>
                </div>
                <Group gap={2} wrap="nowrap" style={{ flex: 'none' }}>
                  {preview && (
                    <Tooltip label="Preview">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Preview version ${v.version}`}
                        onClick={() => onPreview({ id: q.data.id, name: v.name, preview, version: v.version })}
                      >
                        <IconEye size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                  <Tooltip label="Download">
                    <ActionIcon
                      component="a"
                      href={contentUrl(q.data.id, { version: v.version })}
                      download
                      variant="subtle"
                      color="gray"
                      aria-label={`Download version ${v.version}`}
                    >
                      <IconDownload size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </div>
            );
          })}
        </div>
      )}
    </Modal>
  );
}

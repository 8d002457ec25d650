// "Files" on every record's page: a drop zone (or the Upload button), uploads in progress, and
// the record's files with previews, versions and delete. Changing them needs the right to update
// the record; the server checks it again.
import '@mantine/dropzone/styles.css';
import { Badge, Button, Center, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useMediaQuery } from '@mantine/hooks';
import { IconCloudUpload, IconPaperclip, IconUpload } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { errorMessage } from '../../platform/api';
import { useCurrentSession } from '../../platform/auth/session';
import type { RecordContext } from '../../platform/extensions';
import { FilePreview, type PreviewTarget } from './file-preview';
import { FileRow } from './file-row';
import { FileVersions } from './file-versions';
import classes from './files.module.css';
import { recordFilesQuery, uploadFile, uploadVersion } from './files-api';
import { UploadProgress } from './upload-progress';
import { useUploads } from './use-uploads';

export function FilesPanel({ meta, record }: RecordContext) {
  const { csrfToken } = useCurrentSession();
  const list = useInfiniteQuery(recordFilesQuery(meta.name, record.id));
  const files = list.data?.pages.flatMap((p) => p.data) ?? [];
  const canWrite = meta.permissions.update && !record.deletedAt;
  const { uploads, add, cancel } = useUploads();
  const [preview, setPreview] = useState<PreviewTarget | null>(null);
  const [versionsOf, setVersionsOf] = useState<string | null>(null);
  const openPicker = useRef<() => void>(null);
  const touch = useMediaQuery('(hover: none)');

  const attach = (picked: File[]) =>
    add(picked, (file, onProgress) =>
      uploadFile({ object: meta.name, recordId: record.id }, file, csrfToken, onProgress),
    );
  const addVersion = (fileId: string, file: File) =>
    add([file], (f, onProgress) => uploadVersion(fileId, f, csrfToken, onProgress), fileId);

  const empty = list.isSuccess && files.length === 0 && uploads.length === 0;
  const count = list.isSuccess ? `${files.length}${list.hasNextPage ? '+' : ''}` : null;

  return (
    <Paper withBorder className={classes.panel} data-testid="files-panel">
      <Group justify="space-between" px="md" py={10} wrap="nowrap">
        <Group gap={8} wrap="nowrap">
          <IconPaperclip size={16} stroke={1.8} />
          <Text className={classes.title}>Files</Text>
          {count && files.length > 0 && (
            <Badge size="sm" variant="light" color="gray" radius="sm">
              {count}
            </Badge>
          )}
        </Group>
        {canWrite && (
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconUpload size={14} />}
            onClick={() => openPicker.current?.()}
            data-testid="files-upload"
          >
            Upload
          </Button>
        )}
      </Group>

      {canWrite && (
        <Dropzone
          onDrop={attach}
          openRef={openPicker}
          multiple
          activateOnClick
          className={empty ? classes.dropzoneLarge : classes.dropzone}
          radius="md"
          data-testid="files-dropzone"
          inputProps={{ 'aria-label': 'Attach files' } as React.InputHTMLAttributes<HTMLInputElement>}
        >
          <Group justify="center" gap="sm" wrap="nowrap" style={{ pointerEvents: 'none' }}>
            <Dropzone.Accept>
              <IconCloudUpload size={empty ? 30 : 20} stroke={1.5} color="var(--mantine-color-kith-6)" />
            </Dropzone.Accept>
            <Dropzone.Idle>
              <IconCloudUpload size={empty ? 30 : 20} stroke={1.5} color="var(--mantine-color-dimmed)" />
            </Dropzone.Idle>
            <div>
              <Text size="sm" ta={empty ? 'left' : undefined}>
                <Dropzone.Accept>Drop to attach to {record.title || 'this record'}</Dropzone.Accept>
                <Dropzone.Idle>
                  {touch ? (
                    <Text span c="kith" fw={500}>
                      Tap to attach files
                    </Text>
                  ) : (
                    <>
                      {empty ? 'Drop files here' : 'Drop files to attach'}, or{' '}
                      <Text span c="kith" fw={500}>
                        browse
                      </Text>
                    </>
                  )}
                </Dropzone.Idle>
              </Text>
              {empty && (
                <Text size="xs" c="dimmed" mt={2}>
                  Documents, images, PDFs — anyone who can see this {meta.label.toLowerCase()} can open them.
                </Text>
              )}
            </div>
          </Group>
        </Dropzone>
      )}

      {uploads.length > 0 && (
        <div className={classes.list}>
          {uploads.map((u) => (
            <UploadProgress key={u.key} upload={u} onCancel={() => cancel(u.key)} />
          ))}
        </div>
      )}

      {list.isPending ? (
        <Stack gap={10} px="md" pb="md" pt={4}>
          <Skeleton h={14} w="60%" />
          <Skeleton h={14} w="45%" />
        </Stack>
      ) : list.isError ? (
        <Text size="sm" c="dimmed" px="md" pb="sm">
          Could not load the files: {errorMessage(list.error)}
        </Text>
      ) : files.length === 0 ? (
        !canWrite && (
          <Text size="sm" c="dimmed" px="md" pb="sm">
            No files yet.
          </Text>
        )
      ) : (
        <div className={classes.list} data-testid="files-list">
          {files.map((f) => (
            <FileRow
              key={f.id}
              file={f}
              canWrite={canWrite}
              onPreview={() => setPreview({ id: f.id, name: f.name, preview: f.preview })}
              onVersions={() => setVersionsOf(f.id)}
              onNewVersion={(file) => addVersion(f.id, file)}
            />
          ))}
          {list.hasNextPage && (
            <Center py="xs">
              <Button
                variant="subtle"
                size="xs"
                onClick={() => void list.fetchNextPage()}
                loading={list.isFetchingNextPage}
              >
                Show more files
              </Button>
            </Center>
          )}
        </div>
      )}

      <FilePreview target={preview} onClose={() => setPreview(null)} />
      <FileVersions
        fileId={versionsOf}
        canWrite={canWrite}
        uploads={uploads.filter((u) => u.fileId !== undefined && u.fileId === versionsOf)}
        onUpload={(file) => versionsOf && addVersion(versionsOf, file)}
        onCancelUpload={cancel}
        onPreview={setPreview}
        onClose={() => setVersionsOf(null)}
      />
    </Paper>
  );
}

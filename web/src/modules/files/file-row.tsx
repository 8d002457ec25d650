// One file of a record: a thumbnail or type icon, its name (a preview or a download), size, type,
// who uploaded it and when, and its actions: preview, download, versions, a new version, delete.
import type { FileItem } from '@kith/common/api/files';
import { ActionIcon, Badge, Button, Group, Menu, Modal, Text, ThemeIcon, Tooltip, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconDownload, IconEye, IconHistory, IconTrash, IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { errorMessage } from '../../platform/api';
import { formatDateTime, formatRelative } from '../../platform/ui/format';
import { fileKind } from './file-kind';
import classes from './files.module.css';
import { contentUrl, deleteFile, filesKeys, formatBytes } from './files-api';

export function FileRow({
  file,
  canWrite,
  onPreview,
  onVersions,
  onNewVersion,
}: {
  file: FileItem;
  canWrite: boolean;
  onPreview: () => void;
  onVersions: () => void;
  onNewVersion: (f: File) => void;
}) {
  const qc = useQueryClient();
  const kind = fileKind(file.contentType, file.name);
  const input = useRef<HTMLInputElement>(null);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const download = contentUrl(file.id);

  const remove = async () => {
    setBusy(true);
    try {
      await deleteFile(file.id);
      setConfirm(false);
      void qc.invalidateQueries({ queryKey: filesKeys.all });
      notifications.show({ color: 'teal', message: `“${file.name}” removed` });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not delete the file', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const thumb =
    file.preview === 'image' ? (
      <img
        src={contentUrl(file.id, { inline: true })}
        alt=""
        loading="lazy"
        className={classes.thumb}
        data-testid="file-thumb"
      />
    ) : (
      <ThemeIcon size={40} radius="md" variant="light" color={kind.color}>
        <kind.icon size={20} stroke={1.6} />
      </ThemeIcon>
    );

  return (
    <div className={classes.row} data-testid="file-row">
      {file.preview ? (
        <UnstyledButton onClick={onPreview} aria-label={`Preview ${file.name}`} className={classes.thumbButton}>
          {thumb}
        </UnstyledButton>
      ) : (
        thumb
      )}
      <div className={classes.main}>
        <Group gap={6} wrap="nowrap">
          {file.preview ? (
            <UnstyledButton onClick={onPreview} className={classes.name} data-testid="file-name">
              {file.name}
            </UnstyledButton>
          ) : (
            <a href={download} download className={classes.name} data-testid="file-name">
              {file.name}
            </a>
          )}
          {file.version > 1 && (
            <Tooltip label="Versions">
              <Badge
                component="button"
                type="button"
                size="xs"
                variant="light"
                color="gray"
                radius="sm"
                tt="none"
                onClick={onVersions}
                className={classes.versionBadge}
              >
                v{file.version}
              </Badge>
            </Tooltip>
          )}
        </Group>
        <Text size="xs" c="dimmed" truncate title={formatDateTime(file.updatedAt)}>
          {formatBytes(file.size)} · {kind.label} · {file.uploadedBy?.title ?? 'Former user'} ·{' '}
          {formatRelative(file.updatedAt)}
        </Text>
      </div>
      <Group gap={2} wrap="nowrap" className={classes.actions}>
        {file.preview && (
          <Tooltip label="Preview">
            <ActionIcon variant="subtle" color="gray" onClick={onPreview} aria-label="Preview" visibleFrom="xs">
              <IconEye size={16} />
            </ActionIcon>
          </Tooltip>
        )}
        <Tooltip label="Download">
          <ActionIcon
            component="a"
            href={download}
            download
            variant="subtle"
            color="gray"
            aria-label={`Download ${file.name}`}
            data-testid="file-download"
          >
            <IconDownload size={16} />
          </ActionIcon>
        </Tooltip>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label="File actions" data-testid="file-menu">
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {file.preview && (
              <Menu.Item leftSection={<IconEye size={14} />} onClick={onPreview}>
                Preview
              </Menu.Item>
            )}
            <Menu.Item leftSection={<IconHistory size={14} />} onClick={onVersions} data-testid="file-versions">
              Versions{file.version > 1 ? ` (${file.version})` : ''}
            </Menu.Item>
            {canWrite && (
              <>
                <Menu.Item
                  leftSection={<IconUpload size={14} />}
                  onClick={() => input.current?.click()}
                  data-testid="file-new-version"
                >
                  Upload a new version
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={() => setConfirm(true)}
                  data-testid="file-delete"
                >
                  Delete
                </Menu.Item>
              </>
            )}
          </Menu.Dropdown>
        </Menu>
      </Group>
      {canWrite && (
        <input
          ref={input}
          type="file"
          hidden
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) onNewVersion(f);
            e.currentTarget.value = '';
          }}
        />
      )}
      <Modal opened={confirm} onClose={() => setConfirm(false)} title={`Delete “${file.name}”?`} size="sm">
        <Text size="sm" c="dimmed">
          The file and its {file.version > 1 ? `${file.version} versions are` : 'content is'} removed from this record
          for everyone.
        </Text>
        <Group justify="flex-end" mt="lg" gap="xs">
          <Button variant="default" onClick={() => setConfirm(false)}>
            Cancel
          </Button>
          <Button color="red" onClick={() => void remove()} loading={busy} data-testid="file-confirm-delete">
            Delete
          </Button>
        </Group>
      </Modal>
    </div>
  );
}

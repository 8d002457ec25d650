// A preview of an image or a PDF in a modal. The bytes come from the inline URL, which the server
// serves only for raster images and PDF, sandboxed (CSP) and never sniffed; Chromium's PDF viewer
// renders such a response in a frame. "Open in a new tab" is there for browsers that will not.
import { Box, Button, Group, Modal, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconDownload, IconExternalLink } from '@tabler/icons-react';
import classes from './files.module.css';
import { contentUrl } from './files-api';

export interface PreviewTarget {
  id: string;
  name: string;
  preview: 'image' | 'pdf' | null;
  /** A past version; the latest when absent. */
  version?: number;
}

export function FilePreview({ target, onClose }: { target: PreviewTarget | null; onClose: () => void }) {
  const phone = useMediaQuery('(max-width: 48em)');
  const url = target ? contentUrl(target.id, { version: target.version, inline: true }) : '';
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      size={target?.preview === 'pdf' ? '80rem' : 'xl'}
      fullScreen={phone}
      title={
        <Text fw={600} truncate maw={phone ? 240 : 640}>
          {target?.name}
          {target?.version ? <Text span c="dimmed" fw={400}>{` · version ${target.version}`}</Text> : null}
        </Text>
      }
      classNames={{ body: classes.previewBody }}
    >
      {target?.preview === 'image' && (
        <Box className={classes.imageStage}>
          <img src={url} alt={target.name} className={classes.previewImage} data-testid="file-preview-image" />
        </Box>
      )}
      {target?.preview === 'pdf' && (
        <iframe src={url} title={target.name} className={classes.previewPdf} data-testid="file-preview-pdf" />
      )}
      {target && (
        <Group justify="flex-end" gap="xs" mt="sm">
          <Button
            component="a"
            href={url}
            target="_blank"
            rel="noopener"
            variant="default"
            size="xs"
            leftSection={<IconExternalLink size={14} />}
          >
            Open in a new tab
          </Button>
          <Button
            component="a"
            href={contentUrl(target.id, { version: target.version })}
            download
            size="xs"
            leftSection={<IconDownload size={14} />}
          >
            Download
          </Button>
        </Group>
      )}
    </Modal>
  );
}

import { Group, Kbd, Text, UnstyledButton } from '@mantine/core';
import { spotlight } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import classes from './shell.module.css';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function SearchButton() {
  return (
    <UnstyledButton
      className={classes.searchButton}
      onClick={() => spotlight.open()}
      data-testid="search-button"
      aria-label="Search"
    >
      <Group gap={8} wrap="nowrap" justify="space-between" w="100%">
        <Group gap={8} wrap="nowrap">
          <IconSearch size={16} stroke={1.7} />
          <Text size="sm" c="dimmed">
            Search…
          </Text>
        </Group>
        <Kbd size="xs" visibleFrom="sm">
          {isMac ? '⌘' : 'Ctrl'} K
        </Kbd>
      </Group>
    </UnstyledButton>
  );
}

import { localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { setUnauthorizedHandler } from '../platform/api';
import { ExtensionsProvider } from '../platform/extensions';
import { webModules } from './modules';
import { queryClient } from './query-client';
import { theme } from './theme';

const colorSchemeManager = localStorageColorSchemeManager({ key: 'kith-color-scheme' });

// A 401 anywhere means the session is gone: forget it, and <RequireAuth> sends the user to
// /login (or /setup), remembering where they were.
setUnauthorizedHandler(() => {
  if (queryClient.getQueryData(['session'])) queryClient.setQueryData(['session'], null);
});

export function Providers({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      <Notifications position="bottom-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <ExtensionsProvider modules={webModules}>{children}</ExtensionsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

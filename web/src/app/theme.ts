import { createTheme, type MantineColorsTuple } from '@mantine/core';

const kith: MantineColorsTuple = [
  '#eef1ff',
  '#dce0fb',
  '#b6bef0',
  '#8d9ae6',
  '#6b7bdd',
  '#5667d8',
  '#4b5dd6',
  '#3c4dbe',
  '#3444ab',
  '#283a97',
];

export const theme = createTheme({
  primaryColor: 'kith',
  primaryShade: { light: 6, dark: 5 },
  colors: { kith },
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  headings: { fontWeight: '650' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Tooltip: { defaultProps: { openDelay: 300, withArrow: true } },
    Modal: { defaultProps: { radius: 'lg', overlayProps: { backgroundOpacity: 0.35, blur: 2 } } },
    Menu: { defaultProps: { radius: 'md', shadow: 'md' } },
    Popover: { defaultProps: { radius: 'md', shadow: 'md' } },
    Paper: { defaultProps: { radius: 'lg' } },
  },
});

// Applies the saved colour scheme before the first paint, so a dark page never flashes white.
(() => {
  let scheme = 'light';
  try {
    scheme = localStorage.getItem('kith-color-scheme') || 'auto';
  } catch {}
  if (scheme === 'auto') scheme = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
})();

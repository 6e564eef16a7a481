// Runs in <head> before the first paint (a file, not inline: the CSP allows no inline script):
// the saved theme preference (lib/theme.ts keeps it in sync with the account's) or the system's.
(() => {
  let pref = null;
  try {
    pref = localStorage.getItem('parley:theme');
  } catch {}
  const dark = pref === 'dark' || (pref !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
})();

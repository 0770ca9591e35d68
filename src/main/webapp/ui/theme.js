// Light, dark or the system's choice; remembered on this browser.
const STORED = 'parley.theme';
const THEMES = ['system', 'light', 'dark'];

export function storedTheme() {
  try {
    const value = localStorage.getItem(STORED);
    return THEMES.includes(value) ? value : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(theme, remember) {
  const chosen = THEMES.includes(theme) ? theme : 'system';
  if (chosen === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = chosen;
  if (remember) {
    try { localStorage.setItem(STORED, chosen); } catch { /* private mode */ }
  }
}

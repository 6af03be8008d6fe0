/* global document */
// Runs before the stylesheet paints anything (a classic script in <head>; the CSP allows no inline script), so a
// theme pinned in Settings → Appearance shows from the first frame. Key and values match renderer/theme.ts.
try {
  var choice = localStorage.getItem('principled.theme');
  if (choice === 'light' || choice === 'dark') document.documentElement.dataset.theme = choice;
} catch {
  // Storage may be unavailable; the OS preference still applies through the stylesheet.
}

/** The DevTools page: adds the "Realtime" panel. The panel page loads only when its tab is first shown. */
import browser from 'webextension-polyfill';

// Chromium resolves these paths against the extension root and Firefox against this page; absolute ones mean the
// same in both.
void browser.devtools.panels.create('Realtime', '/extension/icons/icon-32.png', '/extension/panel/panel.html');

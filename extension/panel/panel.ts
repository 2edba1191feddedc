/**
 * The panel page. Inside DevTools it inspects `devtools.inspectedWindow.tabId` and follows the DevTools theme;
 * opened in an ordinary tab as `panel.html?tabId=<n>` (detached) it inspects that tab and follows the system
 * theme.
 */
import browser from 'webextension-polyfill';
import { mountDevtoolsUi } from '../../overlay/ui/mount';
import { createPortWall } from './port-wall';

interface Target {
  tabId: number;
  theme: 'light' | 'dark' | 'auto';
}

function target(): Target | undefined {
  const detachedTabId = new URLSearchParams(window.location.search).get('tabId');
  if (detachedTabId !== null) {
    const tabId = Number(detachedTabId);
    return Number.isSafeInteger(tabId) && tabId >= 0 ? { tabId, theme: 'auto' } : undefined;
  }
  if (!browser.devtools) return undefined;
  return {
    tabId: browser.devtools.inspectedWindow.tabId,
    // Chromium names its themes 'default' and 'dark', Firefox 'light' and 'dark'.
    theme: browser.devtools.panels.themeName === 'dark' ? 'dark' : 'light',
  };
}

const root = document.getElementById('root') as HTMLElement;
const inspected = target();
if (inspected) {
  document.title = `Realtime DevTools — tab ${inspected.tabId}`;
  const wall = createPortWall(inspected.tabId, (name) => browser.runtime.connect({ name }));
  mountDevtoolsUi(root, wall, { shell: 'panel', theme: inspected.theme });
} else {
  root.textContent = 'Open this page from DevTools, or as panel.html?tabId=<tab id> to inspect a tab.';
}

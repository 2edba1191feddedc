/**
 * The drop-in overlay: `<script src="realtime-devtools-overlay.js">` as the first script of a page, or
 * `import 'realtime-devtools/overlay'` first thing in an app. It installs the capture synchronously, before the
 * page's own scripts open their sockets, then shows a small launcher; the UI itself loads on first open
 * (Alt+Shift+R or the launcher).
 */
import { installRealtimeDevtools } from '../instrumentation/hook';
import { startOverlay } from './overlay-shell';

const api = installRealtimeDevtools();
startOverlay(api);

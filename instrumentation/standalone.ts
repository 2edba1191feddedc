/** The instrumentation alone, as a classic script: for tests (`page.addInitScript`) and the Playwright fixture. */
import { installRealtimeDevtools } from './hook';

installRealtimeDevtools();

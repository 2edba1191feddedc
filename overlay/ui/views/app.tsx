import { useErrorBoundary } from 'preact/hooks';
import { SplitPane } from '../components/split-pane';
import { useStoreValue } from '../store/use-store';
import { Banners } from './banners';
import { CACHE_CSS } from './cache-styles';
import { CacheView } from './cache-view';
import { ConnectionList } from './connection-list';
import { ErrorsList } from './errors-list';
import { FrameDetail } from './frame-detail';
import { CHAOS_CSS } from './chaos-styles';
import { FrameList } from './frame-list';
import { TraceImportShell } from './import-shell';
import { LIBRARY_CSS } from './library-styles';
import { PresenceView } from './presence-view';
import { QueueView } from './queue-view';
import { NetworkView } from './network-view';
import { StatusBar } from './status-bar';
import { Timeline } from './timeline';
import { TabBar, Toolbar } from './toolbar';

export interface AppProps {
  shell: 'panel' | 'overlay' | 'viewer';
  theme: 'light' | 'dark' | 'auto';
  onClose: (() => void) | undefined;
}

function MainArea() {
  const tab = useStoreValue((state) => state.tab);
  const hasSelection = useStoreValue((state) => state.selectedRow !== null);
  if (tab === 'timeline') return <Timeline />;
  if (tab === 'network') return <NetworkView />;
  if (tab === 'queue') return <QueueView />;
  if (tab === 'presence') return <PresenceView />;
  if (tab === 'cache') return <CacheView />;
  return (
    <SplitPane
      direction="row"
      fixed="second"
      initialSize={420}
      minSize={220}
      minRest={260}
      collapsed={!hasSelection}
      first={<FrameList />}
      second={<FrameDetail />}
    />
  );
}

/** A view that failed to render is reported in place, and the rest of the tool keeps working. */
function Guarded() {
  const [error, reset] = useErrorBoundary();
  if (error) {
    return (
      <div class="rtd-banner rtd-banner-error" role="alert">
        <span class="rtd-problem-text">This view failed to render: {error instanceof Error ? error.message : String(error)}</span>
        <button type="button" class="rtd-link-button" onClick={reset}>
          Retry
        </button>
      </div>
    );
  }
  return (
    <SplitPane direction="row" fixed="first" initialSize={290} minSize={180} minRest={320} first={<ConnectionList />} second={<MainArea />} />
  );
}

export function App({ shell, theme, onClose }: AppProps) {
  return (
    <div class={`rtd-root rtd-shell-${shell}`} data-theme={theme} data-testid="rtd-app">
      <style>{CHAOS_CSS}</style>
      <style>{LIBRARY_CSS}</style>
      <style>{CACHE_CSS}</style>
      <TraceImportShell
        viewer={shell === 'viewer'}
        render={() => (
          <>
            <TabBar onClose={onClose} />
            <Toolbar />
            <Banners />
            <div class="rtd-body">
              <Guarded />
            </div>
            <StatusBar />
            <ErrorsList />
          </>
        )}
      />
    </div>
  );
}

import { formatCount } from '../format/units';
import { useStoreValue } from '../store/use-store';
import { useFilteredRows } from './use-filtered-rows';

export function StatusBar() {
  const { indices, filter } = useFilteredRows();
  const total = useStoreValue((state) => state.log.size);
  const connections = useStoreValue((state) => state.connections.entries.length);
  const open = useStoreValue((state) => {
    let count = 0;
    const current = state.session?.ordinal;
    for (const entry of state.connections.entries) if (entry.session === current && entry.info.state === 'open') count++;
    return count;
  });
  const page = useStoreValue((state) => state.session?.page.url ?? '');
  const { spec } = filter;
  // Heartbeats are hidden by default: that alone counts as filtering only once it hides a row.
  const filtering =
    filter.test !== null && (spec.search !== '' || spec.direction !== 'all' || spec.connection !== null || indices.length !== total);
  return (
    <div class="rtd-statusbar" data-testid="rtd-statusbar">
      <span>
        {filtering ? `${formatCount(indices.length)} / ` : ''}
        {formatCount(total)} row{total === 1 ? '' : 's'}
      </span>
      <span>
        {formatCount(connections)} connection{connections === 1 ? '' : 's'}, {formatCount(open)} open
      </span>
      <span class="rtd-status-page" title={page}>
        {page}
      </span>
    </div>
  );
}

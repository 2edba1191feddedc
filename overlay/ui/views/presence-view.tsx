import { useMemo } from 'preact/hooks';
import { formatClock } from '../format/units';
import { presenceSets, type PresenceSetView } from '../store/presence';
import { useStoreValue } from '../store/use-store';

function PresenceCard({ set }: { set: PresenceSetView }) {
  return (
    <div class="rtd-client-card" data-testid="rtd-presence-set" data-client-id={set.clientId} data-source={set.source}>
      <div class="rtd-client-card-head">
        <span class={`rtd-library-badge rtd-library-${set.library.replace('.', '')}`}>{set.library}</span>
        <span class="rtd-mono">{set.clientId}</span>
        <span class="rtd-client-source" title={set.source}>
          {set.source || '(presence)'}
        </span>
        <span class="rtd-spacer" />
        <span data-testid="rtd-presence-count">
          {set.members.length} member{set.members.length === 1 ? '' : 's'}
        </span>
      </div>
      {set.members.length === 0 ? (
        <div class="rtd-dim rtd-client-note">Nobody is present.</div>
      ) : (
        <table class="rtd-client-table">
          <thead>
            <tr>
              <th>Member</th>
              <th>Since</th>
              <th>Data</th>
            </tr>
          </thead>
          <tbody>
            {set.members.map((member) => (
              <tr key={member.id} data-testid="rtd-presence-member" data-member-id={member.id}>
                <td class="rtd-mono">{member.id}</td>
                <td class="rtd-mono">{formatClock(member.since)}</td>
                <td class="rtd-mono rtd-client-data" title={member.data}>
                  {member.data}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details class="rtd-client-changes">
        <summary>
          {set.changes.length} join{set.changes.length === 1 ? '' : 's'} and leave{set.changes.length === 1 ? '' : 's'}
        </summary>
        <ul class="rtd-client-list">
          {set.changes.map((change) => (
            <li key={change.seq} data-testid="rtd-presence-change" data-kind={change.kind}>
              <span class="rtd-mono">{formatClock(change.at)}</span>
              <span class={change.kind === 'join' ? 'rtd-in' : 'rtd-out'}>{change.kind === 'join' ? 'joined' : 'left'}</span>
              <span class="rtd-mono">{change.memberId}</span>
              {change.data && <span class="rtd-mono rtd-client-data">{change.data}</span>}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

/** Who is present in each presence set a client library maintains, from its joins and leaves. */
export function PresenceView() {
  const records = useStoreValue((state) => state.clientEvents);
  const sets = useMemo(() => presenceSets(records), [records]);
  return (
    <div class="rtd-client-view" data-testid="rtd-presence-view">
      <div class="rtd-pane-header">
        <span>Presence</span>
        <span class="rtd-pane-count">{sets.length}</span>
      </div>
      {sets.length === 0 ? (
        <div class="rtd-empty">No presence set seen yet. Pusher and Ably presence channels, and Socket.IO events mapped with setPresenceMapping(), appear here.</div>
      ) : (
        sets.map((set) => <PresenceCard key={set.key} set={set} />)
      )}
    </div>
  );
}

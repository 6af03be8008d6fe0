import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import { useSyncStatus } from './useSyncStatus';

/**
 * A team's sync status in words, always in view in the app shell; it links to the Team sync section where the
 * details and the devices are. A solo workspace shows nothing: there is nothing to be in sync with.
 */
export function SyncStatusLine() {
  const { data: status } = useSyncStatus();
  if (!status || status.mode === 'solo') return null;
  return (
    <p className={`sync-status sync-${status.state.replace(' ', '-')}`} data-testid="sync-status">
      <Link to={to.screen('settings')} className="link" title={status.details.join('\n') || undefined}>
        <span aria-hidden="true" className="sync-mark" />
        <span className="sr-only">Team sync: </span>
        {status.summary}
      </Link>
    </p>
  );
}

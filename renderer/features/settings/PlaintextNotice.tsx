import { useState } from 'react';
import { useApiQuery } from '../../data/useApi';
import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';

/** Hidden for this tab's session only: the next start says it again, as the workspace is still readable by anyone. */
const HIDDEN_KEY = 'principled.plaintextNotice.hidden';

function hiddenThisSession(): boolean {
  try {
    return sessionStorage.getItem(HIDDEN_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * A plaintext workspace says so in the app shell, always in view: whoever may encrypt it (founders, admins, or
 * whoever sets up an empty team) gets the way to Settings → Privacy's encrypt form; anyone else only the fact.
 * `mayEncrypt` is asked by the shell of the access rule itself (App.tsx keeps the contract out of its bundle).
 */
export function PlaintextNotice({ mayEncrypt }: { mayEncrypt: boolean }) {
  const lock = useApiQuery('privacy.lockState', undefined);
  const [hidden, setHidden] = useState(hiddenThisSession);
  if (hidden || !lock.data || lock.data.locked || lock.data.sealedBy !== null) return null;
  const hide = () => {
    try {
      sessionStorage.setItem(HIDDEN_KEY, '1');
    } catch {
      // Storage refused (a private window's quota): hidden until the page reloads.
    }
    setHidden(true);
  };
  return (
    <div className="plaintext-notice" data-testid="plaintext-notice">
      <p>
        <strong>This workspace is not encrypted</strong>
      </p>
      {mayEncrypt ? (
        <p>
          Anyone who can read this computer&apos;s files can read it. <Link to={to.settings('privacy')}>Set a passphrase</Link>
        </p>
      ) : (
        <p>Anyone who can read this computer&apos;s files can read it. A founder or admin can encrypt it.</p>
      )}
      <button type="button" className="link" onClick={hide}>
        Hide for now
      </button>
    </div>
  );
}

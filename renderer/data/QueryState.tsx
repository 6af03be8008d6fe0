import type { ReactNode } from 'react';
import type { ApiQueryError } from './queryClient';

/** The one loading state: an empty, busy section that screen readers announce as loading. */
export function Loading() {
  return <section className="single" aria-busy="true" />;
}

/** The one failed-read state: what the API said (nothing when `children` offer the way on), and a way to ask again. */
export function LoadFailed({ error, retry, children }: { error: ApiQueryError | null; retry?: () => void; children?: ReactNode }) {
  return (
    <section className="single">
      {children}
      {error && (
        <p role="alert" className="form-error">
          {error.message}
        </p>
      )}
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </section>
  );
}

import type { Page } from 'playwright-core';
import { SESSION_HEADER, SESSION_TOKEN_KEY } from '../../core/api/contract/browserSession';

/** The API call as the app makes it from inside the page: with the session token the page keeps in localStorage. */
export async function pageFetch<T>(page: Page, method: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([m, i, header, key]) => {
      const response = await fetch(`/api/${m}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [header]: localStorage.getItem(key) ?? '' },
        body: JSON.stringify(i),
      });
      return (await response.json()) as T;
    },
    [method, input, SESSION_HEADER, SESSION_TOKEN_KEY] as const,
  );
}

/** Calls the API from inside the page, with the page's own session, as the app itself does; throws on a refusal. */
export async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await pageFetch<{ ok: boolean; value?: unknown; error?: { message: string } }>(page, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value as T;
}

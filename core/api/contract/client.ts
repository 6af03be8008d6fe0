import type { MethodInput, MethodName, MethodOutput } from './methods';
import type { ApiResult } from './result';

/** Any way of reaching dispatch: Electron IPC, HTTP to the browser host, or in-process. */
export type Transport = (method: string, input: unknown) => Promise<ApiResult<unknown>>;

export interface ApiClient {
  call<M extends MethodName>(method: M, ...input: OptionalIfEmpty<MethodInput<M>>): Promise<ApiResult<MethodOutput<M>>>;
}

type OptionalIfEmpty<I> = undefined extends I ? [input?: I] : [input: I];

export function createClient(transport: Transport): ApiClient {
  return {
    call: (method, ...input) => transport(method, input[0]) as never,
  };
}

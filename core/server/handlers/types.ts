import type { MethodName, MethodOutput, Methods, ParsedInput } from '../../api/contract/methods';
import type { ReadContext, WriteContext } from '../context';

export type Handler<M extends MethodName> = (
  input: ParsedInput<M>,
  ctx: Methods[M]['kind'] extends 'write' ? WriteContext : ReadContext,
) => MethodOutput<M>;

/** Every read and write method has a handler; service methods are run by the workspace instead. */
export type Handlers = { [M in MethodName as Methods[M]['kind'] extends 'service' ? never : M]: Handler<M> };

/** A domain's slice of the handler map, so each file declares only its own methods. */
export type HandlersFor<Prefix extends string> = {
  [M in MethodName as M extends `${Prefix}.${string}` ? (Methods[M]['kind'] extends 'service' ? never : M) : never]: Handler<M>;
};

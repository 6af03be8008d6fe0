import type { MethodName, MethodOutput, Methods, ParsedInput } from '../../api/contract/methods';
import type { ReadContext, WriteContext } from '../context';

export type Handler<M extends MethodName> = (
  input: ParsedInput<M>,
  ctx: Methods[M]['kind'] extends 'write' ? WriteContext : ReadContext,
) => MethodOutput<M>;

export type Handlers = { [M in MethodName]: Handler<M> };

/** A domain's slice of the handler map, so each file declares only its own methods. */
export type HandlersFor<Prefix extends string> = {
  [M in MethodName as M extends `${Prefix}.${string}` ? M : never]: Handler<M>;
};

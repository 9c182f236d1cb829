/**
 * An Input-headed sequential used as a tensor in a model, as the runtime's
 * Sequential is one: `Dense(2)(Encoder())`, `Encoder() -> Dense(2)`, or
 * inline `Sequential([Input([3]), Dense(4)])`. Each use makes new layers,
 * and its Input becomes an input of the model, named by the Input's
 * `name=` or else `<sequential>_input` (the checker records the name it
 * chose for the emitter: `CheckedFile.sequentialInputs`).
 */
import type * as ast from '../../grammar/ast.ts';
import { toSnakeCase } from '../../runtime/engine/naming.ts';
import type { TensorInput } from './graph.ts';
import { at, type Site } from './instances.ts';
import { resolutionOf, Scope } from './scope.ts';
import { applyLayer, layerOf } from './tensors.ts';

/** What a call that makes a sequential tensor holds: its items, where they were written, and its Input's default name. */
interface SequentialSource {
  items: ast.Expression[];
  /** `sequential Encoder`, or `Sequential([...])` for an inline one. */
  what: string;
  /** The items' own site: the sequential's file and scope (an inline one: the model's). */
  site: Site;
  defaultInputName: string;
  /** A named sequential takes no arguments: the first one given, to report. */
  extraArgument?: ast.Argument;
}

/** Whether a call makes an Input-headed sequential's tensor; undefined when it is anything else. */
function sequentialSource(call: ast.Call, site: Site): SequentialSource | undefined {
  const callee = call.callee;
  if (callee.kind !== 'Name') return undefined;
  const entity = site.scope.lookup(callee.name);
  if (entity?.kind === 'sequential' && entity.trainable) {
    site.reporter.use(entity.symbol, at(site, callee));
    site.reporter.resolve(site.fileName, callee, resolutionOf(callee.name, entity));
    const fileName = entity.unit.fileName;
    return {
      items: entity.declaration.layers,
      what: `sequential ${callee.name}`,
      site: { ...site, fileName, scope: new Scope(site.fileScope(fileName)), cache: undefined, later: undefined },
      defaultInputName: `${toSnakeCase(callee.name)}_input`,
      extraArgument: call.arguments[0],
    };
  }
  const list = call.arguments[0]?.value;
  if (entity || callee.name !== 'Sequential' || call.arguments.length !== 1 || call.arguments[0].name || list?.kind !== 'List') return undefined;
  if (!startsWithInput(list.elements)) return undefined;
  site.reporter.resolve(site.fileName, callee, { kind: 'class', name: 'Sequential' });
  return { items: list.elements, what: 'Sequential([...])', site, defaultInputName: 'sequential_input' };
}

export function startsWithInput(items: readonly ast.Expression[]): boolean {
  const first = items[0];
  const callee = first?.kind === 'Call' ? first.callee : first;
  return callee?.kind === 'Name' && callee.name === 'Input';
}

/**
 * `Encoder()` or `Sequential([Input(...), ...])` where a tensor goes: its
 * last item's output, with its Input added to the model's inputs. Undefined:
 * the call is not such a sequential (the caller reports what it is).
 */
export function sequentialTensor(call: ast.Call, site: Site): { tensor?: TensorInput } | undefined {
  const source = sequentialSource(call, site);
  if (!source) return undefined;
  const { reporter } = site;
  if (source.extraArgument) {
    reporter.report('tooManyArguments', { problem: 'tooMany', constructor: source.what, positional: [], given: call.arguments.length, noOptions: true }, at(site, source.extraArgument));
    return { tensor: undefined };
  }
  if (!site.modelInput) {
    reporter.report(
      'wrongKind',
      {
        name: source.what,
        is: 'a tensor with its own Input',
        expected: 'a tensor of the block (only a model takes new inputs: apply the sequential in the model and pass its tensor)',
      },
      at(site, call),
    );
    return { tensor: undefined };
  }
  const [first, ...rest] = source.items;
  const location = at(site, call);
  const run = () => {
    const input = site.modelInput!(first, inputNameOf(first) ?? source.defaultInputName, source.site);
    reporter.sequentialInput(site.fileName, call, input.name);
    let current: number | undefined = input.id;
    for (const item of rest) {
      const layer = layerOf(item, source.site);
      current = layer && current !== undefined ? applyLayer(layer, { kind: 'one', id: current }, at(source.site, item), source.site) : undefined;
    }
    return current;
  };
  // A named sequential's problems are its declaration's; at a use they are shown there, through the use.
  const output = source.site === site ? run() : reporter.within(location, source.what, run);
  return { tensor: output === undefined ? undefined : { kind: 'one', id: output } };
}

/** The `name="..."` an Input item gives itself. */
function inputNameOf(item: ast.Expression): string | undefined {
  if (item.kind !== 'Call') return undefined;
  const name = item.arguments.find((argument) => argument.name?.name === 'name')?.value;
  return name?.kind === 'String' && name.value !== '' ? name.value : undefined;
}

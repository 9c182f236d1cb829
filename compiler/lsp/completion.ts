/**
 * Completion: layer constructors, their arguments (with types and defaults
 * from the layer specs), the aliases an argument takes, tensor and layer
 * names in scope, and model output names after `loss` / `metrics`.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { IToken } from 'chevrotain';
import { tokens as t } from '../../grammar/index.ts';
import { builtInDatasets } from '../../runtime/datasets/index.ts';
import type { Analysis } from './analysis.ts';
import { dialectOfFile } from '../check/dialect.ts';
import { aliasesOf, aliasKindOfArgument, constructorCatalogue, constructorDoc, type AliasInfo, type ArgumentInfo, type ConstructorInfo } from './catalogue.ts';
import { cursorContext, isWord } from './completion-context.ts';
import { blockNamed, declarationAt, localNames, outputNames, qualifiedNames, topLevelNames, type VisibleName } from './scope-names.ts';
import { formatTensorType, tensorsNamed } from './tensors.ts';
import { toSnakeCase } from '../../runtime/engine/naming.ts';
import { TRAIN_SETTINGS } from '../../runtime/training/train-defaults.ts';

const topLevelKeywords = ['let', 'block', 'model', 'sequential', 'import', 'use'];
const modelKeywords = ['input', 'output', 'layer', 'loss', 'metrics', 'loss_weights', 'optimizer', 'train'];
const blockKeywords = ['layer', 'return'];
const sequentialKeywords = ['loss', 'metrics', 'loss_weights', 'optimizer', 'train'];
export function completions(analysis: Analysis, offset: number): CompletionItem[] {
  const context = cursorContext(analysis.text, offset);
  if (context.kind === 'none') return [];
  const [frame, ...outer] = context.frames;
  const declaration = declarationAt(analysis.tree, offset);
  // The file's dialect decides which layers it has (`use keras`: Keras 3's).
  const catalogue = constructorCatalogue(dialectOfFile(analysis.tree));
  const scope = (): CompletionItem[] => [
    ...constructorItems(catalogue),
    ...[...localNames(declaration), ...topLevelNames(analysis.tree, analysis.fileName, analysis.result)].map((name) =>
      nameItem(name, analysis, declaration && declaration.kind !== 'Import' ? declaration.name.name : undefined),
    ),
  ];
  if (!frame) return [];
  const item = frame.item;
  const lastToken = item.at(-1);

  // `Qualifier.` : the names of the file imported as Qualifier.
  if (lastToken?.tokenType === t.Dot && item.length >= 2 && isWord(item.at(-2)!)) {
    return qualifiedNames(analysis.tree, analysis.fileName, item.at(-2)!.image, analysis.result).map((name) => nameItem(name, analysis));
  }

  if (frame.kind === '(') {
    const callee = calleeOf(frame.before);
    const constructor = callee ? (catalogue.get(callee) ?? blockConstructor(analysis, frame.before)) : undefined;
    if (item.length === 0) {
      const argumentItems = constructor ? argumentNameItems(constructor, frame.keywords) : [];
      return [...argumentItems, ...scope()];
    }
    const argument = keywordArgument(item, constructor);
    if (argument) return valueItems(argument, catalogue) ?? scope();
    return scope();
  }

  if (frame.kind === '[' || frame.kind === '{') {
    // A list or dict given to a keyword argument: regularizers={W: l2}, constraints=[maxnorm].
    const parent = outer[0];
    if (parent?.kind === '(') {
      const constructor = catalogue.get(calleeOf(parent.before) ?? '');
      const argument = keywordArgument(parent.item, constructor);
      const aliasKind = argument && aliasKindOfArgument(argument);
      const atDictKey = frame.kind === '{' && !item.some((token) => token.tokenType === t.Colon);
      if (aliasKind && !atDictKey) return aliasItems(aliasesOf(aliasKind));
      if (argument && atDictKey) {
        return (constructor?.params ?? []).map((name) => ({ label: name, kind: CompletionItemKind.Field, insertText: `${name}: `, detail: `parameter of ${constructor!.name}` }));
      }
    }
    if (parent && (parent.kind === 'body' || parent.kind === 'top') && parent.item[0]?.tokenType === t.Metrics) return aliasItems(aliasesOf('metric'));
    return scope();
  }

  // A statement in a body or at the top level.
  const container = frame.kind === 'body' ? frame.before : [];
  if (container[0]?.tokenType === t.Train) {
    if (item.length === 0) return TRAIN_SETTINGS.map(({ name, doc }) => ({ label: toSnakeCase(name), kind: CompletionItemKind.Property, insertText: `${toSnakeCase(name)} = `, detail: doc }));
    if (item[0]?.image === 'data' && lastToken?.tokenType === t.Equals) {
      return Object.keys(builtInDatasets).map((name) => ({ label: name, kind: CompletionItemKind.Value, detail: 'built-in dataset' }));
    }
    return [];
  }
  const first = item[0];
  if (item.length === 0) {
    if (frame.kind === 'top') return keywordItems(topLevelKeywords);
    const kind = container[0]?.tokenType;
    if (kind === t.Sequential) return [...keywordItems(sequentialKeywords), ...constructorItems(catalogue)];
    if (kind === t.Block) return keywordItems(blockKeywords);
    return keywordItems(modelKeywords);
  }
  if ((first?.tokenType === t.Loss || first?.tokenType === t.Metrics) && item.length === 1) {
    return outputNames(declaration).map((name) => ({ label: name, kind: CompletionItemKind.Field, detail: 'output' }));
  }
  if (first?.tokenType === t.Loss && lastToken?.tokenType === t.Equals) return aliasItems(aliasesOf('objective'));
  if (first?.tokenType === t.Metrics && lastToken?.tokenType === t.Equals) return aliasItems(aliasesOf('metric'));
  if (first?.tokenType === t.Optimizer && lastToken?.tokenType === t.Equals) {
    return aliasItems(aliasesOf('optimizer'));
  }
  if (first?.tokenType === t.Input && item.some((token) => token.tokenType === t.RBracket) && lastToken?.tokenType === t.RBracket) {
    return inputDtypes().map((name) => ({ label: name, kind: CompletionItemKind.TypeParameter, detail: 'input dtype' }));
  }
  if (first?.tokenType === t.Import) return [];
  return scope();
}

/** The dtypes an input may have: the values of the Input layer's `dtype` argument. */
function inputDtypes(): readonly string[] {
  return (
    constructorCatalogue()
      .get('Input')
      ?.arguments.find((argument) => argument.name === 'dtype')?.spec?.values ?? []
  );
}

/** The name before `(`: `Dense` in `x -> Dense(`; undefined for an application `Dense(8)(`. */
function calleeOf(before: IToken[]): string | undefined {
  const last = before.at(-1);
  return last && isWord(last) ? last.image : undefined;
}

/** A block called like a constructor (`Residual(`, `B.Residual(`): its parameters as arguments. */
function blockConstructor(analysis: Analysis, before: IToken[]): ConstructorInfo | undefined {
  const name = before.at(-1)!.image;
  const qualified = before.at(-2)?.tokenType === t.Dot && before.at(-3) && isWord(before.at(-3)!);
  const found = blockNamed(analysis.tree, analysis.text, analysis.fileName, name, analysis.result, qualified ? before.at(-3)!.image : undefined);
  if (!found) return undefined;
  const { block, text } = found;
  return {
    name,
    kind: 'layer',
    doc: `block ${name}`,
    arguments: block.parameters.map((parameter) => ({
      name: parameter.name.name,
      type: parameter.type?.name ?? 'any value',
      doc: '',
      default: parameter.default ? text.slice(parameter.default.range.start.offset, parameter.default.range.end.offset) : undefined,
      positional: true,
      required: parameter.default === undefined,
    })),
  };
}

/** The keyword argument whose value is being written: `activation=` in the item tokens. */
function keywordArgument(item: IToken[], constructor: ConstructorInfo | undefined): ArgumentInfo | undefined {
  if (!constructor || item.length < 2 || item[1]!.tokenType !== t.Equals || !isWord(item[0]!)) return undefined;
  return constructor.arguments.find((argument) => argument.name === item[0]!.image);
}

function constructorItems(catalogue: ReadonlyMap<string, ConstructorInfo>): CompletionItem[] {
  return [...catalogue.values()]
    .filter((constructor) => constructor.kind === 'layer')
    .map((constructor) => ({
      label: constructor.name,
      kind: CompletionItemKind.Class,
      detail: 'layer',
      documentation: { kind: MarkupKind.Markdown, value: constructorDoc(constructor) },
    }));
}

function argumentNameItems(constructor: ConstructorInfo, given: string[]): CompletionItem[] {
  return constructor.arguments
    .filter((argument) => !given.includes(argument.name))
    .map((argument, index) => ({
      label: `${argument.name}=`,
      kind: CompletionItemKind.Property,
      filterText: argument.name,
      insertText: `${argument.name}=`,
      detail: `${argument.type}${argument.required ? ', required' : `, default ${argument.default}`}`,
      documentation: argument.doc,
      sortText: `0${String(index).padStart(3, '0')}`,
    }));
}

/** What a keyword argument's value can be; undefined when any expression goes. */
function valueItems(argument: ArgumentInfo, catalogue: ReadonlyMap<string, ConstructorInfo>): CompletionItem[] | undefined {
  const aliasKind = aliasKindOfArgument(argument);
  if (aliasKind) return aliasItems(aliasesOf(aliasKind));
  const spec = argument.spec;
  if (spec?.type === 'enum') return (spec.values ?? []).map((value) => ({ label: value, kind: CompletionItemKind.EnumMember, detail: argument.name }));
  if (spec?.type === 'bool') return ['true', 'false'].map((value) => ({ label: value, kind: CompletionItemKind.Keyword }));
  if (spec?.type === 'layer') return constructorItems(catalogue);
  return undefined;
}

function aliasItems(aliases: AliasInfo[]): CompletionItem[] {
  return aliases.map((alias) => ({
    label: alias.name,
    kind: /^[A-Z]/.test(alias.name) ? CompletionItemKind.Class : CompletionItemKind.EnumMember,
    detail: alias.name === alias.canonical ? alias.kind : `${alias.kind}, alias of ${alias.canonical}`,
    documentation: alias.doc,
  }));
}

function keywordItems(words: string[]): CompletionItem[] {
  return words.map((word) => ({ label: word, kind: CompletionItemKind.Keyword }));
}

const nameKinds: Record<VisibleName['kind'], CompletionItemKind> = {
  constant: CompletionItemKind.Constant,
  block: CompletionItemKind.Function,
  sequential: CompletionItemKind.Class,
  model: CompletionItemKind.Module,
  import: CompletionItemKind.Module,
  input: CompletionItemKind.Variable,
  tensor: CompletionItemKind.Variable,
  output: CompletionItemKind.Variable,
  layer: CompletionItemKind.Field,
  parameter: CompletionItemKind.TypeParameter,
};

function nameItem(name: VisibleName, analysis: Analysis, container?: string): CompletionItem {
  const tensor = container ? tensorsNamed(analysis, container, name.name)[0] : undefined;
  const type = tensor ? formatTensorType(tensor) : undefined;
  return {
    label: name.name,
    kind: nameKinds[name.kind],
    detail: type ? `${name.kind}: ${type}` : name.from ? `${name.kind} from ${name.from}` : name.kind,
  };
}

/**
 * Declarations and statements (docs/language.md, "Declarations", "Inside a
 * model"). Every list of statements is read as `(terminator statement?)*`:
 * a statement that fails is skipped up to the next terminator, so each
 * broken statement costs one problem and the rest of the file still parses.
 */
import { EmbeddedActionsParser, EOF, tokenMatcher, type IToken, type TokenType } from '../chevrotain.ts';
import type * as ast from '../ast.ts';
import { isVirtual } from '../layout.ts';
import { between, emptyRangeAt, endOf, rangeOf, span } from '../positions.ts';
import * as t from '../tokens.ts';
import { checkBlockBody, keepAllowed, splitDialect, type ExpressionStatement, type ParsedStatement } from './containers.ts';
import { describeFound } from './errors.ts';
import { ExpressionParser } from './expressions.ts';

/** Tokens at which the rest of a broken statement stops being skipped. */
const statementEnds = new Set<TokenType>([t.Newline, t.Semicolon, t.BodyClose, EOF]);
const settingEnds = new Set<TokenType>([t.Newline, t.Semicolon, t.Comma, t.BodyClose, EOF]);

/** How far ahead recovery looks for a token to resume at before settling for the end of the statement. */
const resyncWindow = 64;

/**
 * Errors one statement may cost before recovery gives it up to its end.
 * Only the first is shown anyway (one per line), and without a bound a
 * 10 MB line of `-> -> ->` makes millions; also, Chevrotain resumes a
 * repetition by calling it again from inside itself, one stack frame per error.
 */
const errorsPerStatement = 16;

/** Chevrotain's recovery methods that are overridden here but not declared in its types. */
const chevrotainRecovery = EmbeddedActionsParser.prototype as unknown as {
  shouldInRepetitionRecoveryBeTried(this: unknown, ...parameters: unknown[]): boolean;
};

/** Only punctuation is made up in recovery: an invented name or number would enter the tree. */
const insertable = new Set<TokenType>([t.RParen, t.RBracket, t.RBrace, t.Equals, t.Colon, t.Comma]);

export class KeraflowParser extends ExpressionParser {
  readonly file = this.RULE('file', (): { dialect?: ast.Use; declarations: ast.Declaration[] } => {
    const statements = this.statementList();
    return this.ACTION(() => {
      const { dialect, rest } = splitDialect(statements, this.problems);
      return { dialect, declarations: keepAllowed<ast.Declaration>(rest, 'file', this.problems) };
    });
  });

  /** `(terminator statement?)*`, skipping what follows a statement on its line. */
  private statementList(): ParsedStatement[] {
    const statements: ParsedStatement[] = [];
    this.MANY(() => {
      this.CONSUME(t.Terminator);
      const before = this.ACTION(() => this.problemCount());
      const statement = this.OPTION(() => this.SUBRULE(this.statement));
      this.ACTION(() => {
        if (statement !== undefined) statements.push(statement);
        this.skipRest(statementEnds, before, statement !== undefined ? 'the end of the statement' : 'a statement');
      });
    });
    return statements;
  }

  /**
   * Skips to the next token in `ends` (over nested bodies); reports what was
   * found there unless this statement has already reported something.
   */
  private skipRest(ends: ReadonlySet<TokenType>, problemsBefore: number, expected: string): void {
    let depth = 0;
    let reported = this.problemCount() > problemsBefore;
    for (;;) {
      const next = this.LA(1);
      if (depth === 0 && ends.has(next.tokenType)) return;
      if (next.tokenType === EOF) return;
      if (!reported) {
        const previous = this.LA(0);
        this.problems.push({
          kind: 'unexpectedToken',
          range: rangeOf(next),
          expected: [expected],
          found: describeFound(next),
          after: previous !== undefined && !isVirtual(previous) && Number.isFinite(previous.startOffset) ? '`' + previous.image + '`' : undefined,
        });
        reported = true;
      }
      if (next.tokenType === t.BodyOpen) depth++;
      else if (next.tokenType === t.BodyClose) depth--;
      this.SKIP_TOKEN();
    }
  }

  private readonly statementAlternatives = {
    ERR_MSG: 'a statement',
    DEF: [
      { ALT: () => this.SUBRULE(this.useDeclaration) },
      { ALT: () => this.SUBRULE(this.importDeclaration) },
      { ALT: () => this.SUBRULE(this.letDeclaration) },
      { ALT: () => this.SUBRULE(this.blockDeclaration) },
      { ALT: () => this.SUBRULE(this.modelDeclaration) },
      { ALT: () => this.SUBRULE(this.sequentialDeclaration) },
      { ALT: () => this.SUBRULE(this.inputStatement) },
      { ALT: () => this.SUBRULE(this.layerStatement) },
      { ALT: () => this.SUBRULE(this.outputStatement) },
      { ALT: () => this.SUBRULE(this.lossOrMetrics) },
      { ALT: () => this.SUBRULE(this.optimizerStatement) },
      { ALT: () => this.SUBRULE(this.trainStatement) },
      { ALT: () => this.SUBRULE(this.returnStatement) },
      { ALT: () => this.SUBRULE(this.expressionStatement) },
    ],
  };

  private readonly statement = this.RULE('statement', (): ParsedStatement | undefined => this.OR(this.statementAlternatives));

  private readonly useDeclaration = this.RULE('useDeclaration', (): ast.Use => {
    const keyword = this.CONSUME(t.Use);
    const dialect = this.identifier(this.CONSUME(t.Identifier));
    return this.ACTION(() => ({ kind: 'Use', dialect, range: span(rangeOf(keyword), dialect.range) }));
  });

  private readonly importDeclaration = this.RULE('importDeclaration', (): ast.Import | undefined => {
    const keyword = this.CONSUME(t.Import);
    const path = this.SUBRULE(this.string);
    let alias: ast.Identifier | undefined;
    this.OPTION(() => {
      this.CONSUME(t.As);
      alias = this.identifier(this.CONSUME(t.Identifier));
    });
    return this.ACTION(() => {
      if (path === undefined) return undefined;
      return { kind: 'Import', path, alias, range: span(rangeOf(keyword), (alias ?? path).range) };
    });
  });

  private readonly letDeclaration = this.RULE('letDeclaration', (): ast.Let => {
    const keyword = this.CONSUME(t.Let);
    const name = this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ kind: 'Let', name: this.identifier(name), value, range: span(rangeOf(keyword), value.range) }));
  });

  private readonly layerStatement = this.RULE('layerStatement', (): ast.LayerDeclaration => this.namedValue(t.Layer, 'Layer'));
  /** `output name = tensor`, or `output name` for a tensor named before (its value is that name). */
  private readonly outputStatement = this.RULE('outputStatement', (): ast.Output => {
    const keyword = this.CONSUME(t.Output);
    const name = this.CONSUME(t.Identifier);
    let value: ast.Expression | undefined;
    this.OPTION(() => {
      this.CONSUME(t.Equals);
      value = this.SUBRULE(this.expression);
    });
    return this.ACTION(() => {
      const identifier = this.identifier(name);
      const given = value ?? { kind: 'Name', name: identifier.name, range: identifier.range };
      return { kind: 'Output', name: identifier, value: given, range: span(rangeOf(keyword), given.range) };
    });
  });

  /** `layer name = value`. */
  private namedValue<K extends 'Layer' | 'Output'>(keywordType: TokenType, kind: K) {
    const keyword = this.CONSUME(keywordType);
    const name = this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ kind, name: this.identifier(name), value, range: span(rangeOf(keyword), value.range) }));
  }

  private readonly blockDeclaration = this.RULE('blockDeclaration', (): ast.Block | undefined => {
    const keyword = this.CONSUME(t.Block);
    const name = this.declaredName('a block name');
    this.CONSUME(t.LParen);
    const parameters: ast.Parameter[] = [];
    this.OPTION(() => {
      const first = this.SUBRULE(this.parameter);
      if (first !== undefined) parameters.push(first);
      this.MANY(() => {
        const comma = this.CONSUME(t.Comma);
        const item = this.OPTION2(() => this.SUBRULE2(this.parameter));
        this.ACTION(() => this.collectAfterComma(parameters, item, comma, t.RParen, 'a parameter'));
      });
    });
    this.CONSUME(t.RParen);
    this.CONSUME2(t.LParen);
    const inputs: ast.Identifier[] = [];
    this.OPTION3(() => {
      inputs.push(this.identifier(this.CONSUME(t.Identifier)));
      this.MANY2(() => {
        const comma = this.CONSUME2(t.Comma);
        const item = this.OPTION4(() => this.CONSUME2(t.Identifier));
        this.ACTION(() => this.collectAfterComma(inputs, item && this.identifier(item), comma, t.RParen, 'an input name'));
      });
    });
    this.CONSUME2(t.RParen);
    const body = this.SUBRULE(this.body);
    return this.ACTION(() => {
      if (name === undefined || body === undefined) return undefined;
      const statements = keepAllowed<ast.BlockStatement>(body.statements, 'block', this.problems);
      checkBlockBody(name, statements, this.problems);
      return { kind: 'Block', name, parameters, inputs, body: statements, range: span(rangeOf(keyword), body.range) };
    });
  });

  /** `name`, `name: type`, `name = default`, `name: type = default`. */
  private readonly parameter = this.RULE('parameter', (): ast.Parameter => {
    const name = this.identifier(this.CONSUME(t.Identifier));
    let type: ast.Identifier | undefined;
    let defaultValue: ast.Expression | undefined;
    this.OPTION(() => {
      this.CONSUME(t.Colon);
      type = this.identifier(this.CONSUME2(t.Identifier));
    });
    this.OPTION2(() => {
      this.CONSUME(t.Equals);
      defaultValue = this.SUBRULE(this.expression);
    });
    return this.ACTION(() => ({
      kind: 'Parameter',
      name,
      type,
      default: defaultValue,
      range: span(name.range, (defaultValue ?? type ?? name).range),
    }));
  });

  private readonly modelDeclaration = this.RULE('modelDeclaration', (): ast.Model | undefined => {
    const keyword = this.CONSUME(t.Model);
    const name = this.declaredName('a model name');
    const body = this.SUBRULE(this.body);
    return this.ACTION(() => {
      if (name === undefined || body === undefined) return undefined;
      const statements = keepAllowed<ast.ModelStatement>(body.statements, 'model', this.problems);
      return { kind: 'Model', name, body: statements, range: span(rangeOf(keyword), body.range) };
    });
  });

  private readonly sequentialDeclaration = this.RULE('sequentialDeclaration', (): ast.Sequential | undefined => {
    const keyword = this.CONSUME(t.Sequential);
    const name = this.declaredName('a sequential name');
    const body = this.SUBRULE(this.body);
    return this.ACTION(() => {
      if (name === undefined || body === undefined) return undefined;
      const kept = keepAllowed<ast.TrainingStatement | ExpressionStatement>(body.statements, 'sequential', this.problems);
      const layers = kept.flatMap((statement) => (statement.kind === 'ExpressionStatement' ? [statement.value] : []));
      const training = kept.filter((statement): statement is ast.TrainingStatement => statement.kind !== 'ExpressionStatement');
      return { kind: 'Sequential', name, layers, training, range: span(rangeOf(keyword), body.range) };
    });
  });

  /**
   * The name after `model`, `block` or `sequential`. When it is missing the
   * body is still read (so its statements do not spill into the file), and
   * the declaration is left out of the tree.
   */
  private declaredName(expected: string): ast.Identifier | undefined {
    const token = this.OPTION9(() => this.CONSUME9(t.Identifier));
    return this.ACTION(() => {
      if (token !== undefined) return this.identifier(token);
      const next = this.LA(1);
      this.problems.push({
        kind: 'unexpectedToken',
        range: isVirtual(next) || next.tokenType === EOF ? emptyRangeAt(endOf(this.LA(0))) : rangeOf(next),
        expected: [expected],
        found: describeFound(next.tokenType === EOF ? undefined : next),
        after: '`' + this.LA(0).image + '`',
      });
      return undefined;
    });
  }

  /** `{ statements }`; the statements are sorted out by the declaration that owns the body. */
  private readonly body = this.RULE('body', (): { statements: ParsedStatement[]; range: ast.Range } => {
    const open = this.CONSUME(t.BodyOpen);
    const statements = this.statementList();
    const close = this.CONSUME(t.BodyClose);
    return this.ACTION(() => ({ statements, range: between(open, close) }));
  });

  private readonly inputStatement = this.RULE('inputStatement', (): ast.Input | undefined => {
    const keyword = this.CONSUME(t.Input);
    const name = this.identifier(this.CONSUME(t.Identifier));
    const rest = this.OR(this.inputAlternatives);
    return this.ACTION((): ast.Input | undefined => {
      if (rest === undefined) return undefined;
      const range = span(rangeOf(keyword), rest.range);
      return rest.form === 'shape' ? { kind: 'Input', name, ...rest, range } : { kind: 'Input', name, ...rest, range };
    });
  });

  private readonly inputAlternatives = [{ ALT: () => this.SUBRULE(this.inputShape) }, { ALT: () => this.SUBRULE(this.inputCall) }];

  /** `: [d1, d2] dtype?`; the range is of the part after the name. */
  private readonly inputShape = this.RULE('inputShape', () => {
    const colon = this.CONSUME(t.Colon);
    const shape = this.SUBRULE(this.list);
    let dtype: ast.Identifier | undefined;
    this.OPTION(() => (dtype = this.identifier(this.CONSUME(t.Identifier))));
    return this.ACTION(() => {
      if (shape.kind !== 'List') return undefined;
      return { form: 'shape' as const, shape, dtype, range: span(rangeOf(colon), (dtype ?? shape).range) };
    });
  });

  /** `= Input(...)`. */
  private readonly inputCall = this.RULE('inputCall', () => {
    const equals = this.CONSUME(t.Equals);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ form: 'call' as const, value, range: span(rangeOf(equals), value.range) }));
  });

  private readonly lossOrMetricsAlternatives = [{ ALT: () => this.CONSUME(t.Loss) }, { ALT: () => this.CONSUME(t.Metrics) }];

  /** `loss [output] = value`, `metrics [output] = value`. */
  private readonly lossOrMetrics = this.RULE('lossOrMetrics', (): ast.Loss | ast.Metrics => {
    const keyword = this.OR(this.lossOrMetricsAlternatives);
    let output: ast.Identifier | undefined;
    this.OPTION(() => (output = this.identifier(this.CONSUME(t.Identifier))));
    this.CONSUME(t.Equals);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({
      kind: keyword.tokenType === t.Loss ? 'Loss' : 'Metrics',
      output,
      value,
      range: span(rangeOf(keyword), value.range),
    }));
  });

  private readonly settingKeywords = [{ ALT: () => this.CONSUME(t.Optimizer) }, { ALT: () => this.CONSUME(t.LossWeights) }];

  /** `optimizer = value`, `loss_weights = value`. */
  private readonly optimizerStatement = this.RULE('optimizerStatement', (): ast.Optimizer | ast.LossWeights => {
    const keyword = this.OR(this.settingKeywords);
    this.CONSUME(t.Equals);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ kind: keyword.tokenType === t.Optimizer ? 'Optimizer' : 'LossWeights', value, range: span(rangeOf(keyword), value.range) }));
  });

  private readonly returnStatement = this.RULE('returnStatement', (): ast.Return => {
    const keyword = this.CONSUME(t.Return);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ kind: 'Return', value, range: span(rangeOf(keyword), value.range) }));
  });

  private readonly settingSeparators = [{ ALT: () => this.CONSUME(t.Terminator) }, { ALT: () => this.CONSUME(t.Comma) }];

  /** `train { name = value, ... }`: settings separated by commas or new lines. */
  private readonly trainStatement = this.RULE('trainStatement', (): ast.Train => {
    const keyword = this.CONSUME(t.Train);
    this.CONSUME(t.BodyOpen);
    const settings: ast.TrainSetting[] = [];
    this.MANY(() => {
      const separator = this.OR(this.settingSeparators);
      const before = this.ACTION(() => this.problemCount());
      const setting = this.OPTION(() => this.SUBRULE(this.trainSetting));
      this.ACTION(() => {
        if (setting !== undefined) settings.push(setting);
        else if (separator.tokenType === t.Comma && this.LA(1).tokenType !== t.BodyClose) {
          this.problems.push({ kind: 'unexpectedToken', range: rangeOf(separator), expected: ['a setting'], found: '`,`' });
        }
        this.skipRest(settingEnds, before, setting !== undefined ? '`,` or a new line' : 'a setting (`name = value`)');
      });
    });
    const close = this.CONSUME(t.BodyClose);
    return this.ACTION(() => ({ kind: 'Train', settings, range: between(keyword, close) }));
  });

  private readonly trainSetting = this.RULE('trainSetting', (): ast.TrainSetting => {
    const name = this.SUBRULE(this.word);
    this.CONSUME(t.Equals);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ kind: 'TrainSetting', name, value, range: span(name.range, value.range) }));
  });

  /** An expression (a sequential's layer), or `name = value`. */
  private readonly expressionStatement = this.RULE('expressionStatement', (): ParsedStatement | undefined => {
    const first = this.SUBRULE(this.expression);
    let value: ast.Expression | undefined;
    this.OPTION(() => {
      this.CONSUME(t.Equals);
      value = this.SUBRULE2(this.expression);
    });
    return this.ACTION((): ParsedStatement | undefined => {
      if (value === undefined) return { kind: 'ExpressionStatement', value: first, range: first.range };
      if (first.kind === 'List' && first.elements.length > 0 && first.elements.every((element) => element.kind === 'Name')) {
        const names = first.elements.map((element): ast.Identifier => ({ kind: 'Identifier', name: (element as ast.Name).name, range: element.range }));
        return { kind: 'Destructuring', names, value, range: span(first.range, value.range) };
      }
      if (first.kind !== 'Name') {
        this.problems.push({ kind: 'invalidAssignmentTarget', range: first.range });
        return undefined;
      }
      const name: ast.Identifier = { kind: 'Identifier', name: first.name, range: first.range };
      return { kind: 'Assignment', name, value, range: span(first.range, value.range) };
    });
  });

  constructor() {
    super();
    this.performSelfAnalysis();
  }

  /**
   * Replaces Chevrotain's search for the token to resume at after an error,
   * which scans to the end of the statement on every error: quadratic in a
   * long broken statement (a 10 MB line of them would hang). Past a short
   * window the end of the statement is the answer: recovery then skips to it.
   */
  protected findReSyncTokenType(): TokenType {
    const follows = (this as unknown as { flattenFollowSet(): TokenType[] }).flattenFollowSet();
    const canStopAtStatementEnd = follows.includes(t.Terminator);
    if (canStopAtStatementEnd && this.recoveryExhausted()) return t.Terminator;
    for (let ahead = 1; ; ahead++) {
      const token = this.LA(ahead);
      for (const type of follows) if (tokenMatcher(token, type)) return type;
      if (token.tokenType === EOF) return EOF;
      if (ahead >= resyncWindow && canStopAtStatementEnd) return t.Terminator;
    }
  }

  protected shouldInRepetitionRecoveryBeTried(...parameters: unknown[]): boolean {
    return chevrotainRecovery.shouldInRepetitionRecoveryBeTried.apply(this, parameters) && !this.recoveryExhausted();
  }

  /** The statement loop moves Chevrotain's errors away at each statement, so the ones left are this statement's. */
  private recoveryExhausted(): boolean {
    return this.errors.length >= errorsPerStatement;
  }

  /** Made-up tokens get a real, zero-width range where they were missing, never NaN. */
  protected override getTokenToInsert(type: TokenType): IToken {
    const previous = this.LA(0);
    const at = previous !== undefined && Number.isFinite(previous.endOffset) ? previous : this.LA(1);
    const token = { ...at, image: '', tokenType: type, tokenTypeIdx: type.tokenTypeIdx!, isInsertedInRecovery: true };
    const end = Number.isFinite(at.endOffset) ? endOf(at) : { line: 0, character: 0, offset: 0 };
    Object.assign(token, {
      startOffset: end.offset,
      endOffset: end.offset - 1,
      startLine: end.line + 1,
      endLine: end.line + 1,
      startColumn: end.character + 1,
      endColumn: end.character,
    });
    return token;
  }

  protected override canTokenTypeBeInsertedInRecovery(type: TokenType): boolean {
    return insertable.has(type) && !this.recoveryExhausted();
  }

  /** Never delete a terminator or a body brace: they hold the statement structure together. */
  protected override canTokenTypeBeDeletedInRecovery(): boolean {
    const next = this.LA(1).tokenType;
    return !statementEnds.has(next) && next !== t.BodyOpen && !this.recoveryExhausted();
  }
}

/**
 * Expression rules (docs/language.md, "Expressions"), lowest precedence first:
 * chains `a -> L`, then arithmetic (`* / // %` before `+ -`), then unary
 * minus, then calls, then atoms. Loops rather than recursion wherever the language
 * allows, so that only brackets nest the parser's stack (and layout bounds
 * their depth).
 *
 * Speed: alternatives of `OR` are built once per parser, not per call (the
 * documented Chevrotain practice; it also spares the `__name` wrapper that
 * tsx puts on every arrow function stored in an object property).
 */
import { EmbeddedActionsParser, type IRecognitionException, type IToken, type TokenType } from '../chevrotain.ts';
import type * as ast from '../ast.ts';
import { between, emptyRangeAt, endOf, rangeOf, span, startOf } from '../positions.ts';
import type { SyntaxProblem } from '../problems.ts';
import * as t from '../tokens.ts';
import { describeFound, errorMessageProvider } from './errors.ts';

type Elements = ast.Expression[] & { trailingComma?: boolean };

export abstract class ExpressionParser extends EmbeddedActionsParser {
  /** Problems the rules find themselves (beyond Chevrotain's token errors); reset per parse. */
  problems: SyntaxProblem[] = [];
  /** Chevrotain's errors, moved here as they come (its `errors` getter copies the whole list on every read). */
  recognitionErrors: IRecognitionException[] = [];

  constructor() {
    super(t.parserTokens, { recoveryEnabled: true, maxLookahead: 2, errorMessageProvider });
  }

  /** Starts a parse of `tokens` (Chevrotain's own `reset` runs when `input` is set). */
  startParse(tokens: IToken[]): void {
    this.input = tokens;
    this.problems = [];
    this.recognitionErrors = [];
  }

  /** Problems and errors so far, to tell whether a statement already reported one. */
  protected problemCount(): number {
    const errors = this.errors;
    if (errors.length > 0) {
      for (const error of errors) this.recognitionErrors.push(error);
      this.errors = [];
    }
    return this.problems.length + this.recognitionErrors.length;
  }

  /** A zero-width `Missing` where the failed rule expected an expression. */
  protected missingAt(error: IRecognitionException): ast.Missing {
    const previous = (error as { previousToken?: IToken }).previousToken;
    const position =
      previous !== undefined && Number.isFinite(previous.endOffset) ? endOf(previous) : Number.isFinite(error.token.startOffset) ? startOf(error.token) : { line: 0, character: 0, offset: 0 };
    return { kind: 'Missing', range: emptyRangeAt(position) };
  }

  protected identifier(token: IToken): ast.Identifier {
    return { kind: 'Identifier', name: token.image, range: rangeOf(token) };
  }

  private readonly expressionRecovery = { recoveryValueFunc: (error: IRecognitionException) => this.missingAt(error) };

  /**
   * Any expression: arithmetic over unary operands, then `-> stage` links.
   * One rule for all of it (operators are grouped by precedence after
   * reading), since every rule invocation costs in the parser's hottest path.
   */
  readonly expression = this.RULE(
    'expression',
    (): ast.Expression => {
      const first = this.operand(1);
      let rest: (IToken | ast.Expression)[] | undefined;
      this.MANY3(() => {
        const operator = this.CONSUME(t.BinaryOperator);
        const operand = this.operand(2);
        (rest ??= []).push(operator, operand);
      });
      let stages: ast.Expression[] | undefined;
      this.MANY4(() => {
        this.CONSUME(t.Arrow);
        const stage = this.SUBRULE3(this.postfix);
        (stages ??= []).push(stage);
      });
      if (rest === undefined && stages === undefined) return first;
      return this.ACTION(() => {
        const source = rest === undefined ? first : groupByPrecedence(first, rest);
        if (stages === undefined) return source;
        return { kind: 'Chain', source, stages, range: span(source.range, stages.at(-1)!.range) };
      });
    },
    this.expressionRecovery,
  );

  /** `-`* then a postfix expression; `index` keeps the two uses in `expression` apart for Chevrotain. */
  private operand(index: number): ast.Expression {
    let minuses: IToken[] | undefined;
    this.many(index, () => {
      const minus = this.consume(index, t.Minus);
      (minuses ??= []).push(minus);
    });
    let operand = this.subrule(index, this.postfix);
    if (minuses === undefined) return operand;
    return this.ACTION(() => {
      for (let position = minuses!.length - 1; position >= 0; position--) {
        operand = { kind: 'Unary', operator: '-', operand, range: span(rangeOf(minuses![position]!), operand.range) };
      }
      return operand;
    });
  }

  /** An atom followed by any number of argument lists: `Dense(10)(x)`. */
  readonly postfix = this.RULE(
    'postfix',
    (): ast.Expression => {
      let callee = this.OR(this.primaryAlternatives);
      this.MANY(() => {
        const call = this.SUBRULE(this.callArguments);
        callee = this.ACTION(() => {
          // Undefined when the argument list failed as a whole: still a call, with no arguments.
          const argumentList = call?.arguments ?? [];
          const argumentsRange = call?.range ?? emptyRangeAt(callee.range.end);
          this.checkArgumentOrder(argumentList);
          return { kind: 'Call', callee, arguments: argumentList, argumentsRange, range: span(callee.range, argumentsRange) };
        });
      });
      return callee;
    },
    this.expressionRecovery,
  );

  /** The atoms. */
  private readonly primaryAlternatives = {
    ERR_MSG: 'an expression',
    DEF: [
      { ALT: () => this.SUBRULE(this.name) },
      { ALT: () => this.SUBRULE(this.number) },
      { ALT: () => this.SUBRULE(this.string) },
      { ALT: () => this.SUBRULE(this.constant) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.dict) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
    ],
  };

  private readonly constantAlternatives = [{ ALT: () => this.CONSUME(t.True) }, { ALT: () => this.CONSUME(t.False) }, { ALT: () => this.CONSUME(t.None) }];

  /** `true`, `false`, `none`. */
  private readonly constant = this.RULE(
    'constant',
    (): ast.Expression => {
      const token = this.OR(this.constantAlternatives);
      return this.ACTION(() => {
        const range = rangeOf(token);
        return token.tokenType === t.None ? { kind: 'None', range } : { kind: 'Boolean', value: token.tokenType === t.True, range };
      });
    },
    this.expressionRecovery,
  );

  /** `name` or `Qualifier.name`. */
  private readonly name = this.RULE(
    'name',
    (): ast.Expression => {
      const first = this.CONSUME(t.Identifier);
      let member: IToken | undefined;
      this.OPTION(() => {
        this.CONSUME(t.Dot);
        member = this.CONSUME2(t.Identifier);
      });
      return this.ACTION(() => {
        if (member === undefined) return { kind: 'Name', name: first.image, range: rangeOf(first) };
        return {
          kind: 'QualifiedName',
          qualifier: this.identifier(first),
          member: this.identifier(member),
          range: between(first, member),
        };
      });
    },
    this.expressionRecovery,
  );

  readonly number = this.RULE('number', (): ast.NumberLiteral => {
    const token = this.CONSUME(t.NumberLiteral);
    return this.ACTION(() => ({
      kind: 'Number',
      value: Number(token.image),
      text: token.image,
      isInteger: /^\d+$/.test(token.image),
      range: rangeOf(token),
    }));
  });

  readonly string = this.RULE('string', (): ast.StringLiteral => {
    const token = this.CONSUME(t.StringLiteral);
    return this.ACTION(() => ({ kind: 'String', value: String(token.payload ?? ''), range: rangeOf(token) }));
  });

  /**
   * `(arguments)`: `value` or `name=value`, separated by commas, a trailing
   * one allowed. The arguments are read inline (not as a sub-rule) so that
   * an argument that fails recovers at the next `,` or `)` and keeps its name.
   */
  private readonly callArguments = this.RULE('callArguments', (): { arguments: ast.Argument[]; range: ast.Range } | undefined => {
    const open = this.CONSUME(t.LParen);
    const argumentList: ast.Argument[] = [];
    this.OPTION(() => {
      argumentList.push(this.argumentAt(0));
      this.MANY(() => {
        const comma = this.CONSUME(t.Comma);
        const item = this.OPTION2(() => this.argumentAt(1));
        this.ACTION(() => this.collectAfterComma(argumentList, item, comma, t.RParen, 'an argument'));
      });
    });
    const close = this.CONSUME(t.RParen);
    return this.ACTION(() => ({ arguments: argumentList, range: between(open, close) }));
  });

  /** One argument; `which` keeps the first and the later ones apart for Chevrotain (occurrence indices from 10 up, clear of this rule's own). */
  private argumentAt(which: 0 | 1): ast.Argument {
    return this.or(which, this.argumentAlternatives[which]!);
  }

  private readonly argumentAlternatives = [0, 1].map((which) => ({
    ERR_MSG: 'an argument',
    DEF: [{ ALT: () => this.keywordNamedArgument(10 + which * 4) }, { ALT: () => this.expressionArgument(10 + which * 4) }],
  }));

  /** `layer=...`: keywords other than literals may name an argument. */
  private keywordNamedArgument(base: number): ast.Argument {
    const keyword = this.consume(base + 1, t.NameKeyword);
    this.consume(base + 1, t.Equals);
    const value = this.subrule(base + 1, this.expression);
    return this.ACTION(() => argumentNode(this.identifier(keyword), value));
  }

  /**
   * `value` or `name=value`: the name is read as an expression first, so
   * that one token of lookahead decides and errors speak of what was written.
   */
  private expressionArgument(base: number): ast.Argument {
    const first = this.subrule(base + 2, this.expression);
    let value: ast.Expression | undefined;
    this.option(base + 2, () => {
      this.consume(base + 2, t.Equals);
      value = this.subrule(base + 3, this.expression);
    });
    return this.ACTION((): ast.Argument => {
      if (value === undefined) return { kind: 'Argument', value: first, range: first.range };
      if (first.kind !== 'Name') {
        this.problems.push({ kind: 'invalidArgumentName', range: first.range });
        return { kind: 'Argument', value: first, range: first.range };
      }
      return argumentNode({ kind: 'Identifier', name: first.name, range: first.range }, value);
    });
  }

  /**
   * Lists read `item (, item?)*` so that a trailing comma needs no
   * lookahead; a comma followed by neither an item nor the closer is
   * reported here, in words.
   */
  protected collectAfterComma<T>(items: T[], item: T | undefined, comma: IToken, closer: TokenType, description: string): void {
    if (item !== undefined) {
      items.push(item);
      return;
    }
    const next = this.LA(1);
    if (next.tokenType === closer) return;
    this.problems.push({
      kind: 'unexpectedToken',
      range: rangeOf(next),
      expected: [description, t.describeTokenType(closer)],
      found: describeFound(next),
      after: '`' + comma.image + '`',
    });
  }

  private checkArgumentOrder(argumentList: ast.Argument[]): void {
    let sawKeyword = false;
    for (const argument of argumentList) {
      if (argument.name !== undefined) sawKeyword = true;
      else if (sawKeyword) this.problems.push({ kind: 'positionalAfterKeyword', range: argument.range });
    }
  }

  readonly list = this.RULE(
    'list',
    (): ast.List | ast.Missing => {
      const open = this.CONSUME(t.LBracket);
      const elements = this.elementsUntil(t.RBracket);
      const close = this.CONSUME(t.RBracket);
      return this.ACTION(() => ({ kind: 'List', elements, range: between(open, close) }));
    },
    this.expressionRecovery,
  );

  /** `(expression)` is that expression; `()`, `(a,)` and `(a, b)` are tuples. */
  private readonly parenthesized = this.RULE(
    'parenthesized',
    (): ast.Expression => {
      const open = this.CONSUME(t.LParen);
      const elements = this.elementsUntil(t.RParen);
      const close = this.CONSUME(t.RParen);
      return this.ACTION(() => {
        if (elements.length === 1 && !elements.trailingComma) return elements[0]!;
        return { kind: 'Tuple', elements: [...elements], range: between(open, close) };
      });
    },
    this.expressionRecovery,
  );

  /**
   * `a, b, c` with an optional trailing comma (`trailingComma` tells `(a,)`
   * from `(a)`); inline in its bracket's rule, so a failed element recovers
   * at the next `,` or at the closer.
   */
  private elementsUntil(closer: TokenType): Elements {
    const elements: Elements = [];
    this.OPTION(() => {
      elements.push(this.SUBRULE(this.expression));
      this.MANY(() => {
        const comma = this.CONSUME(t.Comma);
        const item = this.OPTION2(() => this.SUBRULE2(this.expression));
        this.ACTION(() => {
          elements.trailingComma = item === undefined;
          this.collectAfterComma(elements, item, comma, closer, 'a value');
        });
      });
    });
    return elements;
  }

  private readonly dict = this.RULE(
    'dict',
    (): ast.Dict | ast.Missing => {
      const open = this.CONSUME(t.LBrace);
      const entries: ast.DictEntry[] = [];
      this.OPTION(() => {
        const first = this.SUBRULE(this.dictEntry);
        if (first !== undefined) entries.push(first);
        this.MANY(() => {
          const comma = this.CONSUME(t.Comma);
          const item = this.OPTION2(() => this.SUBRULE2(this.dictEntry));
          this.ACTION(() => this.collectAfterComma(entries, item, comma, t.RBrace, 'a `key: value` entry'));
        });
      });
      const close = this.CONSUME(t.RBrace);
      return this.ACTION(() => ({ kind: 'Dict', entries, range: between(open, close) }));
    },
    this.expressionRecovery,
  );

  private readonly keyAlternatives = {
    ERR_MSG: 'a key',
    DEF: [{ ALT: () => this.SUBRULE(this.word) }, { ALT: () => this.SUBRULE(this.string) }],
  };

  /** Undefined when it fails (a diagnostic says why). */
  private readonly dictEntry = this.RULE('dictEntry', (): ast.DictEntry => {
    const key = this.OR<ast.Identifier | ast.StringLiteral>(this.keyAlternatives);
    this.CONSUME(t.Colon);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({ kind: 'DictEntry', key, value, range: span(key.range, value.range) }));
  });

  private readonly wordAlternatives = [{ ALT: () => this.CONSUME(t.Identifier) }, { ALT: () => this.CONSUME(t.NameKeyword) }];

  /** A name where keywords other than literals are allowed too (keys, settings). */
  protected readonly word = this.RULE('word', (): ast.Identifier => {
    const token = this.OR(this.wordAlternatives);
    return this.ACTION(() => this.identifier(token));
  });
}

const precedence: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '//': 2, '%': 2 };

/** `first op operand op operand ...` as a tree: `*`-like before `+`-like, each left to right. */
function groupByPrecedence(first: ast.Expression, rest: (IToken | ast.Expression)[]): ast.Expression {
  const operands: ast.Expression[] = [first];
  const operators: IToken[] = [];
  const reduce = () => {
    const right = operands.pop()!;
    const left = operands.pop()!;
    operands.push(binary(operators.pop()!, left, right));
  };
  for (let index = 0; index < rest.length; index += 2) {
    const operator = rest[index] as IToken;
    while (operators.length > 0 && precedence[operators.at(-1)!.image]! >= precedence[operator.image]!) reduce();
    operators.push(operator);
    operands.push(rest[index + 1] as ast.Expression);
  }
  while (operators.length > 0) reduce();
  return operands[0]!;
}

function binary(operatorToken: IToken, left: ast.Expression, right: ast.Expression): ast.Binary {
  return {
    kind: 'Binary',
    operator: operatorToken.image as ast.BinaryOperator,
    operatorRange: rangeOf(operatorToken),
    left,
    right,
    range: span(left.range, right.range),
  };
}

function argumentNode(name: ast.Identifier, value: ast.Expression): ast.Argument {
  return { kind: 'Argument', name, value, range: span(name.range, value.range) };
}

/**
 * Diagnostics: what every phase of the compiler reports, as data.
 *
 * Every code lives in `catalogue` below with its severity and its message
 * template, so wording is written once and tests can assert codes and
 * ranges rather than text. Codes by phase (LANGUAGE.md): KF1xx syntax,
 * KF2xx names and arguments, KF3xx shapes, KF4xx graph, KF5xx training.
 */
import type { Range } from '../grammar/ast.ts';
import type { SyntaxProblem } from '../grammar/problems.ts';

export type { Position, Range } from '../grammar/ast.ts';

export type Severity = 'error' | 'warning' | 'info';

/** Another place that explains a diagnostic ("the `(` opened here"). */
export interface RelatedInformation {
  message: string;
  range: Range;
  fileName?: string;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** 0-based, LSP's convention; printed 1-based. */
  range: Range;
  related?: RelatedInformation[];
}

/** A catalogue entry: a code, its severity, and its message made from the problem's data. */
export interface DiagnosticTemplate<Data> {
  code: string;
  severity: Severity;
  message: (data: Data) => string;
}

type SyntaxProblemOf<Kind extends SyntaxProblem['kind']> = Extract<SyntaxProblem, { kind: Kind }>;

/** KF1xx: one entry per kind of syntax problem the grammar reports. */
const syntaxCatalogue: { [Kind in SyntaxProblem['kind']]: DiagnosticTemplate<SyntaxProblemOf<Kind>> } = {
  unexpectedToken: {
    code: 'KF101',
    severity: 'error',
    message: ({ expected, after, found }) => `expected ${oneOf(expected)}${after ? ` after ${after}` : ''}, found ${found}`,
  },
  unterminatedString: {
    code: 'KF102',
    severity: 'error',
    message: () => 'unterminated string: the closing quote must be on the same line',
  },
  unexpectedCharacter: {
    code: 'KF103',
    severity: 'error',
    message: ({ characters }) => `unexpected character${[...characters].length > 1 ? 's' : ''} ${showCharacters(characters)}`,
  },
  unclosedBracket: {
    code: 'KF104',
    severity: 'error',
    message: ({ opening, closing }) => `\`${opening}\` is never closed: expected \`${closing}\``,
  },
  unmatchedClosingBracket: {
    code: 'KF105',
    severity: 'error',
    message: ({ closing }) => `\`${closing}\` closes nothing: no bracket is open here`,
  },
  invalidEscape: {
    code: 'KF106',
    severity: 'error',
    message: ({ sequence }) => `unknown escape \`${sequence}\` in a string: use \\n \\t \\r \\\\ \\" \\' \\0 \\xHH or \\uHHHH`,
  },
  nestingTooDeep: {
    code: 'KF107',
    severity: 'error',
    message: ({ limit }) => `brackets nested more than ${limit} deep`,
  },
  misplacedStatement: {
    code: 'KF108',
    severity: 'error',
    message: ({ statement, container, hint }) => `${statement} is not allowed ${container}${hint ? `: ${hint}` : ''}`,
  },
  positionalAfterKeyword: {
    code: 'KF109',
    severity: 'error',
    message: () => 'positional argument after a keyword argument: positional arguments come first',
  },
  invalidArgumentName: {
    code: 'KF110',
    severity: 'error',
    message: () => 'only a plain name can come before `=` in an argument list',
  },
  invalidAssignmentTarget: {
    code: 'KF111',
    severity: 'error',
    message: () => 'only a plain name can be assigned to (`name = ...`)',
  },
  blockWithoutReturn: {
    code: 'KF112',
    severity: 'error',
    message: ({ block }) => `block \`${block}\` has no \`return\`: end it with \`return <tensor>\``,
  },
  statementAfterReturn: {
    code: 'KF113',
    severity: 'error',
    message: () => 'statement after `return`: `return` must be the last statement of a block',
  },
  mismatchedClosingBracket: {
    code: 'KF114',
    severity: 'error',
    message: ({ closing, expected }) => `\`${closing}\` does not match the open bracket: expected \`${expected}\``,
  },
  internalError: {
    code: 'KF199',
    severity: 'error',
    message: ({ detail }) => `internal parser error (a bug, please report it): ${detail}`,
  },
};

/** Every code, for documentation and for the test that codes are unique. */
export const catalogue: Record<string, DiagnosticTemplate<never>> = { ...syntaxCatalogue };

export function fromSyntaxProblem(problem: SyntaxProblem): Diagnostic {
  const template = syntaxCatalogue[problem.kind] as DiagnosticTemplate<SyntaxProblem>;
  const diagnostic: Diagnostic = {
    code: template.code,
    severity: template.severity,
    message: template.message(problem),
    range: problem.range,
  };
  if (problem.kind === 'unclosedBracket') {
    diagnostic.related = [{ message: 'assumed closed here', range: problem.closedAt }];
  } else if (problem.kind === 'mismatchedClosingBracket') {
    diagnostic.related = [{ message: 'the bracket it should close', range: problem.openedAt }];
  }
  return diagnostic;
}

/** "`:`", "`:` or `=`", "a, b or c". */
function oneOf(items: string[]): string {
  if (items.length <= 1) return items[0] ?? 'something else';
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** Characters as a reader can see them: invisible ones by code point. */
function showCharacters(characters: string): string {
  const shown = [...characters].slice(0, 8).map((character) => {
    const visible = !/[\p{C}\p{Z}]/u.test(character);
    const codePoint = character.codePointAt(0)!;
    return visible ? `\`${character}\`` : `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  });
  return shown.join(' ') + ([...characters].length > 8 ? ' ...' : '');
}

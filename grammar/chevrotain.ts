/**
 * Chevrotain, loaded from the single-file build its package ships
 * (lib/chevrotain.mjs) instead of its entry, which imports some 640 lodash-es
 * modules: about a second of every `keraflow` start on a 2-core machine,
 * against a few tens of milliseconds (bench/startup). The package's exports
 * map hides that file, so it is found beside the entry (lib/src/api.js). The
 * grammar imports Chevrotain from here, never from 'chevrotain' directly: one
 * copy, one EOF token.
 */
import type * as Chevrotain from 'chevrotain';

const bundle = new URL('../chevrotain.mjs', import.meta.resolve('chevrotain')).href;
const chevrotain = (await import(bundle)) as typeof Chevrotain;

export const { createToken, createTokenInstance, EOF, tokenMatcher } = chevrotain;
export const Lexer = chevrotain.Lexer;
export type Lexer = Chevrotain.Lexer;
export const EmbeddedActionsParser = chevrotain.EmbeddedActionsParser;
export type EmbeddedActionsParser = Chevrotain.EmbeddedActionsParser;
export type { IParserErrorMessageProvider, IRecognitionException, IToken, TokenType } from 'chevrotain';

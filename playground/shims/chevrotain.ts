/**
 * grammar/chevrotain.ts for the page: the same single-file build of
 * Chevrotain, imported by the bundler (which resolves the file itself)
 * instead of by a URL found at run time.
 */
import * as chevrotain from 'chevrotain-single-file';

export const { createToken, createTokenInstance, EOF, tokenMatcher } = chevrotain;
export const Lexer = chevrotain.Lexer;
export const EmbeddedActionsParser = chevrotain.EmbeddedActionsParser;

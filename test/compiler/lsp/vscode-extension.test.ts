/** The VS Code extension's manifest agrees with the files it names and with the server's command line. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './client.ts';

const extension = join(root, 'editors/vscode');
const manifest = JSON.parse(readFileSync(join(extension, 'package.json'), 'utf8'));

describe('editors/vscode', () => {
  it('declares the kf language for .kf files with its configuration and the TextMate grammar', () => {
    expect(manifest.contributes.languages).toEqual([{ id: 'kf', aliases: ['Keraflow', 'kf'], extensions: ['.kf'], configuration: './language-configuration.json' }]);
    const [grammar] = manifest.contributes.grammars;
    expect(grammar.language).toBe('kf');
    const tmLanguage = JSON.parse(readFileSync(join(extension, grammar.path), 'utf8'));
    expect(tmLanguage.scopeName).toBe(grammar.scopeName);
    const configuration = JSON.parse(readFileSync(join(extension, 'language-configuration.json'), 'utf8'));
    expect(configuration.comments).toEqual({ lineComment: '#' });
  });

  it('starts `keraflow lsp --stdio` from a source file the build compiles to its main', () => {
    expect(manifest.main).toBe('./out/extension.js');
    expect(existsSync(join(extension, 'src/extension.ts'))).toBe(true);
    const source = readFileSync(join(extension, 'src/extension.ts'), 'utf8');
    expect(source).toContain("const args = ['lsp', '--stdio'];");
    expect(manifest.dependencies).toHaveProperty('vscode-languageclient');
    expect(manifest.scripts['vscode:prepublish']).toBe('npm run build');
  });
});

/**
 * End to end in a real editor: headless Neovim (Debian's `neovim`, which
 * `.ci/run` installs) with its built-in LSP client attached to
 * `keraflow lsp --stdio` opens a model with a shape error, and the test
 * reads back the diagnostics Neovim received.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from './client.ts';

const neovim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const neovimVersion = neovim.status === 0 ? neovim.stdout.split('\n')[0] : undefined;
const title = neovimVersion ? `Neovim (${neovimVersion})` : "Neovim (skipped: `nvim` is not installed; .ci/run installs Debian's neovim)";

if (!neovimVersion) console.warn("test/compiler/lsp/neovim.test.ts is skipped: `nvim` is not installed (.ci/run installs Debian's neovim)");

const directory = mkdtempSync(join(tmpdir(), 'keraflow-neovim-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe(title, () => {
  it.skipIf(!neovimVersion)("shows the checker's shape error with its code, line and message, and clears it when an edit fixes it", () => {
    const file = join(directory, 'digits.kf');
    writeFileSync(
      file,
      [
        '# Convolutions need [rows, cols, channels]: this input has no channel axis.',
        'model Digits {',
        '  input image: [28, 28]',
        '  output digit = image -> Convolution2D(8, 3, 3) -> Flatten -> Dense(10, activation=softmax)',
        '  loss = categorical_crossentropy',
        '}',
        '',
      ].join('\n'),
    );
    const out = join(directory, 'diagnostics.txt');
    const result = spawnSync('nvim', ['--headless', '-i', 'NONE', '-n', '-u', join(import.meta.dirname, 'neovim-diagnostics.lua')], {
      cwd: directory,
      env: { ...process.env, KERAFLOW_ROOT: root, KERAFLOW_FILE: file, KERAFLOW_OUT: out, XDG_STATE_HOME: directory, XDG_DATA_HOME: directory },
      encoding: 'utf8',
      // A guard against a hung editor, not a speed requirement.
      timeout: 120_000,
    });
    expect(result.error).toBeUndefined();
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toEqual([
      'opened',
      "KF302\t4\tconvolution2d_1 (Convolution2D) takes inputs of rank 4, [batch, rows, cols, channels] with data_format 'channels_last', but got [batch, 28, 28]",
      'edited',
      'server running: true',
    ]);
  });
});

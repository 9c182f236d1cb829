/** `keraflow graph`, run as users run it: a child process on .kf files. */
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPng } from './read-png.ts';
import { readSvg } from './read-svg.ts';
import { runKeraflow } from '../../run-keraflow.ts';

function keraflow(args: string[]) {
  return runKeraflow(['graph', ...args], { cwd: directory });
}

const siamese = `
block Residual(units: int)(x) {
  h = x -> Dense(units, activation=relu) -> Dense(units)
  return ElementWiseSum()([x, h])
}

model Siamese {
  input left: [T, 16]
  input right: [T, 16]
  layer encoder = Dense(8)
  a = encoder(left)
  b = encoder(right)
  output same = Concatenate(axis=-1)([a, b]) -> Residual(16) -> Dense(1, activation=sigmoid)
}
`;

const broken = `model Broken {
  input image: [H, W, 3]
  h = image -> Convolution2D(16, 3, 3) -> Pooling1D(max)
  output logits = h -> Dense(10)
}
`;

const two = 'model First {\n  input x: [3]\n  output y = x -> Dense(1)\n}\n\nmodel Second {\n  input x: [3]\n  output y = x -> Dense(2)\n}\n';

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'keraflow-graph-'));
  writeFileSync(join(directory, 'siamese.kf'), siamese);
  writeFileSync(join(directory, 'broken.kf'), broken);
  writeFileSync(join(directory, 'two.kf'), two);
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('keraflow graph', () => {
  it('prints the SVG: every layer once, the block as a cluster, each arrow with its shape', () => {
    const result = keraflow(['siamese.kf']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const svg = readSvg(result.stdout);
    for (const name of ['Siamese', 'left', 'right', 'encoder', 'concatenate_1', 'dense_1', 'dense_2', 'element_wise_sum_1', 'dense_3', 'same']) {
      expect(
        svg.texts.filter((text) => text === name),
        name,
      ).toHaveLength(1);
    }
    for (const shape of ['[batch, T, 16]', '[batch, T, 8]', '[batch, T, 1]']) expect(svg.texts).toContain(shape);
    expect(svg.texts.filter((text) => text === 'use 1' || text === 'use 2')).toEqual(['use 1', 'use 2', 'use 1', 'use 2']);
    expect(svg.groups.filter((group) => group.className === 'cluster').map((group) => group.texts)).toEqual([['Residual', 'residual_1', '(544 params)']]);
  });

  it('-o replaces the file by a rename (a kill never leaves half a picture), and removes temporary files of killed writes', () => {
    writeFileSync(join(directory, 'replaced.dot'), 'the old picture');
    linkSync(join(directory, 'replaced.dot'), join(directory, 'replaced.link'));
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(join(directory, `.replaced.dot.${dead}.0123456789ab.tmp`), 'digraph {');
    expect(keraflow(['siamese.kf', '-o', 'replaced.dot'])).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(directory, 'replaced.dot'), 'utf8')).toMatch(/^digraph model \{\n/);
    // Written in place, the other link would show the new text.
    expect(readFileSync(join(directory, 'replaced.link'), 'utf8')).toBe('the old picture');
    expect(readdirSync(directory).filter((name) => name.startsWith('.replaced'))).toEqual([]);
  });

  it('-o .dot writes the Graphviz source; --collapse draws the block as one box', () => {
    expect(keraflow(['siamese.kf', '-o', 'siamese.dot'])).toEqual({ status: 0, stdout: '', stderr: '' });
    const dot = readFileSync(join(directory, 'siamese.dot'), 'utf8');
    expect(dot).toMatch(/^digraph model \{\n/);
    expect(dot).toContain('subgraph cluster_layer_');
    expect(keraflow(['siamese.kf', '--collapse', '-o', 'collapsed.dot']).status).toBe(0);
    const collapsed = readFileSync(join(directory, 'collapsed.dot'), 'utf8');
    expect(collapsed).not.toContain('subgraph');
    expect(collapsed).toMatch(/shape=box3d[^\n]*label=<<B>Residual<\/B><BR\/>residual_1<BR\/><FONT POINT-SIZE="9">544 params<\/FONT>>/);
    expect(collapsed).not.toContain('dense_1');
  });

  it('-o .png writes a PNG', () => {
    expect(keraflow(['siamese.kf', '-o', 'siamese.png'])).toEqual({ status: 0, stdout: '', stderr: '' });
    const png = readPng(readFileSync(join(directory, 'siamese.png')));
    expect(png.width).toBeGreaterThan(100);
    expect(png.height).toBeGreaterThan(png.width);
  });

  it('a file with shape errors: the diagnostics on stderr, the picture still drawn with the fault in red, exit 1', () => {
    const result = keraflow(['broken.kf']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^broken\.kf:3:43: error KF302: pooling1d_1 \(Pooling1D\) takes inputs of rank 3/);
    const svg = readSvg(result.stdout);
    const pooling = svg.groups.find((group) => group.texts.includes('pooling1d_1'));
    expect(pooling?.texts).toEqual(['Pooling1D', 'pooling1d_1', '? params', 'KF302']);
    expect(result.stdout).toContain('stroke="#c62828"');
    const arrowIn = svg.groups.find((group) => group.className === 'edge' && group.texts[0] === '[batch, H - 2, W - 2, 16]');
    expect(arrowIn?.texts).toEqual(['[batch, H - 2, W - 2, 16]', 'KF302']);
    expect(svg.texts).toContain('dense_1');
    expect(svg.texts.filter((text) => text === '?')).toHaveLength(2);
  });

  it('an unknown model: an error listing the models there are, nothing written; no --model: the first', () => {
    const result = keraflow(['two.kf', '--model', 'Third', '-o', 'third.svg']);
    expect(result).toEqual({ status: 1, stdout: '', stderr: 'keraflow graph: two.kf: expected the name of a model in the file (First, Second), found Third\n' });
    expect(existsSync(join(directory, 'third.svg'))).toBe(false);
    const unnamed = keraflow(['two.kf']);
    expect(unnamed.status).toBe(0);
    expect(readSvg(unnamed.stdout).texts).toContain('First');
    expect(readSvg(keraflow(['two.kf', '--model', 'Second']).stdout).texts).toContain('[batch, 2]');
  });

  it('refuses an output it cannot write by its extension', () => {
    const result = keraflow(['siamese.kf', '-o', 'siamese.jpg']);
    expect(result).toEqual({ status: 1, stdout: '', stderr: 'keraflow graph: expected an output file ending in .svg, .png, .dot, found siamese.jpg\n' });
    expect(readdirSync(directory).filter((name) => name.endsWith('.jpg'))).toEqual([]);
  });
});

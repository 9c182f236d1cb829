/** DOT source of a model, read back by Graphviz itself (its JSON output): structure, colours, and names that try to break out. */
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelToDot } from '../../../compiler/graph/dot.ts';
import { escapeHtmlLabelText } from '../../../compiler/graph/escape.ts';
import { dotToSvg } from '../../../compiler/graph/render.ts';
import { symbol } from '../../../runtime/engine/dimension.ts';
import { ModelBuilder } from './build-model.ts';
import { brokenModel, siameseModel } from './models.ts';
import { readSvg } from './read-svg.ts';

interface LaidOut {
  objects: { _gvid: number; name: string; nodes?: number[]; subgraphs?: number[]; label?: string; color?: string; shape?: string }[];
  edges?: { tail: number; head: number; label?: string; color?: string; style?: string }[];
}

let graphviz: Graphviz;
beforeAll(async () => {
  graphviz = await Graphviz.load();
});

function layOut(dot: string) {
  const graph = JSON.parse(graphviz.layout(dot, 'json', 'dot')) as LaidOut;
  const named = (name: string) => {
    const found = graph.objects.find((object) => object.name === name);
    if (!found) throw new Error(`expected ${name} in the laid-out graph, found ${graph.objects.map((object) => object.name).join(', ')}`);
    return found;
  };
  const nameOf = (gvid: number) => graph.objects.find((object) => object._gvid === gvid)!.name;
  const boxes = graph.objects.filter((object) => !object.name.startsWith('cluster_')).map((object) => object.name);
  const clusters = graph.objects.filter((object) => object.name.startsWith('cluster_')).map((object) => object.name);
  const edges = (graph.edges ?? []).map((edge) => ({ ...edge, from: nameOf(edge.tail), to: nameOf(edge.head) }));
  return { named, nameOf, boxes, clusters, edges };
}

describe('modelToDot', () => {
  it('one Graphviz node per input, drawn layer and output; a shared layer once with an edge per use', () => {
    const graph = layOut(modelToDot(siameseModel()));
    expect(graph.boxes.sort()).toEqual(['input_0', 'input_1', 'layer_1', 'layer_3', 'layer_4', 'layer_5', 'output_0']);
    expect(graph.edges.map((edge) => `${edge.from} -> ${edge.to}`)).toEqual([
      'input_0 -> layer_1',
      'layer_1 -> layer_3',
      'input_1 -> layer_1',
      'layer_1 -> layer_3',
      'layer_3 -> layer_4',
      'layer_3 -> layer_4',
      'layer_4 -> layer_5',
      'layer_5 -> output_0',
    ]);
    expect(graph.edges.filter((edge) => edge.to === 'layer_1').map((edge) => edge.label)).toEqual(['[batch, T, 16]<BR/>use 1', '[batch, T, 16]<BR/>use 2']);
    expect(graph.edges[3].label).toBe('[batch, T - 2, 8]<BR/>use 2 → use 2');
    expect(graph.named('layer_1').label).toBe('<B>Conv1D</B><BR/>conv1d_1<BR/><FONT POINT-SIZE="9">392 params</FONT>');
    expect(graph.named('input_0').label).toBe('<B>input</B><BR/>left');
  });

  it('a block is a cluster holding its layers, the nested sequential a cluster inside it', () => {
    const graph = layOut(modelToDot(siameseModel()));
    expect(graph.clusters).toEqual(['cluster_layer_0', 'cluster_layer_2']);
    const encoder = graph.named('cluster_layer_0');
    expect(encoder.nodes!.map(graph.nameOf)).toEqual(['layer_1', 'layer_3']);
    expect(encoder.subgraphs!.map(graph.nameOf)).toEqual(['cluster_layer_2']);
    expect(encoder.label).toBe('<B>Encoder</B> encoder <FONT POINT-SIZE="9">(428 params)</FONT>');
    expect(graph.named('cluster_layer_2').nodes!.map(graph.nameOf)).toEqual(['layer_3']);
  });

  it('collapse: no clusters, the block one box with its class, name and parameters', () => {
    const graph = layOut(modelToDot(siameseModel(), { collapse: true }));
    expect(graph.clusters).toEqual([]);
    expect(graph.boxes).toEqual(['input_0', 'input_1', 'layer_0', 'layer_4', 'layer_5', 'output_0']);
    expect(graph.named('layer_0')).toMatchObject({ shape: 'box3d', label: '<B>Encoder</B><BR/>encoder<BR/><FONT POINT-SIZE="9">428 params</FONT>' });
    expect(graph.edges.map((edge) => `${edge.from} -> ${edge.to}`)).toEqual([
      'input_0 -> layer_0',
      'input_1 -> layer_0',
      'layer_0 -> layer_4',
      'layer_0 -> layer_4',
      'layer_4 -> layer_5',
      'layer_5 -> output_0',
    ]);
  });

  it('a layer with errors and the edge into it are red with the code; unknown shapes are dashed and "?"', () => {
    const graph = layOut(modelToDot(brokenModel()));
    expect(graph.named('layer_1')).toMatchObject({
      color: '#c62828',
      label: '<B>MaxPooling1D</B><BR/>max_pooling1d_1<BR/><FONT POINT-SIZE="9">0 params</FONT><BR/><FONT COLOR="#c62828">KF302</FONT>',
    });
    expect(graph.named('layer_0').color).toBe('#35598f');
    const red = graph.edges.filter((edge) => edge.color === '#c62828');
    expect(red.map((edge) => [edge.from, edge.to, edge.label])).toEqual([['layer_0', 'layer_1', '[batch, H - 2, H - 2, 16]<BR/><FONT COLOR="#c62828">KF302</FONT>']]);
    const dashed = graph.edges.filter((edge) => edge.style === 'dashed');
    expect(dashed.map((edge) => `${edge.from} -> ${edge.to} ${edge.label}`)).toEqual(['layer_1 -> layer_2 ?', 'tensor_4 -> layer_4 ?', 'layer_2 -> output_0 ?', 'layer_4 -> output_1 ?']);
    expect(graph.named('layer_2').label).toBe('<B>Dense</B><BR/>dense_1<BR/><FONT POINT-SIZE="9">? params</FONT>');
  });
});

describe('names that try to break out of the DOT source', () => {
  const hostile = [
    'a"] ; evil [label="x',
    '</B></FONT>>]; injected -> here [label=<',
    'ends with a backslash\\',
    '\\N\\G\\E\\L',
    '} subgraph cluster_x { y',
    'a&amp;b &lt; &#38; c',
    "it's <b>",
    'line\nbreak\ttab',
    'bell\u0007 null\u0000',
    'lone \uD800 surrogate',
    'ünïcödé 😀 名前',
  ];
  /** What each name reads as in the picture: breaks become spaces, unencodable characters U+FFFD. */
  const shown = hostile.map((name) => name.replace(/[\n\t]/g, ' ').replace(/[\u0000\u0007\uD800]/g, '\uFFFD'));

  function hostileModel() {
    const model = new ModelBuilder(hostile[0]);
    let tensor = model.input(hostile[1], [null, symbol('N')]);
    for (const name of hostile) tensor = model.apply(model.layer(name, name, { paramCount: 1 }), [tensor], [null, symbol('N')]);
    model.output(hostile[2], tensor);
    return model.model;
  }

  it('escapes markup, quotes, backslashes and control characters in labels', () => {
    expect(escapeHtmlLabelText('a<b>&"c\'\\')).toBe('a&lt;b&gt;&amp;&quot;c&#39;\\\\');
    expect(escapeHtmlLabelText('x\ny\u0001z\uDC00')).toBe('x y\uFFFDz\uFFFD');
    expect(escapeHtmlLabelText('😀')).toBe('😀');
  });

  it('Graphviz reads the source as the same graph: no node or edge added, none lost', () => {
    const graph = layOut(modelToDot(hostileModel()));
    expect(graph.boxes).toEqual(['input_0', ...hostile.map((_, index) => `layer_${index}`), 'output_0']);
    expect(graph.edges).toHaveLength(hostile.length + 1);
    expect(graph.clusters).toEqual([]);
  });

  it('the SVG is valid XML and shows every name as written', async () => {
    const svg = readSvg(await dotToSvg(modelToDot(hostileModel())));
    for (const [index, name] of shown.entries()) {
      const box = svg.groups.find((group) => group.id === `layer_${index}`);
      expect(box?.texts).toEqual([name, name, '1 param']);
    }
    expect(svg.groups.find((group) => group.id === 'input_0')?.texts).toEqual(['input', shown[1]]);
    expect(svg.groups.find((group) => group.id === 'output_0')?.texts).toEqual(['output', shown[2]]);
    expect(svg.texts[0]).toBe(shown[0]);
  });
});

/**
 * The playground page: the editor on the left, the picture of the model
 * under the cursor and the training panel on the right. This file only
 * wires the parts together; each lives in its own file.
 */
import { forEachDiagnostic } from '@codemirror/lint';
import { formatDocument } from '@codemirror/lsp-client';
import { createEditor, setText } from './editor.ts';
import { graphPanel } from './graph-panel.ts';
import { refreshInlineShapes } from './inline-shapes.ts';
import { exampleTexts, shareUrl, textFromUrl } from './share.ts';
import { trainingPanel } from './training-panel.ts';

const defaultExample = 'mnist_mlp';
const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = element('status');

const opened = textFromUrl(location);
if (opened && 'problem' in opened) status.textContent = opened.problem;
const initial = opened && 'text' in opened ? opened : { text: exampleTexts.get(defaultExample) ?? '', example: defaultExample };

// The examples menu: every examples/*.kf.
const menu = element<HTMLSelectElement>('examples');
menu.append(new Option('(your text)', ''), ...[...exampleTexts.keys()].map((name) => new Option(name, name)));
menu.value = initial.example ?? '';

const graph = graphPanel(element('graph'), (model) => training.showModel(model));
let redraw: ReturnType<typeof setTimeout> | undefined;
const redrawSoon = () => {
  clearTimeout(redraw);
  redraw = setTimeout(() => void graph.refresh(view), 150);
};

const { view } = createEditor(element('editor'), initial.text, {
  checked() {
    void graph.refresh(view);
    void refreshInlineShapes(view).catch(() => {});
    document.body.dataset.checked = String(Number(document.body.dataset.checked ?? 0) + 1);
  },
  changed() {
    if (menu.value !== '' && view.state.doc.toString() !== exampleTexts.get(menu.value)) menu.value = '';
  },
  moved: redrawSoon,
});

const training = trainingPanel(() => ({ text: view.state.doc.toString(), model: graph.model }));

menu.addEventListener('change', () => {
  const text = exampleTexts.get(menu.value);
  if (text === undefined) return;
  setText(view, text);
  history.replaceState(null, '', `?example=${encodeURIComponent(menu.value)}`);
});
element('format').addEventListener('click', () => formatDocument(view));
element('share').addEventListener('click', async () => {
  const url = shareUrl(view.state.doc.toString(), location);
  history.replaceState(null, '', url);
  await navigator.clipboard?.writeText(url).catch(() => {});
  status.textContent = 'link copied: this page’s URL holds the text';
});

/** The diagnostics the editor shows, with lines and characters from 0 (as the checker's), for the end-to-end tests. */
function shownDiagnostics() {
  const where = (offset: number) => {
    const line = view.state.doc.lineAt(offset);
    return { line: line.number - 1, character: offset - line.from };
  };
  const shown: { code?: string; severity: string; message: string; start: { line: number; character: number }; end: { line: number; character: number }; fixes: string[] }[] = [];
  forEachDiagnostic(view.state, (diagnostic, from, to) => {
    shown.push({
      code: diagnostic.source,
      severity: diagnostic.severity,
      message: diagnostic.message,
      start: where(from),
      end: where(to),
      fixes: (diagnostic.actions ?? []).map((action) => action.name),
    });
  });
  return shown;
}

/** For the end-to-end tests and the curious: the editor and the panels. */
Object.assign(window, { playground: { view, graph, training, diagnostics: shownDiagnostics } });

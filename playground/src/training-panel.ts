/**
 * The training panel: data set, epochs, Train and Stop, a progress bar,
 * the loss and metric curves after each epoch, the held-out result, and
 * the trained model's files to download. The work runs in
 * training-worker.ts; a JSON file dropped on the page becomes the data.
 */
import type { DataChoice, DownloadFile, TrainMessage, TrainRequest } from './training-protocol.ts';

export interface TrainingPanel {
  /** The editor's cursor moved to another model: that one trains. */
  showModel(model: string | undefined): void;
}

export function trainingPanel(source: () => { text: string; model: string | undefined }): TrainingPanel {
  const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const [datasetMenu, epochsInput, trainButton, stopButton] = [element<HTMLSelectElement>('dataset'), element<HTMLInputElement>('epochs'), element('train'), element('stop')];
  const [progress, status, curves, result] = [element<HTMLProgressElement>('progress'), element('train-status'), element('curves'), element('result')];
  const downloadButtons = { keraflow: element<HTMLButtonElement>('download-model'), tfjs: element<HTMLButtonElement>('download-tfjs'), typescript: element<HTMLButtonElement>('download-ts') };
  let dropped: { name: string; text: string } | undefined;
  let worker: Worker | undefined;
  let files: Record<keyof typeof downloadButtons, DownloadFile[]> | undefined;
  let model: string | undefined;

  function showModel(name: string | undefined): void {
    model = name;
    trainButton.textContent = name ? `Train ${name}` : 'Train';
  }

  function setRunning(running: boolean): void {
    trainButton.toggleAttribute('disabled', running);
    stopButton.toggleAttribute('disabled', !running);
    document.body.dataset.training = running ? 'running' : 'idle';
  }

  function receive(message: TrainMessage): void {
    switch (message.type) {
      case 'status':
        status.textContent = message.text;
        break;
      case 'progress':
        progress.value = (message.epoch + message.batch / message.steps) / message.epochs;
        break;
      case 'epoch':
        curves.innerHTML = message.svg;
        status.textContent = `epoch ${message.epoch + 1}: ${describe(message.logs)}`;
        break;
      case 'done':
        progress.value = message.stopped ? progress.value : 1;
        status.textContent = `trained ${message.model}${message.stopped ? ' (stopped early)' : ''}`;
        result.textContent = `held-out (${message.testCount} samples): ${describe(message.test)}`;
        result.dataset.accuracy = String(message.test.accuracy ?? message.test.acc ?? '');
        files = message.files;
        for (const [kind, button] of Object.entries(downloadButtons)) button.disabled = message.files[kind as keyof typeof downloadButtons].length === 0;
        setRunning(false);
        break;
      case 'failed':
        status.textContent = `training failed: ${message.message}`;
        setRunning(false);
        break;
    }
  }

  trainButton.addEventListener('click', () => {
    const choice: DataChoice | undefined = datasetMenu.value === 'file' ? dropped && { file: dropped } : { builtIn: datasetMenu.value as 'mnist' | 'iris' };
    if (!choice) return;
    const epochs = Number(epochsInput.value);
    if (!Number.isInteger(epochs) || epochs < 1) {
      status.textContent = `epochs must be a whole number of at least 1, found '${epochsInput.value}'`;
      return;
    }
    worker ??= new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<TrainMessage>) => receive(event.data);
    worker.onerror = (event) => receive({ type: 'failed', message: event.message });
    const { text } = source();
    const request: TrainRequest = { type: 'train', text, model, data: choice, epochs };
    progress.value = 0;
    curves.textContent = '';
    result.textContent = '';
    delete result.dataset.accuracy;
    for (const button of Object.values(downloadButtons)) button.disabled = true;
    setRunning(true);
    worker.postMessage(request);
  });
  stopButton.addEventListener('click', () => worker?.postMessage({ type: 'stop' }));

  for (const [kind, button] of Object.entries(downloadButtons)) {
    button.addEventListener('click', () => {
      for (const file of files?.[kind as keyof typeof downloadButtons] ?? []) download(file);
    });
  }

  // A JSON data file dropped anywhere on the page.
  document.addEventListener('dragover', (event) => {
    event.preventDefault();
    document.body.classList.add('dragging');
  });
  document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
  document.addEventListener('drop', async (event) => {
    event.preventDefault();
    document.body.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    if (!file.name.toLowerCase().endsWith('.json')) {
      status.textContent = `expected a .json file of {"x": [...], "y": [...]}, found '${file.name}'`;
      return;
    }
    dropped = { name: file.name, text: await file.text() };
    const option = datasetMenu.querySelector<HTMLOptionElement>('option[value=file]')!;
    option.disabled = false;
    option.textContent = `dropped: ${file.name}`;
    datasetMenu.value = 'file';
    status.textContent = `data: ${file.name} (${file.size} bytes); Train to use it`;
  });

  setRunning(false);
  return { showModel };
}

function describe(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name} ${value.toFixed(4)}`)
    .join(' · ');
}

function download(file: DownloadFile): void {
  const url = URL.createObjectURL(new Blob([file.bytes as BlobPart], { type: file.type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: file.name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

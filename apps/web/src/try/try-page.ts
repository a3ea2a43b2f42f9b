import type { Page } from '../app/page.js';
import { hashOf, type Route } from '../app/router.js';
import type { SiteState } from '../app/site-state.js';
import { el, errorBox, replaceChildren } from '../ui/dom.js';
import { DrawCanvas } from './draw-canvas.js';
import type { ImageInput, InferenceModel, ModelEntry, ModelSource } from './model-source.js';
import { fitPicture, mnistStyle } from './preprocess.js';
import { MODEL_SOURCES } from './sources.js';
import { topK } from './top-k.js';

/** Largest side a dropped picture is decoded at (it is shrunk to the model's 28 or 32 pixels anyway). */
const MAX_PICTURE_SIDE = 1024;

function preview(image: ImageInput): HTMLCanvasElement {
  const canvas = el('canvas', { width: image.width, height: image.height, className: 'preview', title: 'what the model sees' });
  const context = canvas.getContext('2d') as CanvasRenderingContext2D;
  const pixels = context.createImageData(image.width, image.height);
  for (let i = 0; i < image.width * image.height; i++) {
    for (let c = 0; c < 3; c++) pixels.data[i * 4 + c] = image.data[i * image.channels + (image.channels === 1 ? 0 : c)];
    pixels.data[i * 4 + 3] = 255;
  }
  context.putImageData(pixels, 0, 0);
  return canvas;
}

async function pictureRgba(file: Blob): Promise<{ rgba: Uint8ClampedArray; width: number; height: number }> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_PICTURE_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return { rgba: context.getImageData(0, 0, width, height).data, width, height };
}

/**
 * "Try the model": pick a model, draw a digit (MNIST, Fashion-MNIST) or drop a picture (any
 * dataset), and see the five most probable classes. The model runs in this browser; no image
 * leaves it.
 */
export async function mountTryPage(route: Route, site: SiteState): Promise<Page> {
  const choices: { source: ModelSource; entry: ModelEntry }[] = MODEL_SOURCES.flatMap((source) => source.entries(site.index).map((entry) => ({ source, entry })));
  let model: InferenceModel | null = null;
  let loading = 0;

  const status = el('p', { className: 'model-status', 'aria-live': 'polite' });
  const inputArea = el('div', { className: 'try-input' });
  const seen = el('div', { className: 'try-seen' });
  const result = el('div', { className: 'try-result', 'aria-live': 'polite' });

  const show = async (image: ImageInput | null): Promise<void> => {
    if (model === null) return;
    if (image === null) {
      replaceChildren(seen);
      replaceChildren(result, el('p', { className: 'hint' }, 'Draw something first.'));
      return;
    }
    const current = model;
    replaceChildren(seen, el('p', { className: 'hint' }, 'What the model sees:'), preview(image));
    try {
      const probabilities = await current.predict(image);
      if (current !== model) return;
      const best = topK(probabilities, current.input.classNames, 5);
      replaceChildren(
        result,
        el('h2', { 'data-top-class': best[0].name }, 'Prediction: ', best[0].name),
        el(
          'ol',
          { className: 'predictions' },
          ...best.map((score) =>
            el(
              'li',
              { 'data-class': score.name },
              el('span', { className: 'class-name' }, score.name),
              el('span', { className: 'bar', style: `width: ${(score.probability * 100).toFixed(1)}%` }),
              el('span', { className: 'probability' }, `${(score.probability * 100).toFixed(1)} %`),
            ),
          ),
        ),
      );
    } catch (error) {
      replaceChildren(result, errorBox(`The model could not run: ${(error as Error).message}`));
    }
  };

  const fileInput = el('input', {
    type: 'file',
    accept: 'image/*',
    'aria-label': 'choose a picture',
    onchange: (e: Event) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (file !== undefined) void usePicture(file);
    },
  });
  const usePicture = async (file: Blob): Promise<void> => {
    if (model === null) return;
    try {
      const { rgba, width, height } = await pictureRgba(file);
      await show(fitPicture(rgba, width, height, model.input.imageShape));
    } catch (error) {
      replaceChildren(result, errorBox(`That picture could not be read: ${(error as Error).message}`));
    }
  };
  const dropZone = el(
    'div',
    {
      className: 'drop-zone',
      ondragover: (e: DragEvent) => e.preventDefault(),
      ondrop: (e: DragEvent) => {
        e.preventDefault();
        const file = e.dataTransfer?.files[0];
        if (file !== undefined) void usePicture(file);
      },
    },
    'Drop a picture here, or ',
    fileInput,
  );

  const showInputs = (current: InferenceModel): void => {
    if (current.input.imageShape[2] === 1) {
      const canvas = new DrawCanvas(() => {
        const { gray, side } = canvas.intensities();
        void show(mnistStyle(gray, side, side, current.input.imageShape[0]));
      });
      const clear = el('button', { type: 'button', onclick: () => (canvas.clear(), replaceChildren(result), replaceChildren(seen)) }, 'Clear');
      replaceChildren(inputArea, el('p', { className: 'hint' }, 'Draw a digit (white on black, as in MNIST):'), canvas.canvas, el('div', {}, clear), dropZone);
    } else {
      replaceChildren(inputArea, el('p', { className: 'hint' }, `Drop a picture; it is cropped to a square and shrunk to ${current.input.imageShape[0]}×${current.input.imageShape[1]}.`), dropZone);
    }
  };

  const choose = async (key: string): Promise<void> => {
    const token = ++loading;
    model?.dispose();
    model = null;
    replaceChildren(inputArea);
    replaceChildren(seen);
    replaceChildren(result);
    const choice = choices.find((c) => c.entry.key === key);
    if (choice === undefined) return;
    history.replaceState(null, '', hashOf('try', { run: key.startsWith('run:') ? key.slice(4) : undefined, model: key.startsWith('run:') ? undefined : key }));
    replaceChildren(status, `Loading ${choice.entry.label}…`);
    try {
      const loaded = await choice.source.load(choice.entry);
      if (token !== loading) return loaded.dispose();
      model = loaded;
      replaceChildren(status, `${choice.source.kind}: ${loaded.description}. Classes: ${loaded.input.classNames.join(', ')}.`);
      showInputs(loaded);
    } catch (error) {
      if (token === loading) replaceChildren(status, errorBox(`The model could not be loaded: ${(error as Error).message}`));
    }
  };

  const wanted = route.params.get('model') ?? (route.params.has('run') ? `run:${route.params.get('run')}` : undefined);
  const initial = choices.find((c) => c.entry.key === wanted) ?? choices[0];
  const select = el(
    'select',
    { 'aria-label': 'model', onchange: (e: Event) => void choose((e.target as HTMLSelectElement).value) },
    ...choices.map((c) => el('option', { value: c.entry.key, selected: c === initial }, c.entry.label)),
  );
  const element = el(
    'section',
    { className: 'page try-page' },
    el('h1', {}, 'Try the model'),
    el('p', { className: 'hint' }, 'The model runs in this browser with TensorFlow.js; nothing is uploaded.'),
    choices.length === 0 ? el('p', { className: 'hint' }, 'No run has a checkpoint yet. Train one with `signflow train`, then reload.') : el('label', {}, 'Model ', select),
    status,
    el('div', { className: 'try-area' }, inputArea, seen, result),
  );
  if (initial !== undefined) void choose(initial.entry.key);
  return { element, dispose: () => (loading++, model?.dispose()) };
}

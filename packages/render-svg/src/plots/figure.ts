import { DeepReplayError, type Extent, type Figure, type Frame, type RenderOptions } from "@deepreplay/frames";
import { drawPanels } from "./layout.js";
import { framePanels, panelCount } from "./panels.js";
import { PANEL_HEIGHT, PANEL_WIDTH } from "./theme.js";
import { checkSize } from "./validate.js";

/** Options of the SVG renderer: the registry's, plus what animation frames must share. */
export interface SvgRenderOptions extends RenderOptions {
  /** Loss histograms: the loss extent over every epoch, so that all frames bin alike (the original's scale). */
  lossExtent?: Extent;
}

/** Options of a figure: its total size (default: a default-sized panel per cell); titles come with the figure. */
export type FigureRenderOptions = Omit<SvgRenderOptions, "title">;

/** Room the figure's heading takes; panels share the rest of the height. */
const FIGURE_HEADING = 40;

/**
 * One frame as one SVG element: its panels side by side (two for a binary probability histogram),
 * `width` × `height` in total, the title prefix before "Epoch: N".
 */
export function drawFrame(frame: Frame, options: SvgRenderOptions, document: Document): SVGSVGElement {
  checkSize("width", options.width);
  checkSize("height", options.height);
  const count = panelCount(frame);
  const panels = framePanels(frame, {
    width: (options.width ?? count * PANEL_WIDTH) / count,
    height: options.height ?? PANEL_HEIGHT,
    title: options.title,
    epochInTitle: true,
    lossExtent: options.lossExtent,
  });
  return drawPanels(panels, { columns: count }, document);
}

/**
 * Several frames of one epoch as one SVG (the original's compose_plots): their panels in a grid
 * of `figure.columns` columns under "TITLE - Epoch N", each panel titled without the epoch and
 * prefixed by its entry of `figure.panelTitles`.
 */
export function drawFigure(figure: Figure, options: FigureRenderOptions, document: Document): SVGSVGElement {
  checkFigure(figure);
  checkSize("width", options.width);
  checkSize("height", options.height);
  const cells = figure.panels.reduce((n, frame) => n + panelCount(frame), 0);
  const columns = Math.min(figure.columns, cells);
  const rows = Math.ceil(cells / columns);
  const width = (options.width ?? columns * PANEL_WIDTH) / columns;
  const height = options.height === undefined ? PANEL_HEIGHT : (options.height - FIGURE_HEADING) / rows;
  checkSize("height per row", height);
  const panels = figure.panels.flatMap((frame, i) =>
    framePanels(frame, { width, height, title: figure.panelTitles?.[i], epochInTitle: false, lossExtent: options.lossExtent }),
  );
  const heading = figure.title ? `${figure.title} - Epoch ${figure.epoch}` : `Epoch ${figure.epoch}`;
  return drawPanels(panels, { columns, heading }, document);
}

function checkFigure(figure: Figure): void {
  const refuse = (message: string, hint: string) => {
    throw new DeepReplayError("INVALID_FIGURE", message, { hint });
  };
  if (!figure.panels?.length) refuse("A figure needs at least one panel.", "Pass the frames of one epoch in figure.panels.");
  if (!Number.isInteger(figure.columns) || figure.columns < 1) {
    refuse(`A figure's columns must be a positive integer, not ${figure.columns}.`, "Set figure.columns to the number of panels per row.");
  }
  const stray = figure.panels.find((frame) => frame.epoch !== figure.epoch);
  if (stray) {
    refuse(
      `A figure shows one epoch (${figure.epoch}), but a ${stray.kind} panel is of epoch ${stray.epoch}.`,
      "Compose frames of the same epoch, or set figure.epoch to theirs.",
    );
  }
}

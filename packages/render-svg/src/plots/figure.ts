import type * as Plot from "@observablehq/plot";
import {
  checkCellSize,
  checkLayout,
  defaultLayout,
  DeepReplayError,
  gridLayout,
  panelCount,
  renderers,
  sizeOption,
  type Figure,
  type FigureLayout,
  type PanelArea,
  type Frame,
  type RendererPlugin,
  type RendererRegistry,
  type RenderOptions,
} from "@deepreplay/frames";
import { drawPanels, FIGURE_HEADING_FONT_SIZE, FIGURE_HEADING_HEIGHT, type PlacedPanel } from "./layout.js";
import type { PanelOptions } from "./panel.js";
import { isSvgPlugin } from "./plugin.js";
import { builtInSvgPlugin } from "./plugins.js";
import { fitText } from "./text.js";
import { PANEL_HEIGHT, PANEL_WIDTH } from "./theme.js";

/** Options of a figure: its total size (default: a default-sized panel per cell); titles come with the figure. */
export type FigureRenderOptions = Omit<RenderOptions, "title">;

/**
 * One frame as one SVG element: its panels side by side (two for a binary probability histogram),
 * `width` × `height` in total, the title prefix before "Epoch: N". Drawn by `plugin`: the registry's
 * "svg" plugin for the frame's kind, else render-svg's own.
 */
export function drawFrame(
  frame: Frame,
  options: RenderOptions,
  document: Document,
  plugin: RendererPlugin = svgPluginFor(frame, renderers),
): SVGSVGElement {
  const count = panelCount(frame);
  const layout = gridLayout(count, count);
  const { width = count * PANEL_WIDTH, height = PANEL_HEIGHT } = checkedSize(options);
  checkCellSize(layout, width, height);
  const panels = placePanels(
    [frame],
    layout,
    { width, height, top: 0 },
    { title: options.title, epochInTitle: true },
    () => plugin,
  );
  return drawPanels(panels, { width, height }, document);
}

/**
 * Several frames of one epoch as one SVG (the original's compose_plots): their panels on the
 * cells of `figure.layout` (default: the frames' default layout) under "TITLE - Epoch N", each
 * panel titled without the epoch and prefixed by its entry of `figure.panelTitles`. Each frame is
 * drawn by `registry`'s "svg" plugin for its kind, else by render-svg's own.
 */
export function drawFigure(
  figure: Figure,
  options: FigureRenderOptions = {},
  document: Document,
  registry: RendererRegistry = renderers,
): SVGSVGElement {
  checkFigure(figure);
  const layout = figure.layout ?? defaultLayout(figure.panels);
  checkLayout(
    layout,
    figure.panels.reduce((n, frame) => n + panelCount(frame), 0),
  );
  const { width, height } = figureSize(layout, options);
  const panels = placePanels(
    figure.panels,
    layout,
    { width, height, top: FIGURE_HEADING_HEIGHT },
    { epochInTitle: false },
    (frame) => svgPluginFor(frame, registry),
    figure.panelTitles,
  );
  const heading = figure.title ? `${figure.title} - Epoch ${figure.epoch}` : `Epoch ${figure.epoch}`;
  return drawPanels(
    panels,
    { width, height, heading: fitText(heading, width - 8, FIGURE_HEADING_FONT_SIZE) },
    document,
  );
}

/** The plugin that draws a frame as SVG: the registry's for its kind, else render-svg's own. */
export function svgPluginFor(frame: Frame, registry: RendererRegistry): RendererPlugin {
  // A kind nobody draws gets the registry's NO_RENDERER, naming the formats it has.
  return registry.find(frame?.kind, "svg") ?? builtInSvgPlugin(frame?.kind) ?? registry.get(frame?.kind, "svg");
}

/**
 * The size a figure of this layout is drawn at: the one asked for, else a default-sized panel per
 * cell under the heading; refused when a cell would be too small to keep its labels apart.
 */
export function figureSize(layout: FigureLayout, options: RenderOptions): { width: number; height: number } {
  const { width = layout.columns * PANEL_WIDTH, height = FIGURE_HEADING_HEIGHT + layout.rows * PANEL_HEIGHT } =
    checkedSize(options);
  checkCellSize(layout, width, height, FIGURE_HEADING_HEIGHT);
  return { width, height };
}

interface Area {
  readonly width: number;
  readonly height: number;
  /** Room above the grid, for the figure's heading. */
  readonly top: number;
}

/**
 * Every panel the frames draw, on its cells of the layout's grid in `area`: cell edges on whole
 * pixels, so that panels meet without gaps or overlaps. A plugin that draws with Plot gives each
 * panel's options; any other draws its whole frame as markup over the box of the frame's cells.
 */
function placePanels(
  frames: readonly Frame[],
  layout: FigureLayout,
  area: Area,
  options: Omit<PanelOptions, "width" | "height">,
  pluginOf: (frame: Frame) => RendererPlugin,
  titles?: readonly (string | undefined)[],
): PlacedPanel[] {
  const cellWidth = area.width / layout.columns;
  const cellHeight = (area.height - area.top) / layout.rows;
  const xAt = (column: number) => Math.round(column * cellWidth);
  const yAt = (row: number) => area.top + Math.round(row * cellHeight);
  const boxOf = ({ row, column, rowSpan, columnSpan }: PanelArea) => {
    const [x, y] = [xAt(column), yAt(row)];
    return { x, y, width: xAt(column + columnSpan) - x, height: yAt(row + rowSpan) - y };
  };
  let drawn = 0;
  return frames.flatMap((frame, i): PlacedPanel[] => {
    const plugin = pluginOf(frame);
    const areas = layout.areas.slice(drawn, (drawn += panelCount(frame)));
    const title = titles?.[i] ?? options.title;
    if (!isSvgPlugin(plugin)) {
      const { x, y, width, height } = boundingBox(areas.map(boxOf));
      return [{ markup: svgOf(plugin, frame, { width, height, title }), x, y, width, height }];
    }
    return areas.map((cells, k) => {
      const { x, y, width, height } = boxOf(cells);
      // A frame's panels are made together (a probability histogram's per class); each is made at its own size.
      const plot: Plot.PlotOptions = plugin.panels(frame, { ...options, width, height, title })[k];
      return { plot, x, y };
    });
  });
}

function boundingBox(boxes: readonly { x: number; y: number; width: number; height: number }[]) {
  const x = Math.min(...boxes.map((box) => box.x));
  const y = Math.min(...boxes.map((box) => box.y));
  const width = Math.max(...boxes.map((box) => box.x + box.width)) - x;
  const height = Math.max(...boxes.map((box) => box.y + box.height)) - y;
  return { x, y, width, height };
}

/** A plugin's SVG of a frame, refused unless it is markup. */
export function svgOf(plugin: RendererPlugin, frame: Frame, options: RenderOptions): string {
  const svg = plugin.render(frame as never, options);
  if (typeof svg !== "string") {
    throw new DeepReplayError(
      "INVALID_PLUGIN",
      `The "svg" renderer for "${frame.kind}" frames did not return a string.`,
      {
        hint: "An svg plugin's render() must return the SVG document as a string.",
      },
    );
  }
  return svg;
}

function checkedSize(options: RenderOptions): RenderOptions {
  sizeOption("width", options.width);
  sizeOption("height", options.height);
  return options;
}

function checkFigure(figure: Figure): void {
  const refuse = (message: string, hint: string) => {
    throw new DeepReplayError("INVALID_FIGURE", message, { hint });
  };
  if (!figure.panels?.length)
    refuse("A figure needs at least one panel.", "Pass the frames of one epoch in figure.panels.");
  const stray = figure.panels.find((frame) => frame.epoch !== figure.epoch);
  if (stray) {
    refuse(
      `A figure shows one epoch (${figure.epoch}), but a ${stray.kind} panel is of epoch ${stray.epoch}.`,
      "Compose frames of the same epoch, or set figure.epoch to theirs.",
    );
  }
}

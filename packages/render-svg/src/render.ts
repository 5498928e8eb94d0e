import { renderers, type Figure, type Frame, type RendererRegistry, type RenderOptions } from "@deepreplay/frames";
import { drawFigure, svgOf, svgPluginFor, type FigureRenderOptions } from "./plots/figure.js";
import { svgMarkup } from "./plots/dom.js";

/**
 * One frame as an SVG string, by the registry's "svg" plugin for its kind (render-svg's own unless
 * another was registered): Observable Plot drawing into jsdom. The same frame gives the same string.
 */
export function renderSvg(frame: Frame, options: RenderOptions = {}, registry: RendererRegistry = renderers): string {
  return svgOf(svgPluginFor(frame, registry), frame, options);
}

/** Several frames of one epoch as one SVG string, in a grid under "TITLE - Epoch N", each drawn by the registry's "svg" plugin for its kind. */
export function renderFigureSvg(
  figure: Figure,
  options: FigureRenderOptions = {},
  registry: RendererRegistry = renderers,
): string {
  return svgMarkup((document) => drawFigure(figure, options, document, registry));
}

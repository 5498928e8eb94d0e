import type { Figure, Frame } from "@deepreplay/frames";
import { nodeDocument, serializeSvg } from "./node/document.js";
import { drawFigure, drawFrame, type FigureRenderOptions, type SvgRenderOptions } from "./plots/figure.js";

/** One frame as an SVG string: Observable Plot drawing into jsdom. The same frame gives the same string. */
export function renderSvg(frame: Frame, options: SvgRenderOptions = {}): string {
  return serializeSvg(drawFrame(frame, options, nodeDocument()));
}

/** Several frames of one epoch as one SVG string, in a grid under "TITLE - Epoch N". */
export function renderFigureSvg(figure: Figure, options: FigureRenderOptions = {}): string {
  return serializeSvg(drawFigure(figure, options, nodeDocument()));
}

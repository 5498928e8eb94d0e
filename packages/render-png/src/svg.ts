import { renderFigureSvg, renderSvg } from "@deepreplay/render-svg";
import { renderers, type Figure, type Frame, type RendererRegistry, type RenderOptions } from "@deepreplay/frames";

/** A frame, or several frames of one epoch composed into one figure (the original's compose_plots). */
export type Drawable = Frame | Figure;

export function isFigure(item: Drawable): item is Figure {
  return Array.isArray((item as Figure).panels);
}

/** The SVG of a frame or a figure, each frame drawn by the "svg" plugin registered for its kind. */
export function toSvg(item: Drawable, options: RenderOptions = {}, registry: RendererRegistry = renderers): string {
  if (!isFigure(item)) return renderSvg(item, options, registry);
  const { width, height } = options;
  return renderFigureSvg(item, { width, height }, registry);
}

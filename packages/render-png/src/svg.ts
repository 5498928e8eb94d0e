import { renderFigureSvg, renderSvg } from "@deepreplay/render-svg";
import { renderers, type RendererRegistry, type RenderOptions } from "@deepreplay/frames";
import { isFigure, type Drawable } from "./drawable.js";

/** The SVG of a frame or a figure, each frame drawn by the "svg" plugin registered for its kind. */
export function toSvg(item: Drawable, options: RenderOptions = {}, registry: RendererRegistry = renderers): string {
  if (!isFigure(item)) return renderSvg(item, options, registry);
  const { width, height } = options;
  return renderFigureSvg(item, { width, height }, registry);
}

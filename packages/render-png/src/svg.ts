import { renderFigureSvg, type SvgRenderOptions } from "@deepreplay/render-svg";
import { DeepReplayError, renderers, type Figure, type Frame, type RendererRegistry } from "@deepreplay/frames";

/** A frame, or several frames of one epoch composed into one figure (the original's compose_plots). */
export type Drawable = Frame | Figure;

export function isFigure(item: Drawable): item is Figure {
  return Array.isArray((item as Figure).panels);
}

/**
 * The SVG of a frame, by the "svg" plugin registered for its kind, or of a figure, by
 * @deepreplay/render-svg's figure layout.
 */
export function toSvg(item: Drawable, options: SvgRenderOptions = {}, registry: RendererRegistry = renderers): string {
  if (isFigure(item)) {
    const { width, height, lossExtent } = options;
    return renderFigureSvg(item, { width, height, lossExtent });
  }
  const svg = registry.get(item.kind, "svg").render(item as never, options);
  if (typeof svg !== "string") {
    throw new DeepReplayError("INVALID_PLUGIN", `The "svg" renderer for "${item.kind}" frames did not return a string.`, {
      hint: "An svg plugin's render() must return the SVG document as a string.",
    });
  }
  return svg;
}

import { FRAME_KINDS, renderers, type Frame, type RendererRegistry, type RenderOptions } from "@deepreplay/frames";
import { svgToPng, type RasterizeOptions } from "./rasterize.js";
import type { Drawable } from "./drawable.js";
import { toSvg } from "./svg.js";

/** What PNG rendering takes: the SVG's options (size in CSS pixels, title), plus pixel density and background. */
export interface PngRenderOptions extends RenderOptions, Pick<RasterizeOptions, "scale" | "background"> {}

/** A frame or a figure as PNG bytes: its SVG, then resvg. `scale: 2` doubles the pixels, not the layout. */
export function renderPng(
  item: Drawable,
  options: PngRenderOptions = {},
  registry: RendererRegistry = renderers,
): Uint8Array {
  const { scale, background, ...svgOptions } = options;
  return svgToPng(toSvg(item, svgOptions, registry), { scale, background });
}

const defaults = { replace: true };

/**
 * Registers a "png" plugin for every frame kind that has an "svg" plugin now. Each draws with the
 * svg plugin registered at render time, so a later svg plugin for the kind is used too. With
 * `replace: false`, kinds that have a "png" plugin already keep it (importing the package does so).
 * Returns a function that removes the png plugin again.
 */
export function registerPngRenderers(
  registry: RendererRegistry = renderers,
  options: Partial<typeof defaults> = {},
): () => void {
  const { replace } = { ...defaults, ...options };
  const kinds = FRAME_KINDS.filter((kind) => registry.find(kind, "svg") && (replace || !registry.find(kind, "png")));
  if (kinds.length === 0) return () => undefined;
  return registry.register({
    name: "@deepreplay/render-png",
    format: "png",
    kinds,
    render: (frame: Frame, options?: RenderOptions) => renderPng(frame, options as PngRenderOptions, registry),
  });
}

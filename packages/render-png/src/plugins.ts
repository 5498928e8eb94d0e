import { FRAME_KINDS, renderers, type Frame, type FrameKind, type RenderOptions, type RendererRegistry } from "@deepreplay/frames";
import { svgToPng, type RasterizeOptions } from "./rasterize.js";
import { frameToSvg } from "./svg.js";

/** What the "png" plugins take: the SVG's options, plus pixel density and background. */
export interface PngRenderOptions extends RenderOptions, Pick<RasterizeOptions, "scale" | "background"> {}

/** Draws a frame as PNG bytes: its "svg" renderer, then resvg. */
export function renderFramePng(frame: Frame, options: PngRenderOptions = {}, registry: RendererRegistry = renderers): Uint8Array {
  const { scale, background, ...svgOptions } = options;
  return svgToPng(frameToSvg(frame, svgOptions, registry), { scale, background });
}

/**
 * Registers a "png" plugin for every frame kind that has an "svg" plugin now. Each draws with the
 * svg plugin registered at render time, so a later svg plugin for the kind is used too.
 * Returns a function that removes the png plugin again.
 */
export function registerPngRenderers(registry: RendererRegistry = renderers): () => void {
  const kinds = FRAME_KINDS.filter((kind: FrameKind) => registry.find(kind, "svg"));
  if (kinds.length === 0) return () => undefined;
  return registry.register({
    name: "@deepreplay/render-png",
    format: "png",
    kinds,
    render: (frame: Frame, options?: PngRenderOptions) => renderFramePng(frame, options, registry),
  });
}

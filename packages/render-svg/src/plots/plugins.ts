/**
 * Every plugin of render-svg, one per file of its kind, and their registration (the way tfjs
 * registers all its kernels, or vega lists its marks).
 */
import { renderers, type FrameKind, type RendererRegistry } from "@deepreplay/frames";
import { layerViolinsPlugin } from "./layer-violins.js";
import { lossAndMetricPlugin } from "./loss-and-metric.js";
import { lossHistogramPlugin } from "./loss-histogram.js";
import { lossLandscapePlugin } from "./loss-landscape.js";
import type { SvgPlugin } from "./plugin.js";
import { probabilityHistogramPlugin } from "./probability-histogram.js";
import { spacePlugin } from "./space.js";

export const svgRendererPlugins: readonly SvgPlugin[] = [
  spacePlugin,
  probabilityHistogramPlugin,
  lossHistogramPlugin,
  lossAndMetricPlugin,
  layerViolinsPlugin,
  lossLandscapePlugin,
] as unknown as SvgPlugin[];

/** render-svg's own plugin for a kind, whatever the registry holds. */
export function builtInSvgPlugin(kind: FrameKind): SvgPlugin | undefined {
  return svgRendererPlugins.find((plugin) => plugin.kinds.includes(kind));
}

const defaults = { replace: true };

/**
 * Registers the SVG plugins (in the shared registry unless told otherwise); returns a function that
 * removes them. With `replace: false`, kinds that have an "svg" plugin already keep it (importing
 * the package does so: a plugin registered before it stays).
 */
export function registerSvgRenderers(
  registry: RendererRegistry = renderers,
  options: Partial<typeof defaults> = {},
): () => void {
  const { replace } = { ...defaults, ...options };
  const unregister = svgRendererPlugins.flatMap((plugin) => {
    const kinds = replace ? plugin.kinds : plugin.kinds.filter((kind) => !registry.find(kind, "svg"));
    return kinds.length ? [registry.register({ ...plugin, kinds })] : [];
  });
  return () => unregister.forEach((remove) => remove());
}

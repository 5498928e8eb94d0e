import { DeepReplayError, isDeepReplayError } from "@deepreplay/frames";
import type { EncodedFrame, FrameJob } from "./frame-job.js";
import { encodeGifFrame } from "./gif.js";
import { svgToRaster } from "./rasterize.js";
import { toSvg } from "./svg.js";

export type FrameRunner = (job: FrameJob) => Promise<EncodedFrame>;

/** A renderer plugin module: it registers its renderers on import, and may export a prepare(). */
type PluginModule = { prepare?: unknown };

/**
 * What a rendering thread runs: it imports the renderer plugin modules (each registers itself on
 * import) once, runs the `prepare()` each may export (e.g. render-svg makes its document), then
 * draws frames. Started early, a thread is ready by the time the first frame is computed.
 * `included`: plugin modules the thread's code holds already, by specifier, used instead of importing them.
 */
export function frameRunner(
  plugins: readonly string[],
  included: Readonly<Record<string, PluginModule>> = {},
): FrameRunner {
  const ready = loadPlugins(plugins, included);
  ready.catch(() => undefined); // reported by the first frame instead
  return async (job) => {
    try {
      await ready;
    } catch (error) {
      return failure(error);
    }
    return encodeFrame(job);
  };
}

/** SVG, then pixels, then (GIF) a quantised, LZW-compressed image block. */
export function encodeFrame(job: FrameJob): EncodedFrame {
  try {
    const t0 = performance.now();
    const svg = toSvg(job.item, job.render);
    const t1 = performance.now();
    const raster = svgToRaster(svg, { scale: job.scale, background: job.background });
    const t2 = performance.now();
    const bytes = job.format === "gif" ? encodeGifFrame(raster, job.delayMs) : raster.pixels;
    const t3 = performance.now();
    return {
      ok: true,
      width: raster.width,
      height: raster.height,
      bytes,
      times: { svg: t1 - t0, raster: t2 - t1, encode: t3 - t2 },
    };
  } catch (error) {
    return failure(error);
  }
}

async function loadPlugins(
  specifiers: readonly string[],
  included: Readonly<Record<string, PluginModule>>,
): Promise<void> {
  for (const specifier of specifiers) {
    try {
      const plugin: PluginModule = included[specifier] ?? (await import(specifier));
      if (typeof plugin.prepare === "function") await plugin.prepare();
    } catch (cause) {
      throw new DeepReplayError(
        "PLUGIN_IMPORT_FAILED",
        `Cannot import the renderer plugin module "${specifier}": ${(cause as Error).message}`,
        {
          hint: "Pass plugin modules the rendering threads can import: package names, absolute paths or file URLs.",
          cause,
        },
      );
    }
  }
}

function failure(error: unknown): Extract<EncodedFrame, { ok: false }> {
  if (!isDeepReplayError(error))
    return { ok: false, error: { code: "RENDER_FAILED", message: String((error as Error)?.message ?? error) } };
  const { code, hint, message } = error;
  return { ok: false, error: { code, hint, message } };
}

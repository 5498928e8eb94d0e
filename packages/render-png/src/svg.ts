import { DeepReplayError, renderers, type Frame, type RenderOptions, type RendererRegistry } from "@deepreplay/frames";

/** A frame's SVG from the "svg" plugin registered for its kind. */
export function frameToSvg(frame: Frame, options: RenderOptions = {}, registry: RendererRegistry = renderers): string {
  const svg = registry.get(frame.kind, "svg").render(frame as never, options);
  if (typeof svg !== "string") {
    throw new DeepReplayError("INVALID_PLUGIN", `The "svg" renderer for "${frame.kind}" frames did not return a string.`, {
      hint: "An svg plugin's render() must return the SVG document as a string.",
    });
  }
  return svg;
}

/**
 * A renderer plugin written outside Deep Replay's packages: two output formats for two frame
 * kinds, registered in the shared registry like the SVG and PNG renderers are.
 */
import { registerRenderer } from "@deepreplay/frames";
import { lossCsvPlugin } from "./loss-csv.js";
import { sparklinePlugin } from "./sparkline.js";

export { lossCsvPlugin, float32 } from "./loss-csv.js";
export { sparklinePlugin, sparkline, BLOCKS } from "./sparkline.js";

/** Registers both plugins; returns a function that removes them again. */
export function registerExamplePlugins(): () => void {
  const removers = [registerRenderer(lossCsvPlugin), registerRenderer(sparklinePlugin)];
  return () => removers.forEach((remove) => remove());
}

// A rendering thread of the animation pool. The build bundles it with the default plugin,
// render-svg (and so Observable Plot and d3), so that a thread loads one file instead of hundreds
// of modules; that plugin is then this module's own, not imported again by name.
import { workerData } from "node:worker_threads";
import * as renderSvg from "@deepreplay/render-svg";
import { frameRunner } from "./encode-frame.js";
import { DEFAULT_PLUGIN } from "./frame-job.js";

export default frameRunner((workerData as { plugins: string[] }).plugins, { [DEFAULT_PLUGIN]: renderSvg });

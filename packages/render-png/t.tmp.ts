import { createFrameEncoder } from "./src/threads.js";
import { lossAndMetric } from "./test/support/frames.js";
const enc = createFrameEncoder(1, ["./test/support/test-plugins.ts"]);
const r = await enc.encode({ frame: lossAndMetric(1), format: "gif", render: {}, background: "white", delayMs: 100 });
console.log(r.ok ? r.width : r.error);
await enc.close();

// Package build step after tsc: bundles the page's player into dist/assets/replay-page.js.
import { writePageAsset } from "../dist/bundle-page.js";

const file = await writePageAsset(new URL("../dist/", import.meta.url));
console.log(`bundled ${file.pathname}`);

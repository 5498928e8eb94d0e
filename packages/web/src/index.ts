/**
 * @deepreplay/web (Node side): the web replay app's server (`deepreplay serve`) and its static
 * copy (`deepreplay view`). The app itself is built with Vite into dist/app.
 */
export { startServer, type ServeOptions, type RunningServer } from "./server/server.js";
export { writeStaticApp } from "./server/static-app.js";
export { appDirectory } from "./server/app-files.js";

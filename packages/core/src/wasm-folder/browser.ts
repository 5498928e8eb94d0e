/** In a page: the folder the bundle is served from, where its .wasm files are copied beside it. */
export function defaultWasmFolder(): string {
  return new URL(/* @vite-ignore */ ".", import.meta.url).href;
}

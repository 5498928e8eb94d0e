/** Reads back what a written replay page carries, as the page's own script does. */
import type { Frame } from "@deepreplay/frames";
import { FrameDecoder, gunzipBase64 } from "../../src/decode.js";
import { MANIFEST_ELEMENT_ID, PAYLOAD_ELEMENT_ID, type ReplayManifest } from "../../src/format.js";

export interface PageData {
  readonly manifest: ReplayManifest;
  frame(epochIndex: number, panelIndex: number): Frame;
}

export async function readPageData(html: string): Promise<PageData> {
  const element = (id: string) => {
    const match = new RegExp(`<script[^>]* id="${id}">([^<]*)</script>`).exec(html);
    if (!match) throw new Error(`no #${id} in the page`);
    return match[1];
  };
  const manifest = JSON.parse(element(MANIFEST_ELEMENT_ID)) as ReplayManifest;
  const decoder = new FrameDecoder(manifest, await gunzipBase64(element(PAYLOAD_ELEMENT_ID)));
  return { manifest, frame: (e, p) => decoder.frame(e, p) as Frame };
}

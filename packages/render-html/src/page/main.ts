/**
 * The replay page's script: reads the manifest and payload the page carries, loads the font,
 * and wires the player to the controls and the figure.
 */
import { FrameDecoder, gunzipBase64 } from "../decode.js";
import { MANIFEST_ELEMENT_ID, PAYLOAD_ELEMENT_ID, type ReplayManifest } from "../format.js";
import { bindControls, controlElements, showState } from "./controls.js";
import { figureDrawer } from "./figure-view.js";
import { Player } from "./player.js";

async function main(): Promise<void> {
  const manifest = JSON.parse(text(MANIFEST_ELEMENT_ID)) as ReplayManifest;
  const decoder = new FrameDecoder(manifest, await gunzipBase64(text(PAYLOAD_ELEMENT_ID)));
  await loadFonts(manifest, decoder);

  const elements = controlElements(document);
  const player = new Player({
    count: manifest.epochs.length,
    fps: manifest.fps,
    draw: figureDrawer(document.getElementById("figure")!, manifest, decoder),
    changed: (state) => showState(state, elements, manifest.epochs),
    failed: showError,
  });
  bindControls(player, elements, document);
  player.seek(0);
}

function text(id: string): string {
  return document.getElementById(id)?.textContent?.trim() ?? "";
}

/** The panels' font comes with the page, so they look as they do in the SVG and PNG output. */
async function loadFonts(manifest: ReplayManifest, decoder: FrameDecoder): Promise<void> {
  for (const font of manifest.fonts) {
    const face = new FontFace(font.family, decoder.decode(font.data) as Uint8Array<ArrayBuffer>, {
      weight: font.weight,
    });
    document.fonts.add(await face.load());
  }
}

function showError(error: unknown): void {
  console.error(error);
  const message = document.createElement("p");
  message.className = "error";
  message.textContent = `This replay could not be shown: ${error instanceof Error ? error.message : String(error)}`;
  document.getElementById("figure")?.replaceChildren(message);
}

main().catch(showError);

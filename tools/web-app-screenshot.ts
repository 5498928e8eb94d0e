/**
 * Takes the picture of the web app in docs/web-app.png: the Python fixture's Part 1 run open at
 * epoch 12 in Debian's Chromium, the pointer on an input of the feature space.
 *
 *   node --conditions=@deepreplay/source --import tsx tools/web-app-screenshot.ts [OUT.png]
 */
import { launch, newPage } from "./testing/chromium.js";
import { fixturePath } from "./testing/fixtures.js";
import { builtApp, hostStatic } from "./testing/web-app.js";

const out = process.argv[2] ?? "docs/web-app.png";
const host = await hostStatic(builtApp());
const browser = await launch();
try {
  const { page } = await newPage(browser, host.url, { width: 1400, height: 860 });
  await page
    .locator("#file-input")
    .setInputFiles([fixturePath("hyperparms_in_action.h5"), fixturePath("part1_activation_functions_model.h5")]);
  await page.locator('html[data-last-epoch="20"]').waitFor();
  await page.locator("#epoch").fill("12");
  await page.waitForFunction(() => document.documentElement.dataset.drawnEpoch === "12");
  const space = (await page.locator('figure[data-kind="feature-space"] svg').boundingBox())!;
  const [left, middle, radius] = [
    ...(await page.locator('figure[data-kind="feature-space"] g.inputs path').last().getAttribute("d"))!.matchAll(
      /M([\d.]+),([\d.]+)a([\d.]+)/g,
    ),
  ][500]
    .slice(1)
    .map(Number);
  await page.mouse.move(space.x + left + radius + 0.5, space.y + middle + 0.5);
  await page.waitForFunction(() => document.getElementById("readout")!.textContent!.includes("loss:"));
  await page.screenshot({ path: out });
  console.log(out);
} finally {
  await browser.close();
  await host.close();
}

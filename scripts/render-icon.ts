// Renders media/icon.svg to media/icon.png (128×128, the Marketplace icon) with Debian's chromium:
// `node --import tsx scripts/render-icon.ts`. The PNG is committed; rerun after editing the SVG.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");
const svg = readFileSync(join(root, "media", "icon.svg"), "utf8");
async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator("svg").screenshot({ path: join(root, "media", "icon.png"), omitBackground: true });
  await browser.close();
  console.log("render-icon: media/icon.png");
}

void main();

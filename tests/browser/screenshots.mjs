// Writes PNGs of the main pages, phone (390 px) and desktop (1280 px) wide, and a PDF of the
// edition page as printed.
import { chromium } from "playwright-core";

const [base, out] = process.argv.slice(2);
const pages = {
  home: "/",
  edition: "/editions/2025",
  "edition-2016": "/editions/2016",
  metric: "/metrics/participants",
  session: "/sessions/1",
  person: "/people/andrey-sharonov",
  organization: "/organizations/ekaterinburg",
  agreement: "/agreements/1",
  source: "/sources/tass-2025-10-22",
  search: "/search?q=%D1%88%D0%B0%D1%80%D0%BE%D0%BD%D0%BE%D0%B2",
  "not-found": "/editions/1999",
};
const widths = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
for (const [device, viewport] of Object.entries(widths)) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  for (const [name, path] of Object.entries(pages)) {
    await page.goto(base + path, { waitUntil: "load" });
    const file = `${out}/${name}-${device}.png`;
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
  }
  await context.close();
}
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(base + "/editions/2025", { waitUntil: "load" });
await page.pdf({ path: `${out}/edition-print.pdf`, format: "A4" });
console.log(`${out}/edition-print.pdf`);
await browser.close();

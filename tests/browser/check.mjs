// Loads each path in headless Chromium and reports every console error, page error, CSP
// violation, failed request and error status. Exit status 1 if there was any.
import { chromium } from "playwright-core";

const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const problems = [];
for (const path of paths) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const report = (kind, text) => problems.push(`${path}: ${kind}: ${text}`);
  // Recorded in the page from its first moment, before any of its own content runs.
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") report(`console ${message.type()}`, message.text());
  });
  page.on("pageerror", (error) => report("page error", error.message));
  page.on("requestfailed", (request) => report("request failed", `${request.url()} ${request.failure()?.errorText}`));
  page.on("response", (response) => {
    if (response.status() >= 400) report("error status", `${response.status()} ${response.url()}`);
  });
  const response = await page.goto(base + path, { waitUntil: "load" });
  if (!response || response.status() !== 200) report("status", String(response?.status()));
  const facts = await page.evaluate(() => ({
    violations: window.__violations,
    lang: document.documentElement.lang,
    title: document.title,
    stylesheetApplied: getComputedStyle(document.body).margin === "0px",
  }));
  for (const violation of facts.violations) report("CSP violation", violation);
  if (facts.lang !== "ru") report("lang", facts.lang);
  if (!facts.title) report("title", "missing");
  if (!facts.stylesheetApplied) report("stylesheet", "not applied");
  console.log(`${path}: loaded «${facts.title}»`);
  await context.close();
}
await browser.close();
if (problems.length) {
  console.error(problems.join("\n"));
  console.error(`${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`${paths.length} passed, 0 failed`);

// Reads the real Aspire dashboard in Debian's Chromium (playwright-core) as an SRE would after a handoff: logs in
// with the AppHost's link, waits on Resources until every wanted resource shows Running, then opens the handoff's
// trace and reads which resources its spans came from, saving a screenshot of each and printing what it saw as JSON.
// The dashboard is Blazor Server: its pages fill in after load, so each step waits for text, not for the DOM.
// Only loopback requests are let through.
// usage: node dashboard-browser.js <login link> <trace id> <screenshot folder> <resource,resource,…> <span resource,…>
const { chromium } = require("playwright-core");
const path = require("path");

async function main() {
  const [loginLink, traceId, folder, resourceList, spanList] = process.argv.slice(2);
  if (!spanList) {
    console.error("usage: node dashboard-browser.js <login link> <trace id> <screenshot folder> <resources> <span resources>");
    process.exit(2);
  }
  const wantedResources = resourceList.split(",");
  const wantedSpans = spanList.split(",");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const seen = { resources: [], running: 0, traceResources: [], errors: [], reloaded: false };
  const shot = (page, name) => page.screenshot({ path: path.join(folder, `aspire-dashboard-${name}.png`), fullPage: true });
  const text = (page) => page.evaluate(() => document.body ? document.body.innerText : "");
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on("pageerror", (error) => seen.errors.push(String(error)));
    await page.route("**/*", (route) => {
      const host = new URL(route.request().url()).hostname;
      return host === "127.0.0.1" || host === "localhost" ? route.continue() : route.abort();
    });
    const base = new URL("/", loginLink).href;

    // Loaded once more if the resources have not shown: a loaded CI machine once left the page without them for 90 s.
    const resourcesShown = (names) => {
      const body = document.body ? document.body.innerText : "";
      return names.every((name) => body.includes(name)) && body.includes("Running");
    };
    await page.goto(loginLink, { waitUntil: "domcontentloaded" });
    let shown = await page.waitForFunction(resourcesShown, wantedResources, { timeout: 60000 }).then(() => true, () => false);
    if (!shown) {
      seen.reloaded = true;
      await page.goto(base, { waitUntil: "domcontentloaded" });
      await page.waitForFunction(resourcesShown, wantedResources, { timeout: 60000 }).catch(() => {});
    }
    const resourcesText = await text(page);
    seen.resources = wantedResources.filter((name) => resourcesText.includes(name));
    seen.running = (resourcesText.match(/\bRunning\b/g) || []).length;
    await shot(page, "resources");

    await page.goto(base + `traces/detail/${traceId}`, { waitUntil: "domcontentloaded" });
    await page.waitForFunction((names) => {
      const body = document.body ? document.body.innerText : "";
      return names.every((name) => body.includes(name));
    }, wantedSpans, { timeout: 60000 }).catch(() => {});
    const traceText = await text(page);
    seen.traceResources = wantedSpans.filter((name) => traceText.includes(name));
    await shot(page, "trace");
  } catch (error) {
    seen.errors.push(String(error));
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(seen));
}

main();

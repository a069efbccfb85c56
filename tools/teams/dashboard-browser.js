// Reads the AppHost's dashboard in Debian's Chromium (playwright-core) as an SRE would after a handoff:
// logs in with the printed link, then visits Resources, Traces (the handoff's waterfall), Handoff,
// Structured logs, Console logs and Metrics, saving a screenshot of each and printing what it saw as JSON.
// Only loopback requests are let through.
// usage: node dashboard-browser.js <login link> <trace id> <screenshot folder>
const { chromium } = require("playwright-core");
const path = require("path");

const wanted = {
  resources: ["redis", "rabbitmq", "conversationstate", "handoffservice", "botgateway", "gateway-proxy"],
  traceResources: ["botgateway", "handoffservice", "conversationstate"],
};

async function main() {
  const [loginLink, traceId, folder] = process.argv.slice(2);
  if (!folder) {
    console.error("usage: node dashboard-browser.js <login link> <trace id> <screenshot folder>");
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const seen = { resources: [], traceResources: [], funnel: {}, logs: 0, consoleLines: 0, metricsInstruments: 0, errors: [] };
  const shot = (page, name) => page.screenshot({ path: path.join(folder, `dashboard-${name}.png`), fullPage: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("pageerror", (error) => seen.errors.push(String(error)));
    await page.route("**/*", (route) => {
      const host = new URL(route.request().url()).hostname;
      return host === "127.0.0.1" || host === "localhost" ? route.continue() : route.abort();
    });
    const base = new URL("/", loginLink).href;

    // Resources: every resource Running and Healthy (health is polled every few seconds).
    await page.goto(loginLink, { waitUntil: "domcontentloaded" });
    await page.waitForFunction((names) => names.every((name) => {
      const row = document.querySelector(`#resources tr[data-resource="${name}"]`);
      return row && row.dataset.state === "Running" && row.dataset.health === "Healthy";
    }), wanted.resources, { timeout: 60000 }).catch(() => {});
    seen.resources = await page.$$eval("#resources tr[data-resource]", (rows) =>
      rows.map((row) => ({ name: row.dataset.resource, state: row.dataset.state, health: row.dataset.health })));
    await shot(page, "resources");

    // The handoff's trace: spans from all three services in one waterfall.
    await page.goto(base + "traces", { waitUntil: "domcontentloaded" });
    await page.waitForSelector("#traces tbody tr", { timeout: 30000 }).catch(() => {});
    await shot(page, "traces");
    await page.goto(base + `traces/${traceId}`, { waitUntil: "domcontentloaded" });
    await page.waitForFunction((names) => {
      const present = new Set([...document.querySelectorAll("#waterfall .span-row")].map((row) => row.dataset.resource));
      return names.every((name) => present.has(name));
    }, wanted.traceResources, { timeout: 60000 }).catch(() => {});
    seen.traceResources = await page.$$eval("#waterfall .span-row", (rows) => [...new Set(rows.map((row) => row.dataset.resource))]);
    await shot(page, "trace");

    // The Handoff page counts it.
    await page.goto(base + "handoff", { waitUntil: "domcontentloaded" });
    await page.waitForFunction(() => ["Welcomed", "Redeemed", "Tokens minted"].every((step) => {
      const tile = document.querySelector(`#funnel .tile[data-step="${step}"] .tile-value`);
      return tile && Number(tile.textContent.replace(/,/g, "")) >= 1;
    }), null, { timeout: 60000 }).catch(() => {});
    seen.funnel = await page.$$eval("#funnel .tile", (tiles) => Object.fromEntries(tiles.map((tile) =>
      [tile.dataset.step, Number(tile.querySelector(".tile-value").textContent.replace(/,/g, ""))])));
    await page.waitForTimeout(500);
    await shot(page, "handoff");

    await page.goto(base + "structuredlogs", { waitUntil: "domcontentloaded" });
    await page.waitForSelector("#structured-logs tbody tr", { timeout: 30000 }).catch(() => {});
    seen.logs = await page.$$eval("#structured-logs tbody tr", (rows) => rows.length);
    await shot(page, "structured-logs");

    await page.goto(base + "consolelogs/botgateway", { waitUntil: "domcontentloaded" });
    await page.waitForSelector("#console .line", { timeout: 30000 }).catch(() => {});
    seen.consoleLines = await page.$$eval("#console .line", (lines) => lines.length);
    await shot(page, "console-logs");

    await page.goto(base + "metrics?instrument=handoff.click_to_welcome.duration", { waitUntil: "domcontentloaded" });
    await page.waitForSelector("#instruments button", { timeout: 30000 }).catch(() => {});
    await page.waitForSelector(".chart canvas", { timeout: 15000 }).catch(() => {});
    seen.metricsInstruments = await page.$$eval("#instruments button", (buttons) => buttons.length);
    await shot(page, "metrics");
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(seen));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});

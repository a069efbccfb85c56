// Drives the Agents Playground's web page in Debian's Chromium (playwright-core, no downloaded browser):
// opens the personal chat, types a message as the user, waits for the bot's reply to contain the expected
// text, and saves a screenshot. Only loopback requests are let through; everything else is aborted.
// usage: node playground-browser.js <playground url> <message> <expected reply text> <screenshot.png>
const { chromium } = require("playwright-core");

async function main() {
  const [url, message, expected, screenshot] = process.argv.slice(2);
  if (!screenshot) {
    console.error("usage: node playground-browser.js <url> <message> <expected> <screenshot.png>");
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const deepLinks = [];
    await page.route("**/*", (route) => {
      const target = new URL(route.request().url());
      if (target.hostname === "127.0.0.1" || target.hostname === "localhost") {
        return route.continue();
      }
      if (target.hostname === "teams.microsoft.com") {
        deepLinks.push(target.href);
      }
      return route.abort();
    });
    await page.goto(url, { waitUntil: "domcontentloaded" });
    await page.getByText("Personal Chat", { exact: true }).first().click();
    // The compose box is a Lexical rich-text editor, not an <input>: focus it and type as a user would.
    const input = page.locator('[data-lexical-editor="true"][role="textbox"]').first();
    await input.waitFor({ state: "visible", timeout: 30000 });
    await input.click();
    await page.keyboard.type(message);
    await page.keyboard.press("Enter");
    try {
      await page.getByText(expected, { exact: false }).first().waitFor({ timeout: 30000 });
    } finally {
      await page.screenshot({ path: screenshot, fullPage: true });
    }
    console.log(`saw "${expected}" in the playground; screenshot ${screenshot}`);
  } finally {
    await browser.close();
  }
}

main().catch(async (error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});

// Validates a Teams app manifest offline against the official JSON schema bundled in
// @microsoft/app-manifest (its "$schema" URL is mapped to the bundled file). Prints one error per line;
// exits 0 when valid, 1 when not, 2 when it could not run.
const fs = require("fs");
const { AppManifestUtils } = require("@microsoft/app-manifest");

async function main() {
  const path = process.argv[2];
  if (!path) {
    console.error("usage: node validate-manifest.js <manifest.json>");
    process.exit(2);
  }
  const manifest = JSON.parse(fs.readFileSync(path, "utf8"));
  const errors = await AppManifestUtils.validateAgainstSchema(manifest);
  for (const error of errors) {
    console.log(error);
  }
  console.log(errors.length === 0 ? "manifest is valid" : `${errors.length} schema error(s)`);
  process.exit(errors.length === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(2);
});

// Validates the Agents Toolkit's lifecycle files (m365agents.yml, m365agents.local.yml) offline against the
// YAML schema the pinned toolkit ships for each file's `version`, and checks that every file they name
// (manifest, Bicep template, parameters) exists. `atk validate` checks the app manifest, not these files.
// Usage: node validate-lifecycle.js <project folder> [file ...]. Prints one problem per line; exits 0 when
// there is none, 1 when there are, 2 when it could not run.
const fs = require("fs");
const path = require("path");
const yaml = require("js-yaml");
const Ajv = require("ajv");

const toolkit = path.dirname(require.resolve("@microsoft/m365agentstoolkit-cli/package.json"));

function problemsOf(project, file) {
  const document = yaml.load(fs.readFileSync(path.join(project, file), "utf8"));
  const schemaPath = path.join(toolkit, "resource", "yaml-schema", String(document.version), "yaml.schema.json");
  if (!fs.existsSync(schemaPath)) {
    return [`${file}: version ${document.version} is not one this toolkit knows (no ${schemaPath})`];
  }
  const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
  const problems = validate(document)
    ? []
    : validate.errors.map((error) => `${file}: ${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
  for (const stage of ["provision", "deploy", "publish"]) {
    for (const action of document[stage] || []) {
      const named = [action.with?.manifestPath, ...(action.with?.templates || []).flatMap((template) => [template.path, template.parameters])];
      for (const relative of named.filter((value) => typeof value === "string")) {
        if (!fs.existsSync(path.join(project, relative))) {
          problems.push(`${file}: ${stage} step ${action.uses} names ${relative}, which does not exist`);
        }
      }
    }
  }
  return problems;
}

try {
  const [project, ...files] = process.argv.slice(2);
  if (!project) {
    console.error("usage: node validate-lifecycle.js <project folder> [file ...]");
    process.exit(2);
  }
  const problems = (files.length > 0 ? files : ["m365agents.yml", "m365agents.local.yml"]).flatMap((file) => problemsOf(project, file));
  for (const problem of problems) {
    console.log(problem);
  }
  console.log(problems.length === 0 ? "lifecycle files are valid" : `${problems.length} problem(s)`);
  process.exit(problems.length === 0 ? 0 : 1);
} catch (error) {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(2);
}

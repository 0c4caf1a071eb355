// Validates workbooks with the Open XML SDK (@ooxml-tools/validate, the SDK compiled to
// WebAssembly) in one Node process: the SDK starts once for every file and Office version.
// Usage: node validate.mjs VERSION[,VERSION...] FILE...
// Prints one JSON object: {"FILE": {"VERSION": [{"id", "description", "part", "xpath"}...]}}.
import { readFile } from "node:fs/promises";
import validate from "@ooxml-tools/validate";

const [versions, ...files] = process.argv.slice(2);
if (!versions || files.length === 0) {
  console.error("usage: node validate.mjs VERSION[,VERSION...] FILE...");
  process.exit(2);
}
const report = {};
for (const file of files) {
  const data = new Uint8Array(await readFile(file));
  report[file] = {};
  for (const version of versions.split(",")) {
    // .xlsx and .xlsm are both spreadsheet packages
    const results = await validate(data, "xlsx", version);
    report[file][version] = results.map((r) => ({
      id: r.id,
      description: r.description,
      part: r.path?.partUri,
      xpath: r.path?.xpath,
    }));
  }
}
process.stdout.write(JSON.stringify(report));

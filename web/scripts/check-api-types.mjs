// Fails when src/lib/api/schema.d.ts is not what openapi-typescript makes of docs/api/openapi.json
// (as tests/test_openapi.py fails when the document is stale): run `npm run generate:api`.
import { readFileSync } from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";

const documentUrl = new URL("../../docs/api/openapi.json", import.meta.url);
const committed = readFileSync(new URL("../src/lib/api/schema.d.ts", import.meta.url), "utf8");
const banner = committed.slice(0, committed.indexOf("export"));
// the same options as `npm run generate:api` (package.json)
const fresh = banner + astToString(await openapiTS(documentUrl, { defaultNonNullable: false }));
if (fresh.trim() !== committed.trim()) {
  console.error("web/src/lib/api/schema.d.ts is stale: run `cd web && npm run generate:api` and commit it.");
  process.exit(1);
}
console.log("API types are up to date with docs/api/openapi.json");

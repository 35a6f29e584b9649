// Validates Kubernetes objects (one JSON object a line on stdin) against the Kubernetes OpenAPI schemas, through
// the kubernetes-models package's generated validators. Prints one line per object; exits 1 if any is invalid.
import { readFileSync } from "node:fs";

const lines = readFileSync(0, "utf8").split("\n").filter((l) => l.trim());
let invalid = 0;
for (const line of lines) {
  const obj = JSON.parse(line);
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  const module = await import(group ? `kubernetes-models/${group}/${version}/${obj.kind}` : `kubernetes-models/${version}/${obj.kind}`);
  try {
    new module[obj.kind](obj).validate();
    console.log(`valid ${obj.kind}/${obj.metadata.name}`);
  } catch (e) {
    invalid++;
    console.log(`invalid ${obj.kind}/${obj.metadata.name}: ${e.message}`);
  }
}
process.exit(invalid ? 1 : 0);

// Fails when line or branch coverage of contracts/ is below the threshold (percent) given as argv[2].
// Reads coverage/coverage-summary.json, written by `hardhat coverage` (istanbul json-summary).
const fs = require("node:fs");
const threshold = Number(process.argv[2] ?? 95);
const file = "coverage/coverage-summary.json";
if (!fs.existsSync(file)) {
  console.error(`${file} not found: run \`npx hardhat coverage\` first`);
  process.exit(1);
}
const { total } = JSON.parse(fs.readFileSync(file, "utf8"));
let ok = true;
for (const metric of ["lines", "branches", "statements", "functions"]) {
  const pct = total[metric].pct;
  const enforced = metric === "lines" || metric === "branches";
  const pass = !enforced || pct >= threshold;
  ok &&= pass;
  console.log(
    `coverage ${metric.padEnd(10)} ${String(pct).padStart(6)}%${enforced ? ` (minimum ${threshold}%)` : ""}${pass ? "" : "  <-- below the minimum"}`,
  );
}
if (!ok) {
  console.error(`Coverage of contracts/ is below ${threshold}% of lines or branches.`);
  process.exit(1);
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { parseCliArgs, UsageError } from "../../sim/cli";
import { parseScenario, ScenarioError } from "../../sim/scenario";
import { loadScenario, presetNames } from "../../sim/scenarioFiles";
import { smallScenarioJson } from "../shared/simScenarios";

/** The small scenario with `edit` applied to a copy of its JSON. */
function edited(edit: (json: any) => void): unknown {
  const json = JSON.parse(JSON.stringify(smallScenarioJson()));
  edit(json);
  return json;
}

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error, got none");
}

describe("sim/scenario", () => {
  it("ships the four presets, and every one is valid", () => {
    expect(presetNames()).to.include.members([
      "baseline",
      "low-participation",
      "yield-shock",
      "inflation-cut",
    ]);
    for (const name of presetNames()) expect(loadScenario(name).name).to.equal(name);
  });

  it("fills in defaults", () => {
    const scenario = parseScenario({
      initialSupplyEtm: 1000,
      validators: { selfStakeEtm: 1 },
      populations: [{ name: "p", count: 1, holdingsPerAgentEtm: 10, alternativeYield: 0.05 }],
    });
    expect(scenario.blocks).to.equal(10_512_000);
    expect(scenario.decisionIntervalBlocks).to.equal(28_800);
    expect(scenario.inflation).to.deep.equal([{ year: 0, annualRate: 0.1 }]);
    expect(scenario.validators.count).to.equal(21);
    expect(scenario.populations[0].strategy).to.equal("yieldSeeking");
    expect(scenario.events).to.deep.equal([]);
  });

  const badScenarios: Array<[string, (json: any) => void, RegExp]> = [
    [
      "a misspelt field, listing the allowed ones",
      (json) => (json.populations[0].reactionSped = 0.1),
      /unknown field populations\[0\]\.reactionSped; the fields allowed here are: .*reactionSpeed/,
    ],
    [
      "a number out of range",
      (json) => (json.populations[1].reactionSpeed = 1.5),
      /populations\[1\]\.reactionSpeed must be a number in \(0, 1\], got 1\.5/,
    ],
    [
      "a missing required field",
      (json) => delete json.initialSupplyEtm,
      /missing field initialSupplyEtm: a number > 0/,
    ],
    [
      "a string where a number belongs",
      (json) => (json.blocks = "1000"),
      /blocks must be an integer >= 1, got "1000"/,
    ],
    [
      "a fractional block count",
      (json) => (json.decisionIntervalBlocks = 2.5),
      /decisionIntervalBlocks must be an integer/,
    ],
    [
      "an inflation rate above the pool's 10% cap",
      (json) => (json.inflation = [{ year: 0, annualRate: 0.12 }]),
      /inflation\[0\]\.annualRate must be a number in \[0, 0\.1\], got 0\.12/,
    ],
    [
      "an inflation schedule without year 0",
      (json) => (json.inflation = [{ year: 1, annualRate: 0.05 }]),
      /inflation must set a rate for year 0/,
    ],
    [
      "a year set twice",
      (json) => json.inflation.push({ year: 0, annualRate: 0.05 }),
      /inflation\[1\]\.year sets year 0 a second time/,
    ],
    [
      "an unknown strategy",
      (json) => (json.populations[0].strategy = "greedy"),
      /populations\[0\]\.strategy must be one of "yieldSeeking", "fixed", got "greedy"/,
    ],
    [
      "a duplicate population name",
      (json) => (json.populations[1].name = "seekers"),
      /populations\[1\]\.name "seekers" is used twice/,
    ],
    [
      "a yield-seeking population without an alternative yield",
      (json) => delete json.populations[0].alternativeYield,
      /missing field populations\[0\]\.alternativeYield/,
    ],
    [
      "min above max staked fraction",
      (json) => Object.assign(json.populations[0], { minStakedFraction: 0.8, maxStakedFraction: 0.5 }),
      /populations\[0\]\.minStakedFraction \(0\.8\) is above populations\[0\]\.maxStakedFraction \(0\.5\)/,
    ],
    [
      "an event for an unknown population",
      (json) =>
        (json.events = [
          { type: "alternativeYield", atBlock: 10, population: "whales", alternativeYield: 0.1 },
        ]),
      /events\[0\]\.population "whales" is not a population of this scenario; use one of "seekers"/,
    ],
    [
      "an unknown event type",
      (json) => (json.events = [{ type: "crash", atBlock: 1, alternativeYield: 0.1 }]),
      /events\[0\]\.type must be one of "alternativeYield"/,
    ],
    [
      "holdings above the supply",
      (json) => (json.initialSupplyEtm = 1000),
      /add up to .* ETM, more than initialSupplyEtm \(1000\); raise initialSupplyEtm or lower the holdings/,
    ],
    [
      "commission outside [0, 1]",
      (json) => (json.validators.commissionSpread = 0.2),
      /validators\.commission ± validators\.commissionSpread must stay within \[0, 1\]/,
    ],
    ["no populations", (json) => (json.populations = []), /populations must list at least one population/],
    [
      "a population that is not an object",
      (json) => (json.populations[0] = 3),
      /populations\[0\] must be a JSON object, got 3/,
    ],
  ];
  for (const [what, edit, message] of badScenarios) {
    it(`rejects ${what}, naming the field`, () => {
      const error = errorOf(() => parseScenario(edited(edit)));
      expect(error).to.be.instanceOf(ScenarioError);
      expect(error.message).to.match(message);
    });
  }

  it("rejects a scenario that is not an object", () => {
    expect(errorOf(() => parseScenario([]))).to.match(/the scenario must be a JSON object, got \[\]/);
  });

  describe("files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "etm-sim-scenario-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("names the file and the field of a bad scenario file", () => {
      const file = path.join(dir, "bad.json");
      fs.writeFileSync(file, JSON.stringify(edited((json) => (json.delta = -1))));
      expect(errorOf(() => loadScenario(file)).message).to.match(
        /bad\.json: delta must be a number in \[0, 1\], got -1/,
      );
    });

    it("says a file is not JSON", () => {
      const file = path.join(dir, "broken.json");
      fs.writeFileSync(file, "{ populations: ");
      expect(errorOf(() => loadScenario(file)).message).to.match(
        /broken\.json is not valid JSON .*fix the syntax/,
      );
    });

    it("lists the presets when a name is unknown, and says when a path does not exist", () => {
      expect(errorOf(() => loadScenario("basline")).message).to.match(
        /no preset named "basline"; use one of baseline, .*, or a path to a \.json scenario file/,
      );
      expect(errorOf(() => loadScenario(path.join(dir, "missing.json"))).message).to.match(
        /missing\.json does not exist/,
      );
    });

    it("takes the scenario's name from the file when it has none", () => {
      const file = path.join(dir, "my-run.json");
      const json = edited((json) => delete json.name);
      fs.writeFileSync(file, JSON.stringify(json));
      expect(loadScenario(file).name).to.equal("my-run");
    });
  });

  describe("command-line arguments", () => {
    it("parses the options", () => {
      expect(
        parseCliArgs(["--scenario", "baseline", "--blocks", "28_800", "--seed", "9", "--out", "x"]),
      ).to.deep.equal({
        scenario: "baseline",
        blocks: 28_800,
        seed: 9,
        outDir: "x",
      });
      expect(parseCliArgs(["--help"])).to.equal(undefined);
    });

    const badArgs: Array<[string[], RegExp]> = [
      [
        [],
        /--scenario is required: name a preset \(baseline, .*\) or a JSON file, e\.g\. --scenario baseline/,
      ],
      [["--scenario", "baseline", "--blocks", "ten"], /--blocks must be an integer in \[1, .*\], got "ten"/],
      [["--scenario", "baseline", "--blocks", "0"], /--blocks must be an integer/],
      [["--scenario", "baseline", "--seed", "-1"], /--seed/],
      [["--scenario", "baseline", "--speed", "1"], /Unknown option '--speed'[\s\S]*Usage: npm run simulate/],
    ];
    for (const [argv, message] of badArgs) {
      it(`rejects ${JSON.stringify(argv)}`, () => {
        const error = errorOf(() => parseCliArgs(argv));
        expect(error).to.be.instanceOf(UsageError);
        expect(error.message).to.match(message);
      });
    }
  });
});

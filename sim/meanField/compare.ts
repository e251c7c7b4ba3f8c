/** The mean-field model beside an ensemble: its trajectory, equilibrium, and distance to the median. */
import type { EnsembleResult } from "../ensemble/ensemble";
import type { ReferenceLine } from "../ensemble/bandCharts";
import { equilibriumRatio, integrateMeanField, meanFieldModelOf, MeanFieldPoint } from "./model";

export interface MeanFieldComparison {
  points: MeanFieldPoint[];
  /** Without the dead band, wealth as at the start and as at the end of the run. */
  equilibriumAtStart: number;
  equilibriumAtEnd: number;
  /** Largest |ensemble median − model| of the staking ratio from day `fromDay` on. */
  maxMedianGap: number;
  fromDay: number;
}

export function compareMeanField(result: EnsembleResult, fromDay = 30): MeanFieldComparison {
  const model = meanFieldModelOf(result.scenario, result.scenario.stochastic);
  const days = Math.floor(result.days[result.rows - 1]);
  const points = integrateMeanField(model, days);
  let maxMedianGap = 0;
  for (let r = 0; r < result.rows; r++) {
    const day = result.days[r];
    if (day < fromDay || !Number.isInteger(day) || day > days) continue;
    maxMedianGap = Math.max(
      maxMedianGap,
      Math.abs(result.bands.stakingRatio[r].p50 - points[day].stakingRatio),
    );
  }
  return {
    points,
    equilibriumAtStart: equilibriumRatio(model),
    equilibriumAtEnd: equilibriumRatio(model, points[points.length - 1]),
    maxMedianGap,
    fromDay,
  };
}

export function meanFieldReferences(comparison: MeanFieldComparison): ReferenceLine[] {
  return [
    {
      metric: "stakingRatio",
      label: "mean-field model (ODE), no shocks",
      points: comparison.points.map((p) => ({ day: p.day, value: p.stakingRatio })),
    },
    {
      metric: "estimatedApy",
      label: "mean-field model (ODE), no shocks",
      points: comparison.points.map((p) => ({ day: p.day, value: p.estimatedApy })),
    },
  ];
}

export function meanFieldCsv(comparison: MeanFieldComparison): string {
  const lines = ["day,stakingRatio,estimatedApy,supplyEtm"];
  for (const p of comparison.points) {
    lines.push(
      [
        p.day,
        p.stakingRatio.toPrecision(10),
        p.estimatedApy.toPrecision(10),
        p.supplyEtm.toPrecision(12),
      ].join(","),
    );
  }
  lines.push(
    `# equilibrium without the dead band: ${comparison.equilibriumAtStart} (wealth at the start), ${comparison.equilibriumAtEnd} (at the end)`,
  );
  return `${lines.join("\n")}\n`;
}

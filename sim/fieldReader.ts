/**
 * Reading a scenario's JSON fields with checks: `FieldReader` names each field, its rule and the value
 * found in a `ScenarioError`. Shared by the scenario parser and the ensemble's stochastic settings
 * (its own file, so neither imports the other).
 */
/** A scenario that fails validation; the message names the field, the rule, and the value found. */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioError";
  }
}

type Json = unknown;

/** Reads one JSON object's fields, reporting problems with their full path (`populations[1].count`). */
export class FieldReader {
  constructor(
    private readonly object: Record<string, Json>,
    private readonly path: string,
    allowed: readonly string[],
  ) {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) {
        throw new ScenarioError(
          `unknown field ${this.at(key)}; the fields allowed here are: ${allowed.join(", ")}`,
        );
      }
    }
  }

  static of(value: Json, path: string, allowed: readonly string[]): FieldReader {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new ScenarioError(`${path || "the scenario"} must be a JSON object, got ${describe(value)}`);
    }
    return new FieldReader(value as Record<string, Json>, path, allowed);
  }

  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  has(key: string): boolean {
    return this.object[key] !== undefined;
  }

  raw(key: string): Json {
    return this.object[key];
  }

  number(
    key: string,
    rule: { min?: number; max?: number; minExclusive?: boolean; integer?: boolean },
    fallback?: number,
  ): number {
    const value = this.object[key];
    if (value === undefined) {
      if (fallback === undefined) throw new ScenarioError(`missing field ${this.at(key)}: ${ruleText(rule)}`);
      return fallback;
    }
    const ok =
      typeof value === "number" &&
      Number.isFinite(value) &&
      (!rule.integer || Number.isSafeInteger(value)) &&
      (rule.min === undefined || (rule.minExclusive ? value > rule.min : value >= rule.min)) &&
      (rule.max === undefined || value <= rule.max);
    if (!ok) throw new ScenarioError(`${this.at(key)} must be ${ruleText(rule)}, got ${describe(value)}`);
    return value as number;
  }

  string(key: string, fallback?: string): string {
    const value = this.object[key];
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== "string" || value.trim() === "") {
      throw new ScenarioError(`${this.at(key)} must be a non-empty string, got ${describe(value)}`);
    }
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.object[key];
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") {
      throw new ScenarioError(`${this.at(key)} must be true or false, got ${describe(value)}`);
    }
    return value;
  }

  oneOf<T extends string>(key: string, choices: readonly T[], fallback: T): T {
    const value = this.object[key];
    if (value === undefined) return fallback;
    if (typeof value !== "string" || !choices.includes(value as T)) {
      throw new ScenarioError(
        `${this.at(key)} must be one of ${choices.map((c) => `"${c}"`).join(", ")}, got ${describe(value)}`,
      );
    }
    return value as T;
  }

  array(key: string, fallback?: Json[]): Json[] {
    const value = this.object[key];
    if (value === undefined && fallback !== undefined) return fallback;
    if (!Array.isArray(value))
      throw new ScenarioError(`${this.at(key)} must be a JSON array, got ${describe(value)}`);
    return value;
  }
}

function ruleText(rule: { min?: number; max?: number; minExclusive?: boolean; integer?: boolean }): string {
  const kind = rule.integer ? "an integer" : "a number";
  if (rule.min !== undefined && rule.max !== undefined) {
    return `${kind} in ${rule.minExclusive ? "(" : "["}${rule.min}, ${rule.max}]`;
  }
  if (rule.min !== undefined) return `${kind} ${rule.minExclusive ? ">" : ">="} ${rule.min}`;
  return kind;
}

function describe(value: Json): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

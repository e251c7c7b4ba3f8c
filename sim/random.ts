/**
 * The simulator's only source of randomness: a small seeded generator (splitmix32: a Weyl sequence
 * through the murmur3 finaliser), so the same seed always gives the same run on every machine.
 * Not for cryptography; it only spreads agents' parameters and choices.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer in [0, 4294967295], got ${seed}`);
    }
    this.state = seed >>> 0;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform in [0, 1). */
  nextFraction(): number {
    return this.nextUint32() / 0x100000000;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.nextFraction();
  }

  /** Uniform integer in [0, bound). */
  integerBelow(bound: number): number {
    return Math.floor(this.nextFraction() * bound);
  }
}

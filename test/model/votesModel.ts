/**
 * The model of `StakeVotes` (contracts/staking/StakeVotes.sol), written from its design: each position
 * counts its value in units of its validator's slash index (value * RAY / index, rounded down), each
 * slash lowers the index (index * after / before, rounded down), and a delegatee counts its delegators'
 * units in at most 16 slots, one per validator, the smallest evicted for a larger newcomer. Plain data
 * (Maps and objects) and free functions, so the staking model's snapshot (structuredClone) keeps it.
 */
export const VOTES_RAY = 10n ** 27n;
export const MAX_VALIDATOR_SLOTS = 16;

interface PositionUnits {
  units: bigint;
  /** 1-based place in `validatorsOf` (0: not listed). */
  listIndex: number;
  counted: boolean;
  slotEpoch: bigint;
}

export interface VotesState {
  /** RAY - slash index, per validator (absent: never slashed). */
  slashedRay: Map<string, bigint>;
  unitsOfValidator: Map<string, bigint>;
  totalWei: bigint;
  /** `${account}:${validator}` -> what the position counts. */
  units: Map<string, PositionUnits>;
  validatorsOf: Map<string, string[]>;
  /** `${delegatee}:${validator}` -> its slot (1-based, 0: none) and epoch. */
  slotOf: Map<string, { slot: number; epoch: bigint }>;
  /** delegatee -> its slots in order: the validator held and the units counted. */
  slots: Map<string, { validator: string; units: bigint }[]>;
}

export function newVotesState(): VotesState {
  return {
    slashedRay: new Map(),
    unitsOfValidator: new Map(),
    totalWei: 0n,
    units: new Map(),
    validatorsOf: new Map(),
    slotOf: new Map(),
    slots: new Map(),
  };
}

export function slashIndex(s: VotesState, validator: string): bigint {
  return VOTES_RAY - (s.slashedRay.get(validator) ?? 0n);
}

const atIndex = (units: bigint, indexRay: bigint) => (units * indexRay) / VOTES_RAY;

function positionUnits(s: VotesState, account: string, validator: string): PositionUnits {
  return s.units.get(`${account}:${validator}`) ?? { units: 0n, listIndex: 0, counted: false, slotEpoch: 0n };
}

function slotRef(s: VotesState, delegatee: string, validator: string) {
  return s.slotOf.get(`${delegatee}:${validator}`) ?? { slot: 0, epoch: 0n };
}

function isCounted(s: VotesState, delegatee: string, validator: string, u: PositionUnits): boolean {
  if (!u.counted) return false;
  const ref = slotRef(s, delegatee, validator);
  return ref.slot !== 0 && ref.epoch === u.slotEpoch;
}

function addToSlot(s: VotesState, delegatee: string, slot: number, subtract: bigint, add: bigint) {
  const held = s.slots.get(delegatee)![slot - 1]!;
  held.units = held.units - subtract + add;
}

/** `StakeVotes._openSlot`: the slot (1-based) for `validator`'s stake at `delegatee`, or 0. */
function openSlot(
  s: VotesState,
  delegatee: string,
  validator: string,
  units: bigint,
  indexRay: bigint,
): number {
  let slots = s.slots.get(delegatee);
  if (!slots) s.slots.set(delegatee, (slots = []));
  let slot = slots.length;
  if (slots.length < MAX_VALIDATOR_SLOTS) {
    slots.push({ validator, units: 0n });
    return slot + 1;
  }
  let smallest: bigint | undefined;
  for (let i = 0; i < slots.length; ++i) {
    const value = atIndex(slots[i]!.units, slashIndex(s, slots[i]!.validator));
    if (smallest === undefined || value < smallest) [smallest, slot] = [value, i];
    if (slots[i]!.units === 0n) break;
  }
  if (smallest !== 0n && atIndex(units, indexRay) <= smallest!) return 0;
  const evicted = slotRef(s, delegatee, slots[slot]!.validator);
  s.slotOf.set(`${delegatee}:${slots[slot]!.validator}`, { slot: 0, epoch: evicted.epoch + 1n });
  slots[slot] = { validator, units: 0n };
  return slot + 1;
}

function count(s: VotesState, delegatee: string, validator: string, u: PositionUnits, indexRay: bigint) {
  const ref = slotRef(s, delegatee, validator);
  if (ref.slot === 0) {
    const slot = openSlot(s, delegatee, validator, u.units, indexRay);
    if (slot === 0) return;
    ref.slot = slot;
    s.slotOf.set(`${delegatee}:${validator}`, { ...ref });
  }
  addToSlot(s, delegatee, ref.slot, 0n, u.units);
  u.counted = true;
  u.slotEpoch = ref.epoch;
}

function list(s: VotesState, account: string, validator: string, u: PositionUnits, hasUnits: boolean) {
  let validators = s.validatorsOf.get(account);
  if (!validators) s.validatorsOf.set(account, (validators = []));
  if (hasUnits && u.listIndex === 0) {
    validators.push(validator);
    u.listIndex = validators.length;
  } else if (!hasUnits && u.listIndex !== 0) {
    const last = validators[validators.length - 1]!;
    validators[u.listIndex - 1] = last;
    if (last !== validator) positionUnits(s, account, last).listIndex = u.listIndex;
    validators.pop();
    u.listIndex = 0;
  }
}

/** `StakeVotes.setVotingUnits(account, validator, valueWei)` for an account delegating to `delegatee`. */
export function setVotingUnits(
  s: VotesState,
  account: string,
  validator: string,
  valueWei: bigint,
  delegatee: string | undefined,
): void {
  const indexRay = slashIndex(s, validator);
  const newUnits = indexRay === 0n ? 0n : (valueWei * VOTES_RAY) / indexRay;
  const u = { ...positionUnits(s, account, validator) };
  const wasCounted = delegatee !== undefined && isCounted(s, delegatee, validator, u);
  const oldUnits = u.units;
  if (newUnits === oldUnits && (wasCounted || delegatee === undefined || newUnits === 0n)) return;
  if (newUnits !== oldUnits) {
    const validatorUnits = s.unitsOfValidator.get(validator) ?? 0n;
    const next = validatorUnits - oldUnits + newUnits;
    s.unitsOfValidator.set(validator, next);
    s.totalWei = s.totalWei - atIndex(validatorUnits, indexRay) + atIndex(next, indexRay);
    // (the list's swap writes the moved position's record directly, as the contract does)
    s.units.set(`${account}:${validator}`, u);
    list(s, account, validator, u, newUnits !== 0n);
    u.units = newUnits;
  }
  if (wasCounted) {
    addToSlot(s, delegatee, slotRef(s, delegatee, validator).slot, oldUnits, newUnits);
    u.counted = newUnits !== 0n;
  } else if (delegatee !== undefined && newUnits !== 0n) {
    count(s, delegatee, validator, u, indexRay);
  }
  s.units.set(`${account}:${validator}`, u);
}

/** `StakeVotes.recordSlash(validator, bondedBeforeWei, bondedAfterWei)`. */
export function recordSlash(s: VotesState, validator: string, beforeWei: bigint, afterWei: bigint): void {
  const indexRay = slashIndex(s, validator);
  if (indexRay === 0n || beforeWei === 0n) return;
  const next = (indexRay * afterWei) / beforeWei;
  s.slashedRay.set(validator, VOTES_RAY - next);
  const units = s.unitsOfValidator.get(validator) ?? 0n;
  s.totalWei = s.totalWei - atIndex(units, indexRay) + atIndex(units, next);
}

/** `StakeVotes._delegate`: moves the account's counted stake, validator by validator. */
export function moveDelegation(
  s: VotesState,
  account: string,
  previous: string | undefined,
  delegatee: string,
): void {
  for (const validator of s.validatorsOf.get(account) ?? []) {
    const u = { ...positionUnits(s, account, validator) };
    if (previous !== undefined && isCounted(s, previous, validator, u))
      addToSlot(s, previous, slotRef(s, previous, validator).slot, u.units, 0n);
    u.counted = false;
    count(s, delegatee, validator, u, slashIndex(s, validator));
    s.units.set(`${account}:${validator}`, u);
  }
}

/** `StakeVotes.getVotes(delegatee)`. */
export function votesOf(s: VotesState, delegatee: string): bigint {
  let votes = 0n;
  for (const slot of s.slots.get(delegatee) ?? [])
    votes += atIndex(slot.units, slashIndex(s, slot.validator));
  return votes;
}

/** `StakeVotes.votingUnitsOf(account)`. */
export function votingUnitsOf(s: VotesState, account: string): bigint {
  let units = 0n;
  for (const validator of s.validatorsOf.get(account) ?? [])
    units += atIndex(positionUnits(s, account, validator).units, slashIndex(s, validator));
  return units;
}

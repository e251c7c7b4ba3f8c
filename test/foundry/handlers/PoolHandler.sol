// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ETMToken} from "../../../contracts/token/ETMToken.sol";
import {IStakingPool} from "../../../contracts/interfaces/IStakingPool.sol";
import {StakeVotes} from "../../../contracts/staking/StakeVotes.sol";
import {ValidatorElection} from "../../../contracts/election/ValidatorElection.sol";
import {DoubleSignEvidence} from "../../../contracts/evidence/DoubleSignEvidence.sol";
import {EmissionMath} from "../../../contracts/libraries/EmissionMath.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {BoundLib} from "../utils/Test.sol";
import {SystemFixture} from "../utils/SystemFixture.sol";
import {VM, Vm} from "../utils/Vm.sol";
import {QbftBlocks} from "../utils/QbftBlocks.sol";

/// @title PoolHandler
/// @notice The fuzzer's only target: every user and privileged action of the pool and the election,
/// with bounded, meaningful inputs (an actor, a validator and an amount picked from what exists), plus
/// block jumps from one block to several years. It keeps ghost variables (stake in, tokens burned,
/// registered operators, positions ever opened) and records violations that can only be seen across
/// a call (the accumulator going down, a mint to stakers while nothing was staked, an election that
/// seated an ineligible candidate) for the invariants to report.
/// @dev Auto-compounding: every settlement of a validator may bond its compounding class's reward
/// (`ClassCompounded`), inside any action at it; the handler reads those events (`_noteCompounded`) so
/// that the ghost stake history counts them as bonds, not as smaller unbonds. A redelegation's lien, burned at the destination when the account's redelegations are
/// settled, is a slash of that position: the handler settles them in a call of their own first
/// (`_settleLiens`), so that the ghost stake history counts the burn as a slash, not an unbond.
/// Slashing names an infraction block: `slash` and `slashDoubleSign`
/// check each burn against a ghost history of every validator's stake (`_syncGhostStake`). The evidence
/// contract's header decoding is fuzzed on its own (test/evidence); here its call into the pool is.
contract PoolHandler {
    using BoundLib for uint256;

    uint256 internal constant ETM = 1e18;
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BLOCKS_PER_YEAR = 10_512_000;
    uint256 internal constant SLASH_EPOCH_BLOCKS = 28_800; // PoolConstants.SLASH_EPOCH_BLOCKS
    uint256 internal constant ACTOR_COUNT = 10;
    uint256 internal constant MAX_OPERATORS = 12;
    uint256 internal constant GENESIS_OPERATORS = 5;
    uint256 internal constant ACTOR_FUNDS = 5_000_000 * ETM;
    uint256 internal constant OPERATOR_FUNDS = 2_000_000 * ETM;
    /// @dev The pool's storage namespace (PoolStorage.POOL_STORAGE_LOCATION): slot 0 the emission
    /// state, slot 1 the totals, slot 6 the validators' `delta` share owed.
    bytes32 internal constant POOL_STORAGE =
        0x22b3717c659157c0ea12a7b50b6cd2b5de59754a0aa65a32e90f3c0d1ed0b800;

    bytes32 private constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    bytes32 private constant SIGNER_PROOF_TYPEHASH =
        keccak256("SignerProof(address signer,address operator)");

    address public constant ADMIN = address(0xAD);
    address public constant TREASURY = address(0x7EA);
    address public constant BANK = address(0xBA);

    ETMToken public immutable token;
    IStakingPool public immutable pool;
    StakeVotes public immutable votes;
    ValidatorElection public immutable election;
    DoubleSignEvidence public immutable evidence;

    // ------------------------------------------------------------------ actors and validators
    address[] public actors; // delegators (with keys, for permits)
    mapping(address => uint256) public keyOf;
    address[] public operators; // every operator ever registered, in order
    mapping(address => address) public signerOfOperator;
    mapping(address => uint256) internal signerKeyOf; // every signer the handler registered: its key
    uint256 public operatorsCreated;
    mapping(address => bytes32) internal secretOf; // commit-reveal secret of the round committed
    mapping(address => uint256) internal committedRound; // the round of that commitment
    uint256 public ghostReveals; // reveals that went through
    // every (account, validator) pair that ever held a position
    address[] public positionAccounts;
    address[] public positionValidators;
    mapping(address => mapping(address => bool)) internal knownPosition;

    // ------------------------------------------------------------------ ghosts
    uint256 public ghostBurned; // tokens burned by slashes
    uint256 public ghostBondedBurned; // of which bonded stake (voting units may lag by this much)
    uint256 public ghostLastRewardPerToken;
    uint256 public ghostStakedIn; // tokens bonded by stake / stakeWithPermit / register / compound
    uint256 public ghostWithdrawn; // tokens returned by withdraw
    uint256 public ghostRedelegations; // redelegations that went through
    uint256 public ghostLienBurns; // settlements that burned a lien at a destination
    uint256 public ghostClaimed; // rewards and commission paid by claim
    uint256 public ghostElections; // elections that installed a set
    uint256 public ghostDoubleSignsPunished; // header evidence that slashed (submitDoubleSign)
    uint256 public ghostCompoundingSwitches; // setCompounding calls that went through
    uint256 public ghostClassCompoundings; // settlements that bonded a compounding class's reward
    mapping(address => uint256) internal compoundedInCall; // per validator, bonded by its class this call
    mapping(address => mapping(uint256 => uint256)) internal lastPriceTokens; // per validator, slot 1/2
    mapping(address => mapping(uint256 => uint256)) internal lastPriceShares;
    // Every unbonding bucket (validator id, slash epoch) the handler unbonded into, with its last rate.
    struct BucketPrice {
        uint256 id;
        uint256 epoch;
        uint256 tokens;
        uint256 shares;
    }
    BucketPrice[] internal bucketPrices;
    mapping(bytes32 => bool) internal bucketSeen;
    // The ghost stake history (slashing at an infraction block): per validator its bonded stake and
    // the cumulative stake unbonded from it at the end of each block where its bonded stake changed.
    struct GhostPoint {
        uint64 blockNumber;
        uint128 bonded;
        uint128 unbondedCum;
    }
    mapping(address => GhostPoint[]) internal ghostHistory;
    mapping(address => uint256) public ghostBonded; // bonded stake after the last call
    uint256 public ghostCommissionSwitchesChecked; // applied commission changes whose split was checked
    mapping(address => uint256) public ghostUnbondedCum; // everything ever unbonded from it
    mapping(address => uint256) public ghostLastMoveBlock; // last block a bond or unbond changed it
    string public violation; // first violation seen across a call ("" = none)
    uint256 public violationCall;
    uint256 public calls;
    mapping(bytes32 => uint256) public callsOf;

    constructor() {
        for (uint256 i = 0; i < ACTOR_COUNT; ++i) {
            uint256 key = 0xA11CE000 + i;
            address actor = VM.addr(key);
            actors.push(actor);
            keyOf[actor] = key;
        }
        address[] memory genesisSigners = new address[](GENESIS_OPERATORS);
        for (uint256 i = 0; i < GENESIS_OPERATORS; ++i) genesisSigners[i] = _signerAddress(i);
        SystemFixture.System memory s = SystemFixture.deploy(ADMIN, TREASURY, BANK, genesisSigners);
        token = s.token;
        pool = s.pool;
        votes = s.votes;
        election = s.election;
        evidence = s.evidence;
        for (uint256 i = 0; i < ACTOR_COUNT; ++i) _fund(actors[i], ACTOR_FUNDS);
        for (uint256 i = 0; i < GENESIS_OPERATORS; ++i) _register(i, 0.05e18, 20_000 * ETM + i * 5_000 * ETM);
        // every candidate is live for the first election
        for (uint256 i = 0; i < operators.length; ++i) {
            VM.prank(signerOfOperator[operators[i]]);
            election.heartbeat();
        }
        ghostLastRewardPerToken = pool.rewardPerToken();
        _syncGhostStake(false);
        // the storage reads of the share-price check follow PoolStorage's layout
        address first = operators[0];
        require(
            uint128(uint256(VM.load(address(pool), bytes32(uint256(_validatorSlot(first)) + 1)))) ==
                pool.validatorStake(first),
            "PoolHandler: PoolStorage layout changed (validators slot)"
        );
    }

    // ================================================================== bookkeeping

    /// @dev What an action's accrual is checked against: the state before the action.
    struct StepStart {
        uint256 stakedWei;
        uint256 supplyWei;
        uint256 burnedWei;
        uint256 storedRewardPerTokenRay;
        uint256 emissionWord; // the pool's EmissionState slot
    }

    /// @dev After every action: the accumulator never decreases; while (dust) nothing is staked the
    /// stakers' accumulator does not move over the call (the treasury takes the mint); otherwise it
    /// rises by at most the stakers' part of the call's mint over the stake, rounded down.
    modifier step(bytes32 name) {
        StepStart memory start = StepStart(
            pool.totalStaked(),
            token.totalSupply(),
            ghostBurned,
            _storedRewardPerToken(),
            uint256(VM.load(address(pool), POOL_STORAGE))
        );
        DueSwitch[] memory dueSwitches = _dueSwitches();
        ++calls;
        ++callsOf[name];
        VM.recordLogs();
        _;
        bool slashed = name == "slash" || name == "slashDoubleSign" || name == "submitDoubleSign";
        _checkCommissionSwitches(dueSwitches);
        _noteCompounded();
        _checkSharePrices(slashed);
        _syncGhostStake(slashed);
        uint256 rpt = pool.rewardPerToken();
        if (rpt < ghostLastRewardPerToken) _violate("rewardPerToken decreased");
        ghostLastRewardPerToken = rpt;
        _checkAccrualRounding(start);
    }

    /// @dev The accrual of an action runs over blocks with `start.stakedWei` bonded (actions accrue
    /// first). Its mint is the supply's rise plus what the action burned. While nothing (or dust) is
    /// staked the stakers' accumulator must not move. Otherwise, when no scheduled commission switch
    /// fell inside the accrual (one segment), the accumulator rises by at most
    /// floor((mint - floor(mint x delta / 1e18)) x 1e27 / staked): exactly that for one accrual, less
    /// for several at the same stake (a sum of floors), never more (rounding favours the pool).
    function _checkAccrualRounding(StepStart memory start) internal {
        uint256 increment = _storedRewardPerToken() - start.storedRewardPerTokenRay;
        if (start.stakedWei == 0 || start.stakedWei * 1e6 < start.supplyWei) {
            if (increment != 0) _violate("stakers credited while nothing (or dust) was staked");
            return;
        }
        uint256 nextSwitchBlock = uint40(start.emissionWord >> 208);
        if (nextSwitchBlock != 0 && nextSwitchBlock <= block.number) return; // several segments
        uint256 mintedWei = token.totalSupply() + ghostBurned - start.supplyWei - start.burnedWei;
        uint256 deltaWad = uint64(start.emissionWord >> 144);
        uint256 toStakersWei = mintedWei - (mintedWei * deltaWad) / 1e18;
        if (increment > (toStakersWei * 1e27) / start.stakedWei) {
            _violate(
                "the accumulator rose by more than the stakers' part of the mint over the stake (round down)"
            );
        }
    }

    /// @dev A validator whose scheduled commission change was due when a call started (its effective
    /// block reached), as its storage stood then: what its next settlement must credit.
    struct DueSwitch {
        address operator;
        uint256 effectiveBlock;
        uint256 oldCommissionWad;
        uint256 newCommissionWad;
        uint256 bondedTokensWei;
        uint256 bondedShares;
        uint256 rewardPerTokenPaidRay;
        uint256 rewardPerShareRay;
    }

    /// @dev The validators with a due, not yet applied, commission change (slot 3 of `Validator`:
    /// commission, pending commission, effective block; slot 4: accumulator paid, reward per share).
    function _dueSwitches() internal view returns (DueSwitch[] memory due) {
        due = new DueSwitch[](operators.length);
        uint256 count;
        for (uint256 i = 0; i < operators.length; ++i) {
            uint256 base = uint256(_validatorSlot(operators[i]));
            uint256 commissionWord = uint256(VM.load(address(pool), bytes32(base + 3)));
            uint256 effectiveBlock = uint40(commissionWord >> 128);
            if (effectiveBlock == 0 || effectiveBlock > block.number) continue;
            uint256 bondedWord = uint256(VM.load(address(pool), bytes32(base + 1)));
            uint256 rewardWord = uint256(VM.load(address(pool), bytes32(base + 4)));
            due[count++] = DueSwitch(
                operators[i],
                effectiveBlock,
                uint64(commissionWord),
                uint64(commissionWord >> 64),
                uint128(bondedWord),
                bondedWord >> 128,
                uint128(rewardWord),
                rewardWord >> 128
            );
        }
        assembly {
            mstore(due, count) // shorten to the validators found
        }
    }

    /// @dev A due commission change that a call applied split the validator's credit exactly at its
    /// block, to the wei: the blocks before it at the old rate (up to the accumulator recorded at the
    /// switch), the blocks after it at the new rate, on the stake bonded before the call (a settlement
    /// comes before any change of stake). `rewardPerShareRay` is written only by that credit, and
    /// within a call the accumulator moves once, so its value after the call is the two credits'.
    function _checkCommissionSwitches(DueSwitch[] memory due) internal {
        for (uint256 i = 0; i < due.length; ++i) {
            DueSwitch memory d = due[i];
            uint256 base = uint256(_validatorSlot(d.operator));
            uint256 commissionWord = uint256(VM.load(address(pool), bytes32(base + 3)));
            if (uint40(commissionWord >> 128) == d.effectiveBlock) continue; // not settled in this call
            uint256 rewardWord = uint256(VM.load(address(pool), bytes32(base + 4)));
            uint256 atSwitchRay = uint256(
                VM.load(address(pool), keccak256(abi.encode(d.effectiveBlock, uint256(POOL_STORAGE) + 10)))
            );
            if (atSwitchRay < d.rewardPerTokenPaidRay || uint128(rewardWord) < atSwitchRay) {
                _violate("the accumulator at a commission switch lies outside the settlement it splits");
                continue;
            }
            uint256 rewardPerShareRay = _credit(
                d,
                d.oldCommissionWad,
                d.rewardPerTokenPaidRay,
                atSwitchRay,
                d.rewardPerShareRay
            );
            rewardPerShareRay = _credit(
                d,
                d.newCommissionWad,
                atSwitchRay,
                uint128(rewardWord),
                rewardPerShareRay
            );
            ++ghostCommissionSwitchesChecked;
            if (rewardPerShareRay != rewardWord >> 128)
                _violate(
                    "a commission change did not split the credit at its block (old rate before, new after)"
                );
        }
    }

    /// @dev StakingLogic.credit's delegators' part: `toRay - fromRay` per bonded token, commission off,
    /// the rest per share, each step rounded down.
    function _credit(
        DueSwitch memory d,
        uint256 commissionWad,
        uint256 fromRay,
        uint256 toRay,
        uint256 rewardPerShareRay
    ) internal pure returns (uint256) {
        uint256 earnedWei = Math.mulDiv(d.bondedTokensWei, toRay - fromRay, 1e27);
        if (earnedWei == 0) return rewardPerShareRay;
        uint256 commissionWei = Math.mulDiv(earnedWei, commissionWad, WAD);
        return rewardPerShareRay + Math.mulDiv(earnedWei - commissionWei, 1e27, d.bondedShares);
    }

    /// @dev A validator's token-per-share rate, bonded and unbonding, falls only by slashing (SAFETY.md):
    /// every other rounding favours the pool, so the rate can only stay or rise.
    function _checkSharePrices(bool slashed) internal {
        // (the last rates are written only when they changed: most calls move few validators)
        for (uint256 i = 0; i < operators.length; ++i) {
            address operator = operators[i];
            uint256 base = uint256(_validatorSlot(operator));
            for (uint256 slot = 1; slot <= 2; ++slot) {
                uint256 word = uint256(VM.load(address(pool), bytes32(base + slot)));
                uint256 tokens = uint128(word);
                uint256 shares = word >> 128;
                uint256 lastTokens = lastPriceTokens[operator][slot];
                uint256 lastShares = lastPriceShares[operator][slot];
                if (tokens == lastTokens && shares == lastShares) continue;
                if (!slashed && shares != 0 && lastShares != 0 && tokens * lastShares < lastTokens * shares)
                    _violate(
                        slot == 1
                            ? "a validator's bonded token-per-share rate fell without a slash"
                            : "a validator's unbonding token-per-share rate fell without a slash"
                    );
                lastPriceTokens[operator][slot] = tokens;
                lastPriceShares[operator][slot] = shares;
            }
        }
        // each unbonding bucket too: a withdrawal rounds the tokens it pays down, never up
        for (uint256 i = 0; i < bucketPrices.length; ++i) {
            BucketPrice storage last = bucketPrices[i];
            uint256 word = _bucketWord(last.id, last.epoch);
            uint256 tokens = uint128(word);
            uint256 shares = word >> 128;
            uint256 lastTokens = last.tokens;
            uint256 lastShares = last.shares;
            if (tokens == lastTokens && shares == lastShares) continue;
            if (!slashed && shares != 0 && lastShares != 0 && tokens * lastShares < lastTokens * shares)
                _violate("an unbonding bucket's token-per-share rate fell without a slash");
            (last.tokens, last.shares) = (tokens, shares);
        }
    }

    /// @dev Follows the bucket `validator`'s unbonding goes to in this block (`_checkSharePrices`).
    function _noteBucket(address validator) internal {
        uint256 id = _validatorId(validator);
        uint256 epoch = block.number / SLASH_EPOCH_BLOCKS;
        bytes32 key = keccak256(abi.encode(id, epoch));
        if (bucketSeen[key]) return;
        bucketSeen[key] = true;
        bucketPrices.push(BucketPrice(id, epoch, 0, 0));
    }

    /// @dev Slot 0 of `operator`'s `Validator` in the pool's storage: `validators` is field 11 of the
    /// layout (PoolStorage.Layout); slot 1 holds bonded tokens and shares, slot 2 unbonding ones.
    function _validatorSlot(address operator) internal pure returns (bytes32) {
        return keccak256(abi.encode(operator, uint256(POOL_STORAGE) + 11));
    }

    function _violate(string memory what) internal {
        if (bytes(violation).length == 0) {
            violation = what;
            violationCall = calls;
        }
    }

    function _storedRewardPerToken() internal view returns (uint256) {
        return uint256(VM.load(address(pool), bytes32(uint256(POOL_STORAGE) + 1))) >> 128;
    }

    function _fund(address to, uint256 amount) internal {
        VM.prank(BANK);
        token.transfer(to, amount);
    }

    function _signerKey(uint256 n) internal pure returns (uint256) {
        return 0x5161E2000 + n;
    }

    function _operatorKey(uint256 n) internal pure returns (uint256) {
        return 0x0BE2A7000 + n;
    }

    function _signerAddress(uint256 n) internal pure returns (address) {
        return VM.addr(_signerKey(n));
    }

    function _notePosition(address account, address validator) internal {
        if (knownPosition[account][validator]) return;
        knownPosition[account][validator] = true;
        positionAccounts.push(account);
        positionValidators.push(validator);
    }

    function _register(uint256 n, uint256 commission, uint256 selfStake) internal returns (bool) {
        address operator = VM.addr(_operatorKey(n));
        address signer = _signerAddress(n);
        signerKeyOf[signer] = _signerKey(n);
        if (token.balanceOf(operator) < selfStake) _fund(operator, OPERATOR_FUNDS);
        bytes32 domain = keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256("ETM StakingPool"),
                keccak256("1"),
                block.chainid,
                address(pool)
            )
        );
        bytes32 digest = keccak256(
            abi.encodePacked(
                "\x19\x01",
                domain,
                keccak256(abi.encode(SIGNER_PROOF_TYPEHASH, signer, operator))
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(_signerKey(n), digest);
        bytes32 vs = bytes32(uint256(s) | (uint256(v - 27) << 255));
        VM.prank(operator);
        token.approve(address(pool), selfStake);
        VM.prank(operator);
        try pool.registerValidator(signer, commission, selfStake, r, vs) {
            operators.push(operator);
            signerOfOperator[operator] = signer;
            if (operatorsCreated <= n) operatorsCreated = n + 1;
            ghostStakedIn += selfStake;
            _notePosition(operator, operator);
            return true;
        } catch {
            if (operatorsCreated <= n) operatorsCreated = n + 1; // a refused key is not retried
            return false;
        }
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % ACTOR_COUNT];
    }

    function _operator(uint256 seed) internal view returns (address) {
        return operators[seed % operators.length];
    }

    /// @dev Bonding amounts: mostly ordinary, sometimes the minimum or a whale.
    function _amount(uint256 seed, uint256 available) internal pure returns (uint256) {
        uint256 mode = seed % 8;
        uint256 amount;
        if (mode == 0) amount = 1 * ETM;
        else if (mode == 1) amount = (seed >> 8).bound(1 * ETM, 10 * ETM);
        else if (mode == 7) amount = (seed >> 8).bound(100_000 * ETM, 2_000_000 * ETM);
        else amount = (seed >> 8).bound(1 * ETM, 50_000 * ETM);
        return amount > available ? available : amount;
    }

    // ================================================================== staking

    function stake(uint256 actorSeed, uint256 validatorSeed, uint256 amountSeed) external step("stake") {
        address actor = _actor(actorSeed);
        address validator = _operator(validatorSeed);
        uint256 amount = _amount(amountSeed, token.balanceOf(actor));
        if (amount == 0) return;
        VM.prank(actor);
        token.approve(address(pool), amount);
        VM.prank(actor);
        pool.stake(validator, amount);
        ghostStakedIn += amount;
        _notePosition(actor, validator);
    }

    function stakeWithPermit(
        uint256 actorSeed,
        uint256 validatorSeed,
        uint256 amountSeed
    ) external step("stakeWithPermit") {
        address actor = _actor(actorSeed);
        address validator = _operator(validatorSeed);
        uint256 amount = _amount(amountSeed, token.balanceOf(actor));
        if (amount == 0) return;
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, actor, address(pool), amount, token.nonces(actor), deadline)
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(keyOf[actor], digest);
        VM.prank(actor);
        pool.stakeWithPermit(validator, amount, deadline, v, r, s);
        ghostStakedIn += amount;
        _notePosition(actor, validator);
    }

    /// @dev The operator tops up (or, while jailed for a shortfall, restores) its own self-stake.
    function stakeSelf(uint256 validatorSeed, uint256 amountSeed) external step("stakeSelf") {
        address operator = _operator(validatorSeed);
        uint256 amount = _amount(amountSeed, token.balanceOf(operator));
        if (amount == 0) return;
        VM.prank(operator);
        token.approve(address(pool), amount);
        VM.prank(operator);
        pool.stake(operator, amount);
        ghostStakedIn += amount;
    }

    /// @dev Unstakes a part (often all) of an existing position of an actor or an operator.
    function unstake(
        uint256 accountSeed,
        uint256 validatorSeed,
        uint256 fractionSeed
    ) external step("unstake") {
        address validator = _operator(validatorSeed);
        address account = accountSeed % 4 == 0 ? validator : _actor(accountSeed >> 2);
        _settleLiens(account);
        uint256 value = pool.stakeOf(account, validator);
        if (value == 0) return;
        uint256 mode = fractionSeed % 3;
        uint256 amount = mode == 0 ? value : (value * (fractionSeed >> 2).bound(1, 1e4)) / 1e4;
        if (amount == 0) amount = value;
        VM.prank(account);
        pool.unstake(validator, amount);
        _noteBucket(validator);
        if (pool.stakeOf(account, validator) + amount > value)
            _violate("unstake left more stake than it should");
    }

    /// @dev Withdraw releases exactly the matured entries (they mature in ring order), never one early.
    /// @dev An account with unbonding entries (the first from a seeded start, else the seeded one)
    /// withdraws; half the time it first waits for its earliest entry to mature, as stakers do (without
    /// that, nearly every withdraw of a run found nothing matured and reverted).
    /// @dev Moves part (often all) of an actor's stake at one validator to another at once. It may be
    /// refused (a lock, a jailed or departed destination, a minimum, seven maturing): fine, it reverts.
    function redelegate(
        uint256 actorSeed,
        uint256 sourceSeed,
        uint256 destinationSeed,
        uint256 fractionSeed
    ) external step("redelegate") {
        // Mostly (3 in 4) an actor that holds a position, from one of its positions (a random actor
        // and validator rarely hold stake: nearly every such call was refused); otherwise any actor and
        // validator, to reach the refusals too.
        address actor = _actor(actorSeed);
        address[] memory held = pool.positionsOf(actor);
        bool ownPosition = sourceSeed % 4 != 0;
        for (uint256 i = 1; ownPosition && held.length == 0 && i < ACTOR_COUNT; ++i) {
            actor = _actor((actorSeed % ACTOR_COUNT) + i);
            held = pool.positionsOf(actor);
        }
        address source = ownPosition && held.length != 0
            ? held[(sourceSeed >> 2) % held.length]
            : _operator(sourceSeed);
        address destination = _operator(destinationSeed);
        if (destination == source) destination = _operator(destinationSeed + 1);
        _settleLiens(actor);
        uint256 value = pool.stakeOf(actor, source);
        uint256 amount = fractionSeed % 3 == 0 ? value : (value * (fractionSeed >> 2).bound(1, 1e4)) / 1e4;
        if (amount == 0) amount = value == 0 ? 1 : value; // nothing there: refused (InsufficientStake)
        VM.prank(actor);
        pool.redelegate(source, destination, amount);
        _notePosition(actor, destination);
        ++ghostRedelegations;
    }

    /// @dev An actor (sometimes an operator at its own validator: refused) moves a position into its
    /// validator's compounding class or out of it; mostly to the other mode, sometimes to the one it has
    /// (refused). An empty position may switch (its next stake joins the class).
    function setCompounding(
        uint256 actorSeed,
        uint256 validatorSeed,
        uint256 modeSeed
    ) external step("setCompounding") {
        address validator = _operator(validatorSeed);
        address account = actorSeed % 8 == 0 ? validator : _actor(actorSeed >> 3);
        bool compounding = pool.isCompounding(account, validator);
        VM.prank(account);
        pool.setCompounding(validator, modeSeed % 8 == 0 ? compounding : !compounding);
        _notePosition(account, validator);
        ++ghostCompoundingSwitches;
    }

    /// @dev Anyone settles a validator (bonding its compounding class's reward).
    function settleValidator(uint256 validatorSeed) external step("settleValidator") {
        pool.settleValidator(_operator(validatorSeed));
    }

    /// @dev Anyone settles an actor's redelegations (after a slash of a source, a lien is burned).
    function settleRedelegations(uint256 actorSeed) external step("settleRedelegations") {
        _settleLiens(_actor(actorSeed));
    }

    /// @dev Settles `account`'s redelegations in a call of their own: what it burns (bonded stake at the
    /// destinations, nothing else moves) is a slash of those positions, recorded as such in the ghosts.
    function _settleLiens(address account) internal {
        _noteCompounded(); // what the call bonded so far, before the settlement's own
        uint256 compoundedBefore = _compoundedInCall();
        uint256 stakedBefore = pool.totalStaked();
        pool.settleRedelegations(account);
        _noteCompounded();
        // The settlement's own compounding (at the destinations) came in before the burn.
        uint256 burned = stakedBefore + _compoundedInCall() - compoundedBefore - pool.totalStaked();
        if (burned != 0) ++ghostLienBurns;
        ghostBurned += burned;
        _syncGhostStake(true);
    }

    function withdraw(uint256 accountSeed) external step("withdraw") {
        address account = _accountWithUnbonding(accountSeed);
        (, uint256[] memory maturities, uint256[] memory amounts) = pool.unbondingOf(account);
        if (accountSeed % 2 == 0 && maturities.length != 0 && maturities[0] > block.number) {
            VM.warp(block.timestamp + 3 * (maturities[0] - block.number));
            VM.roll(maturities[0]);
        }
        uint256 matured;
        uint256 entries;
        for (; entries < maturities.length && maturities[entries] <= block.number; ++entries)
            matured += amounts[entries];
        VM.prank(account);
        uint256 amount = pool.withdraw();
        ghostWithdrawn += amount;
        if (amount < matured || amount > matured + entries)
            _violate("withdraw released other than the matured entries");
        (, maturities, ) = pool.unbondingOf(account);
        if (maturities.length != 0 && maturities[0] <= block.number)
            _violate("a matured entry was left behind");
        if (maturities.length + entries != amounts.length)
            _violate("withdraw released an entry before maturity");
    }

    function _accountWithUnbonding(uint256 seed) internal view returns (address) {
        uint256 total = ACTOR_COUNT + operators.length;
        for (uint256 i = 0; i < total; ++i) {
            uint256 n = (seed + i) % total;
            address account = n < ACTOR_COUNT ? actors[n] : operators[n - ACTOR_COUNT];
            (, uint256[] memory maturities, ) = pool.unbondingOf(account);
            if (maturities.length != 0) return account;
        }
        return seed % 3 == 0 ? _operator(seed >> 2) : _actor(seed >> 2);
    }

    function _unbondingMaturities(
        address account
    ) internal view returns (uint256[] memory maturities, uint256) {
        (, maturities, ) = pool.unbondingOf(account);
        return (maturities, 0);
    }

    function claim(uint256 accountSeed, uint256 validatorSeed) external step("claim") {
        address validator = _operator(validatorSeed);
        address account = accountSeed % 4 == 0 ? validator : _actor(accountSeed >> 2);
        VM.prank(account);
        ghostClaimed += pool.claim(validator);
    }

    function compound(uint256 accountSeed, uint256 validatorSeed) external step("compound") {
        address validator = _operator(validatorSeed);
        address account = accountSeed % 4 == 0 ? validator : _actor(accountSeed >> 2);
        VM.prank(account);
        ghostStakedIn += pool.compound(validator);
        _notePosition(account, validator);
    }

    /// @dev Every position's reward (and an operator's commission) in one transfer.
    function claimAll(uint256 accountSeed) external step("claimAll") {
        address account = accountSeed % 4 == 0 ? _operator(accountSeed >> 2) : _actor(accountSeed >> 2);
        VM.prank(account);
        ghostClaimed += pool.claimAll();
    }

    /// @dev Every position's reward restaked where its validator takes it, the rest paid.
    function compoundAll(uint256 accountSeed) external step("compoundAll") {
        address account = accountSeed % 4 == 0 ? _operator(accountSeed >> 2) : _actor(accountSeed >> 2);
        VM.prank(account);
        (uint256 compoundedWei, uint256 paidWei) = pool.compoundAll();
        ghostStakedIn += compoundedWei;
        ghostClaimed += paidWei;
    }

    /// @dev Anyone may re-read a position's value into its voting power.
    function syncVotingUnits(uint256 accountSeed, uint256 pairSeed) external step("syncVotingUnits") {
        accountSeed;
        if (positionAccounts.length == 0) return;
        uint256 i = pairSeed % positionAccounts.length;
        pool.syncVotingUnits(positionAccounts[i], positionValidators[i]);
    }

    function delegateVotes(uint256 actorSeed, uint256 toSeed) external step("delegateVotes") {
        address actor = _actor(actorSeed);
        VM.prank(actor);
        votes.delegate(_actor(toSeed));
    }

    function accrue() external step("accrue") {
        pool.accrue();
    }

    // ================================================================== validators

    function registerValidator(uint256 commissionSeed, uint256 stakeSeed) external step("registerValidator") {
        if (operatorsCreated >= MAX_OPERATORS) return;
        uint256 commission = commissionSeed.bound(0, pool.maxCommission());
        uint256 selfStake = stakeSeed.bound(
            pool.parameter(IStakingPool.Parameter.MinSelfStake),
            200_000 * ETM
        );
        _register(operatorsCreated, commission, selfStake);
    }

    function deregisterValidator(uint256 validatorSeed) external step("deregisterValidator") {
        address operator = _operator(validatorSeed);
        VM.prank(operator);
        pool.deregisterValidator();
        _noteBucket(operator);
    }

    function setCommission(uint256 validatorSeed, uint256 deltaSeed) external step("setCommission") {
        address operator = _operator(validatorSeed);
        (, , , uint256 current, , , , ) = pool.validatorInfo(operator);
        uint256 maxChange = pool.parameter(IStakingPool.Parameter.MaxCommissionChange);
        uint256 maxCommission = pool.maxCommission();
        uint256 low = current > maxChange ? current - maxChange : 0;
        uint256 high = current + maxChange > maxCommission ? maxCommission : current + maxChange;
        uint256 commission = deltaSeed.bound(low, high);
        VM.prank(operator);
        pool.setCommission(commission);
    }

    // ================================================================== election

    function heartbeat(uint256 validatorSeed) external step("heartbeat") {
        address operator = _operator(validatorSeed);
        VM.prank(validatorSeed % 5 == 0 ? operator : signerOfOperator[operator]);
        election.heartbeat();
    }

    /// @dev Heartbeats of every listed candidate (the common case on a live chain).
    function heartbeatAll() external step("heartbeatAll") {
        _heartbeatAll();
    }

    function _heartbeatAll() internal {
        for (uint256 i = 0; i < operators.length; ++i) {
            VM.prank(signerOfOperator[operators[i]]);
            try election.heartbeat() {} catch {} // solhint-disable-line no-empty-blocks
        }
    }

    /// @dev An active validator commits to a secret (through its signer, or as a genesis seat).
    function commit(uint256 seatSeed, bytes32 secret) external step("commit") {
        address[] memory seats = election.activeValidators();
        address seat = seats[seatSeed % seats.length];
        address caller = signerOfOperator[seat] == address(0) ? seat : signerOfOperator[seat];
        uint256 round = election.currentRound();
        // a genesis seat commits as its signer address, which is its operator in the election's books
        bytes32 commitment = election.computeCommitment(seat, round, secret);
        VM.prank(caller);
        election.commit(commitment);
        secretOf[seat] = secret;
        committedRound[seat] = round;
    }

    /// @dev A seat reveals its secret. Mostly (3 in 4) a seat that committed this round is chosen and,
    /// if the reveal phase has not begun, the chain moves to its first block (a random jump rarely lands
    /// between a commit and the end of its round); otherwise any seat, in whatever phase (refused).
    function reveal(uint256 seatSeed) external step("reveal") {
        address[] memory seats = election.activeValidators();
        uint256 round = election.currentRound();
        address seat = seats[seatSeed % seats.length];
        if (seatSeed % 4 != 0) {
            for (uint256 i = 0; i < seats.length; ++i) {
                address candidate = seats[(seatSeed + i) % seats.length];
                if (committedRound[candidate] == round && secretOf[candidate] != bytes32(0)) {
                    seat = candidate;
                    (, , , uint256 revealStart) = election.roundInfo();
                    if (revealStart > block.number) {
                        VM.warp(block.timestamp + 3 * (revealStart - block.number));
                        VM.roll(revealStart);
                    }
                    break;
                }
            }
        }
        address caller = signerOfOperator[seat] == address(0) ? seat : signerOfOperator[seat];
        VM.prank(caller);
        election.reveal(secretOf[seat]);
        ++ghostReveals;
    }

    /// @dev Anyone elects once a round has ended; checks what was seated. Mostly (3 in 4) the
    /// candidates were online through the round: all heartbeat, then the chain moves to the block the
    /// next election is due and elects there (heartbeats count for the next two elections). Otherwise
    /// the fuzzer's long jumps leave too few live candidates, and elections would be rare.
    function elect(uint256 seed) external step("elect") {
        if (seed % 4 != 0) {
            _heartbeatAll();
            uint256 due = election.nextElectionBlock();
            if (due > block.number) {
                VM.warp(block.timestamp + 3 * (due - block.number));
                VM.roll(due);
            }
        }
        if (!election.elect()) return;
        ++ghostElections;
        address[] memory seated = election.activeValidators();
        for (uint256 i = 0; i < seated.length; ++i) {
            (IStakingPool.ValidatorStatus status, , uint256 jailedUntil, , , , uint256 bonded, ) = pool
                .validatorInfo(seated[i]);
            if (status != IStakingPool.ValidatorStatus.Active)
                _violate("elected a validator that is not active");
            if (jailedUntil > block.number) _violate("elected a jailed validator");
            if (bonded == 0) _violate("elected a validator without stake");
        }
    }

    /// @dev Transaction fees arriving at the election (Besu credits them without a call).
    function sendFees(uint256 amountSeed) external step("sendFees") {
        uint256 amount = amountSeed.bound(1, 100 ether);
        VM.deal(address(election), address(election).balance + amount);
    }

    function claimElectionRewards(uint256 seatSeed) external step("claimElectionRewards") {
        address operator = _operator(seatSeed);
        VM.prank(operator);
        election.claim();
    }

    // ================================================================== privileged

    /// @dev Slashes by a small fraction most of the time, sometimes a large one, rarely 100%, for an
    /// infraction drawn from the evidence window (`_infractionBlock`). Checks the burn against the
    /// rule of `SlashingLogic.slash` (docs/fuzzing.md, "Slashing at an infraction block"):
    /// - bonded: exactly floor(min(stillBonded, bonded) * f / 1e18), where stillBonded is the ghost's
    ///   stake bonded at the end of block H-1 less everything unbonded from the validator since
    ///   (`_ghostStillBonded`); all of it at 100%; never more than floor(bonded * f / 1e18); and exactly
    ///   that when H is the current block and no stake moved in it (the simple special case);
    /// - unbonding: every bucket from epoch(H) to the current epoch loses exactly floor(tokens * f / 1e18)
    ///   (its shares void at 100%), the buckets before epoch(H) nothing, and the total never exceeds
    ///   floor(unbonding * f / 1e18) (a sum of floors of parts is at most the floor of the whole).
    function slash(
        uint256 validatorSeed,
        uint256 fractionSeed,
        uint256 infractionSeed
    ) external step("slash") {
        _slashChecked(
            _operator(validatorSeed),
            _slashFraction(fractionSeed),
            _infractionBlock(infractionSeed),
            DoubleSign(false, address(0), 0, "", "", new address[](0))
        );
    }

    /// @dev A proven double sign, as the evidence contract reports it (it holds SLASHER_ROLE): the slash
    /// of `slash` (same burn checks) that also tombstones whatever the fraction and pays the reporter
    /// (an actor or an operator, sometimes the offender itself) min(taken * share, what the operator's
    /// own bonded stake lost), burning the rest (`SlashingLogic._payOut`).
    function slashDoubleSign(
        uint256 validatorSeed,
        uint256 fractionSeed,
        uint256 infractionSeed,
        uint256 reporterSeed
    ) external step("slashDoubleSign") {
        _doubleSign(_operator(validatorSeed), fractionSeed, infractionSeed, reporterSeed);
    }

    function _doubleSign(
        address operator,
        uint256 fractionSeed,
        uint256 infractionSeed,
        uint256 reporterSeed
    ) internal {
        DoubleSign memory ds = DoubleSign(
            true,
            operator,
            (reporterSeed >> 64).bound(0, 0.5e18),
            "",
            "",
            new address[](0)
        );
        if (reporterSeed % 4 != 0)
            ds.reporter = reporterSeed % 8 == 1 ? _operator(reporterSeed >> 3) : _actor(reporterSeed >> 3);
        _slashChecked(operator, _slashFraction(fractionSeed), _infractionBlock(infractionSeed), ds);
    }

    struct DoubleSign {
        bool proven;
        address reporter;
        uint256 shareWad;
        bytes headerA; // with headers: submitted by the reporter to the evidence contract
        bytes headerB;
        address[] setOperators;
    }

    /// @dev A double sign proven by headers, end to end: a seat of the set active now seals two
    /// different blocks at one height H (inside this set's span and the evidence window) in one round
    /// (test/foundry/utils/QbftBlocks.sol), and an actor submits them to the evidence contract. Checked
    /// as `slashDoubleSign` (the evidence contract's fraction and reporter share), plus: the same
    /// evidence again is refused with `NothingToPunish(H)`, and evidence against a signer already
    /// punished at H or tombstoned is refused so, changing nothing.
    function submitDoubleSign(
        uint256 seatSeed,
        uint256 heightSeed,
        uint256 reporterSeed
    ) external step("submitDoubleSign") {
        (, uint256 fromBlock, , bytes32 operatorsHash) = election.activeSetAt(block.number);
        address[] memory setOperators = election.activeValidators();
        // the genesis set's seats have no operators: nothing to prove against them
        if (setOperators.length == 0 || keccak256(abi.encodePacked(setOperators)) != operatorsHash) return;
        address operator = setOperators[seatSeed % setOperators.length];
        uint256 key = signerKeyOf[signerOfOperator[operator]];
        if (key == 0) return;
        _submitDoubleSign(
            operator,
            key,
            _evidenceHeight(fromBlock, heightSeed),
            heightSeed,
            reporterSeed,
            setOperators
        );
    }

    /// @dev The height of a double sign: the current block, or any block of the active set's span
    /// that is inside the evidence window.
    function _evidenceHeight(uint256 fromBlock, uint256 seed) internal view returns (uint256) {
        uint256 window = pool.parameter(IStakingPool.Parameter.UnbondingBlocks);
        uint256 oldest = block.number >= window ? block.number - window + 1 : 0;
        if (oldest < fromBlock) oldest = fromBlock;
        return seed % 4 == 0 ? block.number : (seed >> 2).bound(oldest, block.number);
    }

    function _submitDoubleSign(
        address operator,
        uint256 key,
        uint256 height,
        uint256 seed,
        uint256 reporterSeed,
        address[] memory setOperators
    ) internal {
        uint256 round = (seed >> 128) % 3;
        DoubleSign memory ds = DoubleSign(
            true,
            _actor(reporterSeed),
            evidence.reporterShareWad(),
            QbftBlocks.sealedHeader(height, round, keccak256(abi.encode("A", seed)), key),
            QbftBlocks.sealedHeader(height, round, keccak256(abi.encode("B", seed)), key),
            setOperators
        );
        (IStakingPool.ValidatorStatus status, , , , , , , ) = pool.validatorInfo(operator);
        bytes32 punishedKey = keccak256(abi.encode(signerOfOperator[operator], height));
        if (status == IStakingPool.ValidatorStatus.Tombstoned || evidence.punished(punishedKey)) {
            _expectNothingToPunish(ds, height, "evidence against a tombstoned or already punished signer");
            return;
        }
        ++ghostDoubleSignsPunished;
        _slashChecked(operator, evidence.slashFractionWad(), height, ds);
        _expectNothingToPunish(ds, height, "the same double sign submitted twice");
    }

    function _expectNothingToPunish(DoubleSign memory ds, uint256 height, string memory what) internal {
        VM.prank(ds.reporter);
        try evidence.submitDoubleSign(ds.headerA, ds.headerB, ds.setOperators) {
            _violate(string.concat(what, " was punished"));
        } catch (bytes memory reason) {
            bytes memory expected = abi.encodeWithSelector(
                DoubleSignEvidence.NothingToPunish.selector,
                height
            );
            if (keccak256(reason) != keccak256(expected))
                _violate(string.concat(what, " reverted with other than NothingToPunish"));
        }
    }

    /// @dev Mostly a small fraction, sometimes a large one, rarely 100%.
    function _slashFraction(uint256 seed) internal pure returns (uint256) {
        uint256 mode = seed % 16;
        if (mode == 0) return WAD;
        return mode < 3 ? (seed >> 4).bound(0.1e18, 0.99e18) : (seed >> 4).bound(1, 0.1e18);
    }

    /// @dev Settles `operator` before a slash, so that the slash's own settlement bonds nothing and the
    /// stake it sees is the stake read now. What its compounding class bonds here is a bond of this
    /// block (after the infraction's block H-1, when H is this block).
    function _settleBeforeSlash(address operator) internal {
        uint256 bondedUnsettled = pool.validatorStake(operator);
        pool.settleValidator(operator);
        if (pool.validatorStake(operator) != bondedUnsettled) ghostLastMoveBlock[operator] = block.number;
    }

    function _slashChecked(
        address operator,
        uint256 fraction,
        uint256 infraction,
        DoubleSign memory ds
    ) internal {
        SlashCheck memory c;
        _settleBeforeSlash(operator);
        (, , , , , , c.bondedBefore, c.unbondingBefore) = pool.validatorInfo(operator);
        c.id = _validatorId(operator);
        c.firstEpoch = infraction / SLASH_EPOCH_BLOCKS;
        c.lastEpoch = block.number / SLASH_EPOCH_BLOCKS;
        c.bucketsBefore = new uint256[](c.lastEpoch - c.firstEpoch + 1);
        for (uint256 e = c.firstEpoch; e <= c.lastEpoch; ++e)
            c.bucketsBefore[e - c.firstEpoch] = uint128(_bucketWord(c.id, e));
        c.earlierBefore = c.firstEpoch == 0 ? 0 : _bucketWord(c.id, c.firstEpoch - 1);
        c.legacyBefore = uint128(
            uint256(VM.load(address(pool), bytes32(uint256(_validatorSlot(operator)) + 2)))
        );
        if (c.legacyBefore + uint128(_totalsWord(c.id)) != c.unbondingBefore)
            _violate("PoolHandler: PoolStorage layout changed (unbondingTotals slot)");
        c.stillBonded = _ghostStillBonded(operator, infraction);

        c.selfBefore = pool.stakeOf(operator, operator);
        c.reporterBefore = token.balanceOf(ds.reporter);
        if (ds.headerA.length != 0) {
            VM.prank(ds.reporter);
            try evidence.submitDoubleSign(ds.headerA, ds.headerB, ds.setOperators) returns (uint256 r) {
                c.reward = r;
            } catch {
                _violate("valid double-sign evidence within the window was refused");
                return;
            }
        } else if (ds.proven) {
            VM.prank(ADMIN);
            try pool.slashDoubleSign(operator, fraction, infraction, ds.reporter, ds.shareWad) returns (
                uint256 r
            ) {
                c.reward = r;
            } catch {
                _violate("a double-sign slash within the evidence window reverted");
                return;
            }
        } else {
            VM.prank(ADMIN);
            try pool.slash(operator, fraction, infraction, "fuzz") {} catch {
                _violate("a slash within the evidence window reverted");
                return;
            }
        }
        (IStakingPool.ValidatorStatus status, , , , , , uint256 bondedAfter, uint256 unbondingAfter) = pool
            .validatorInfo(operator);
        uint256 bondedBurned = c.bondedBefore - bondedAfter;
        uint256 unbondingBurned = c.unbondingBefore - unbondingAfter;

        // bonded stake
        uint256 expectedBonded = fraction == WAD
            ? c.bondedBefore
            : (_min(c.stillBonded, c.bondedBefore) * fraction) / WAD;
        if (bondedBurned != expectedBonded)
            _violate("a slash burned other than the fraction of the stake still bonded since the infraction");
        if (bondedBurned > (c.bondedBefore * fraction) / WAD)
            _violate("a slash took more than its fraction of the bonded stake");
        if (fraction == WAD && (bondedAfter != 0 || status != IStakingPool.ValidatorStatus.Tombstoned))
            _violate("a 100% slash left bonded stake or did not tombstone");
        if (
            infraction == block.number &&
            ghostLastMoveBlock[operator] < block.number &&
            bondedBurned != (c.bondedBefore * fraction) / WAD
        ) _violate("a slash for this block, no stake moved in it, took other than its fraction of the bond");

        // unbonding stake, bucket by bucket
        uint256 expectedUnbonding = (c.legacyBefore * fraction) / WAD;
        for (uint256 e = c.firstEpoch; e <= c.lastEpoch; ++e) {
            uint256 tokens = c.bucketsBefore[e - c.firstEpoch];
            uint256 burned = (tokens * fraction) / WAD;
            expectedUnbonding += burned;
            uint256 word = _bucketWord(c.id, e);
            if (uint128(word) != tokens - burned)
                _violate(
                    "a slash took other than its fraction of an unbonding bucket from the infraction on"
                );
            if (fraction == WAD && word >> 128 != 0)
                _violate("a 100% slash left an unbonding bucket's shares");
        }
        if (c.firstEpoch != 0 && _bucketWord(c.id, c.firstEpoch - 1) != c.earlierBefore)
            _violate("a slash touched an unbonding bucket before the infraction's epoch");
        if (unbondingBurned != expectedUnbonding)
            _violate("a slash burned other than its fraction of the buckets from the infraction's epoch on");
        if (unbondingBurned > (c.unbondingBefore * fraction) / WAD)
            _violate("a slash took more than its fraction of the unbonding stake");

        // a proven double sign: tombstoned, the reporter paid its capped share, the rest burned
        if (ds.proven) {
            if (status != IStakingPool.ValidatorStatus.Tombstoned)
                _violate("a double sign did not tombstone");
            uint256 selfLost = c.selfBefore - pool.stakeOf(operator, operator);
            uint256 expectedReward = _min(((bondedBurned + unbondingBurned) * ds.shareWad) / WAD, selfLost);
            if (c.reward != expectedReward)
                _violate("a double sign paid other than min(share of the slash, the operator's own loss)");
            if (token.balanceOf(ds.reporter) - c.reporterBefore != c.reward)
                _violate("the reporter received other than the reward returned");
        }

        ghostBondedBurned += bondedBurned;
        ghostBurned += bondedBurned + unbondingBurned - c.reward;
    }

    /// @dev A slash naming an infraction outside the window is refused with the right error: in the
    /// future (InfractionInFuture(H, block)) or older than unbondingBlocks (InfractionTooOld(H, oldest)).
    function slashOutOfWindow(uint256 validatorSeed, uint256 seed) external step("slashOutOfWindow") {
        address operator = _operator(validatorSeed);
        uint256 window = pool.parameter(IStakingPool.Parameter.UnbondingBlocks);
        uint256 infraction;
        bytes memory expected;
        if (seed % 2 == 0 || block.number <= window) {
            infraction = block.number + ((seed >> 1) % 3 == 0 ? 1 : (seed >> 2).bound(1, 2 * window));
            expected = abi.encodeWithSelector(
                IStakingPool.InfractionInFuture.selector,
                infraction,
                block.number
            );
        } else {
            uint256 oldest = block.number - window + 1; // the window is strict
            infraction = (seed >> 1) % 3 == 0 ? oldest - 1 : (seed >> 2).bound(0, oldest - 1);
            expected = abi.encodeWithSelector(IStakingPool.InfractionTooOld.selector, infraction, oldest);
        }
        VM.prank(ADMIN);
        try pool.slash(operator, (seed >> 8).bound(1, WAD), infraction, "fuzz") {
            _violate("a slash outside the evidence window was accepted");
        } catch (bytes memory reason) {
            if (keccak256(reason) != keccak256(expected))
                _violate("a slash outside the evidence window reverted with the wrong error");
        }
    }

    struct SlashCheck {
        uint256 id;
        uint256 bondedBefore;
        uint256 unbondingBefore;
        uint256 legacyBefore;
        uint256 stillBonded;
        uint256 firstEpoch;
        uint256 lastEpoch;
        uint256 earlierBefore;
        uint256[] bucketsBefore;
        uint256 selfBefore; // the operator's own bonded position
        uint256 reporterBefore;
        uint256 reward; // paid to a double sign's reporter (not burned)
    }

    /// @dev An infraction block in the window [block - unbondingBlocks, block]: mostly recent (within
    /// ~1.4 slash epochs), sometimes the current block, the oldest allowed one, or anywhere in it.
    function _infractionBlock(uint256 seed) internal view returns (uint256) {
        uint256 window = pool.parameter(IStakingPool.Parameter.UnbondingBlocks);
        uint256 oldest = block.number >= window ? block.number - window + 1 : 0; // strict window
        uint256 mode = seed % 8;
        if (mode == 0) return block.number;
        if (mode == 1) return oldest;
        if (mode == 2) return (seed >> 3).bound(oldest, block.number);
        return block.number - (seed >> 3).bound(0, _min(block.number - oldest, 40_000));
    }

    /// @dev The ghost's part of `operator`'s stake at the infraction that is still bonded: its bonded
    /// stake at the end of block H-1, less everything unbonded from it since (never below zero).
    function _ghostStillBonded(address operator, uint256 infraction) internal view returns (uint256) {
        if (infraction == 0) return 0;
        GhostPoint[] storage history = ghostHistory[operator];
        uint256 i = history.length;
        while (i != 0 && history[i - 1].blockNumber > infraction - 1) --i;
        if (i == 0) return 0; // nothing bonded yet at H-1
        GhostPoint storage then = history[i - 1];
        uint256 keptThen = then.bonded + then.unbondedCum; // minus what unbonded after H-1
        uint256 unbondedNow = ghostUnbondedCum[operator];
        return keptThen > unbondedNow ? keptThen - unbondedNow : 0;
    }

    /// @dev The compounding classes' rewards bonded since the last look (the pool's `ClassCompounded`
    /// events): a bond of each validator, counted in the ghosts by `_syncGhostStake`.
    function _noteCompounded() internal {
        Vm.Log[] memory logs = VM.getRecordedLogs();
        for (uint256 i = 0; i < logs.length; ++i) {
            Vm.Log memory log = logs[i];
            if (log.emitter != address(pool) || log.topics[0] != IStakingPool.ClassCompounded.selector)
                continue;
            (uint256 amountWei, ) = abi.decode(log.data, (uint256, uint256));
            compoundedInCall[address(uint160(uint256(log.topics[1])))] += amountWei;
            ghostStakedIn += amountWei;
            ++ghostClassCompoundings;
        }
    }

    /// @dev What every compounding class bonded in this call so far (as noted).
    function _compoundedInCall() internal view returns (uint256 sum) {
        for (uint256 i = 0; i < operators.length; ++i) sum += compoundedInCall[operators[i]];
    }

    /// @dev After every call: each validator's bonded stake into the ghost history (one point per
    /// block, its value at the end of the block); a fall outside a slash is an unbond (unstake or
    /// deregistration), a rise a bond. In one call a validator's stake moves one way only, after what
    /// its compounding class bonded (`compoundedInCall`, which came in first).
    function _syncGhostStake(bool slashed) internal {
        for (uint256 i = 0; i < operators.length; ++i) {
            address operator = operators[i];
            // its bonded stake (`validatorStake`), read from storage (the constructor checks the slot):
            // an external call per validator after every call was a tenth of the campaign's time
            uint256 bonded = uint128(
                uint256(VM.load(address(pool), bytes32(uint256(_validatorSlot(operator)) + 1)))
            );
            uint256 last = ghostBonded[operator];
            // What its compounding class bonded in the call came in first (its settlement runs first).
            uint256 cameIn = compoundedInCall[operator];
            if (cameIn != 0) delete compoundedInCall[operator];
            if (bonded == last && cameIn == 0) continue;
            if (!slashed) {
                ghostLastMoveBlock[operator] = block.number;
                if (bonded < last + cameIn) ghostUnbondedCum[operator] += last + cameIn - bonded;
            }
            ghostBonded[operator] = bonded;
            GhostPoint[] storage history = ghostHistory[operator];
            GhostPoint memory point = GhostPoint(
                uint64(block.number),
                uint128(bonded),
                uint128(ghostUnbondedCum[operator])
            );
            if (history.length != 0 && history[history.length - 1].blockNumber == block.number)
                history[history.length - 1] = point;
            else history.push(point);
        }
    }

    /// @dev `Validator.id` (the top 32 bits of the validator's slot 0).
    function _validatorId(address operator) internal view returns (uint256) {
        return uint256(VM.load(address(pool), _validatorSlot(operator))) >> 224;
    }

    /// @dev `unbondingBuckets[id][epoch]` (field 25 of the layout): tokens in the low 128 bits, shares high.
    function _bucketWord(uint256 id, uint256 epoch) internal view returns (uint256) {
        bytes32 inner = keccak256(abi.encode(id, uint256(POOL_STORAGE) + 25));
        return uint256(VM.load(address(pool), keccak256(abi.encode(epoch, inner))));
    }

    /// @dev `unbondingTotals[id]` (field 26): bucketedWei in the low 128 bits, unbondedEverWei high.
    function _totalsWord(uint256 id) internal view returns (uint256) {
        return uint256(VM.load(address(pool), keccak256(abi.encode(id, uint256(POOL_STORAGE) + 26))));
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    /// @dev The election's jail (for a non-revealer), called by the role holder.
    function jail(uint256 validatorSeed, uint256 blocksSeed) external step("jail") {
        address operator = _operator(validatorSeed);
        VM.prank(address(election));
        pool.jail(operator, block.number + blocksSeed.bound(1, 200_000));
    }

    /// @dev Every pool parameter within its range.
    function setParameter(uint256 whichSeed, uint256 valueSeed) external step("setParameter") {
        IStakingPool.Parameter which = IStakingPool.Parameter(whichSeed % 8);
        uint256 value;
        if (which == IStakingPool.Parameter.Delta) value = valueSeed.bound(0, 0.5e18);
        else if (which == IStakingPool.Parameter.MinStake)
            value = valueSeed.bound(1, pool.parameter(IStakingPool.Parameter.MinSelfStake));
        else if (which == IStakingPool.Parameter.MinSelfStake)
            value = valueSeed.bound(pool.parameter(IStakingPool.Parameter.MinStake), 100_000 * ETM);
        else if (which == IStakingPool.Parameter.UnbondingBlocks) value = valueSeed.bound(1, 2 * 403_200);
        else if (which == IStakingPool.Parameter.JailBlocks) value = valueSeed.bound(0, 200_000);
        else if (which == IStakingPool.Parameter.CommissionDelayBlocks) value = valueSeed.bound(0, 100_000);
        else if (which == IStakingPool.Parameter.MaxCommissionChange)
            value = valueSeed.bound(0, pool.maxCommission());
        else value = valueSeed.bound(4, 20);
        VM.prank(ADMIN);
        pool.setParameter(which, value);
        _checkAccruedNow();
    }

    function setInflationRate(uint256 yearSeed, uint256 rateSeed) external step("setInflationRate") {
        uint256 year = pool.currentYear() + yearSeed.bound(1, 5);
        VM.prank(ADMIN);
        pool.setInflationRate(year, rateSeed.bound(0, 0.1e18));
        _checkAccruedNow();
    }

    function setTreasury(uint256 seed) external step("setTreasury") {
        VM.prank(ADMIN);
        pool.setTreasury(seed % 2 == 0 ? TREASURY : address(0x7EA2));
        _checkAccruedNow();
    }

    function setElectionParameter(
        uint256 whichSeed,
        uint256 valueSeed
    ) external step("setElectionParameter") {
        uint256 which = whichSeed % 4;
        VM.prank(ADMIN);
        if (which == 0) election.setValidatorCount(valueSeed.bound(4, 8));
        else if (which == 1) election.setRoundLength(valueSeed.bound(4, 2_000));
        else if (which == 2) election.setFeeShare(valueSeed.bound(0, WAD));
        else election.setNonRevealJailBlocks(valueSeed.bound(1, 200_000));
    }

    /// @dev Any parameter change must first accrue at the old values (SAFETY.md).
    function _checkAccruedNow() internal {
        if (uint40(uint256(VM.load(address(pool), POOL_STORAGE))) != block.number)
            _violate("a parameter changed without accruing at the old values first");
    }

    // ================================================================== time

    /// @dev Moves time forward, 3 seconds a block: a block, a few, a round or two, one to three slash
    /// epochs (28,800 blocks each, so the evidence window holds several), days, or years.
    function roll(uint256 seed) external step("roll") {
        uint256 mode = seed % 8;
        uint256 blocks;
        if (mode < 3) blocks = (seed >> 3).bound(1, 10);
        else if (mode == 3) blocks = (seed >> 3).bound(11, 1_000);
        else if (mode == 4)
            blocks = (seed >> 3).bound(SLASH_EPOCH_BLOCKS, 3 * SLASH_EPOCH_BLOCKS); // 1-3 slash epochs
        else if (mode == 5) blocks = (seed >> 3).bound(1_000, 500_000);
        else if (mode == 6) blocks = (seed >> 3).bound(500_000, BLOCKS_PER_YEAR);
        else blocks = (seed >> 3).bound(BLOCKS_PER_YEAR, 4 * BLOCKS_PER_YEAR);
        VM.roll(block.number + blocks);
        VM.warp(block.timestamp + 3 * blocks);
    }

    // ================================================================== views for the invariants

    function actorCount() external pure returns (uint256) {
        return ACTOR_COUNT;
    }

    function operatorCount() external view returns (uint256) {
        return operators.length;
    }

    function positionCount() external view returns (uint256) {
        return positionAccounts.length;
    }

    function position(uint256 i) external view returns (address account, address validator) {
        return (positionAccounts[i], positionValidators[i]);
    }

    function storedRewardPerToken() external view returns (uint256) {
        return _storedRewardPerToken();
    }

    function storedValidatorRewardsOwed() external view returns (uint256) {
        return uint256(VM.load(address(pool), bytes32(uint256(POOL_STORAGE) + 6)));
    }

    function lastAccrualBlock() external view returns (uint256) {
        return uint40(uint256(VM.load(address(pool), POOL_STORAGE)));
    }

    /// @notice Minted since deployment: supply - initial + burned.
    function ghostMinted() external view returns (uint256) {
        return token.totalSupply() + ghostBurned - SystemFixture.INITIAL_SUPPLY;
    }

    /// @notice The closed-form emission on the initial supply from the schedule's start to `toBlock`
    /// (compounded year by year at the schedule's per-block rates): an upper bound of what may have
    /// been minted (burns only shrink the base), and exact when nothing was burned.
    function closedFormEmission(uint256 toBlock) external view returns (uint256) {
        uint256 start = pool.startBlock();
        IStakingPool.YearRate[] memory schedule = pool.inflationSchedule();
        uint256 supply = SystemFixture.INITIAL_SUPPLY;
        uint256 from = start;
        uint256 entry = 0;
        for (uint256 year = 0; from < toBlock; ++year) {
            while (entry + 1 < schedule.length && schedule[entry + 1].fromYear <= year) ++entry;
            uint256 yearEnd = start + (year + 1) * BLOCKS_PER_YEAR;
            uint256 to = toBlock < yearEnd ? toBlock : yearEnd;
            supply += EmissionMath.compoundedMint(supply, schedule[entry].ratePerBlockRay, to - from);
            from = to;
        }
        return supply - SystemFixture.INITIAL_SUPPLY;
    }

    // ================================================================== the ghost exit

    /// @notice Everyone leaves: every operator deregisters, every position unstakes in full, time
    /// passes the unbonding period, everyone withdraws and claims. Returns a violation ("" if none).
    function exitEveryone() external returns (string memory) {
        for (uint256 i = 0; i < operators.length; ++i) {
            (IStakingPool.ValidatorStatus status, , , , , , , ) = pool.validatorInfo(operators[i]);
            if (status != IStakingPool.ValidatorStatus.Active) continue;
            _makeRingRoom(operators[i]);
            VM.prank(operators[i]);
            try pool.deregisterValidator() {} catch {
                return "an active validator could not deregister";
            }
        }
        // Redelegated stake stays at its destination until it can no longer be slashed for its source
        // (what a source's slash took is burned first, so that each position's value is what it holds).
        uint256 lastMaturity;
        for (uint256 i = 0; i < actors.length; ++i) {
            _settleLiens(actors[i]);
            IStakingPool.Redelegation[] memory list = pool.redelegationsOf(actors[i]);
            for (uint256 j = 0; j < list.length; ++j)
                if (list[j].maturityBlock > lastMaturity) lastMaturity = list[j].maturityBlock;
        }
        if (lastMaturity > block.number) {
            VM.warp(block.timestamp + 3 * (lastMaturity - block.number));
            VM.roll(lastMaturity);
        }
        for (uint256 i = 0; i < positionAccounts.length; ++i) {
            address account = positionAccounts[i];
            address validator = positionValidators[i];
            uint256 value = pool.stakeOf(account, validator);
            if (value == 0) continue;
            _makeRingRoom(account);
            VM.prank(account);
            try pool.unstake(validator, value) {} catch {
                return "a position could not unstake in full";
            }
        }
        _rollPastUnbonding();
        for (uint256 i = 0; i < positionAccounts.length; ++i) {
            address account = positionAccounts[i];
            address validator = positionValidators[i];
            uint256 pending = pool.pendingReward(account, validator);
            if (account == validator) pending += pool.pendingCommission(validator);
            if (pending == 0) continue;
            uint256 before = token.balanceOf(account);
            VM.prank(account);
            try pool.claim(validator) {} catch {
                return "a pending reward could not be claimed";
            }
            if (token.balanceOf(account) - before != pending) return "claim paid other than pendingReward";
        }
        string memory failure = _withdrawAll(actors);
        if (bytes(failure).length != 0) return failure;
        failure = _withdrawAll(operators);
        if (bytes(failure).length != 0) return failure;
        if (pool.totalStaked() > positionAccounts.length) return "stake left bonded after everyone left";
        uint256 owed = uint256(VM.load(address(pool), bytes32(uint256(POOL_STORAGE) + 6)));
        if (token.balanceOf(address(pool)) < owed)
            return "pool cannot pay the validators' share after the exit";
        return "";
    }

    function _withdrawAll(address[] storage accounts) internal returns (string memory) {
        for (uint256 i = 0; i < accounts.length; ++i) {
            address account = accounts[i];
            (, , uint256[] memory amounts) = pool.unbondingOf(account);
            if (amounts.length == 0) continue;
            uint256 expected;
            for (uint256 j = 0; j < amounts.length; ++j) expected += amounts[j];
            uint256 before = token.balanceOf(account);
            VM.prank(account);
            try pool.withdraw() returns (uint256 amount) {
                // unbondingOf rounds each entry down on its own; withdraw takes the entries one after
                // another from the validator's unbonding pool, so it may pay up to a wei per entry more
                if (token.balanceOf(account) - before != amount)
                    return "withdraw paid other than it returned";
                if (amount < expected || amount > expected + amounts.length)
                    return "withdraw paid other than the unbonding entries (beyond a wei per entry)";
            } catch {
                return "matured unbonding could not be withdrawn";
            }
        }
        return "";
    }

    /// @dev A full unbonding ring (16 entries) is emptied first: wait for maturity and withdraw.
    function _makeRingRoom(address account) internal {
        (, uint256[] memory maturities, ) = pool.unbondingOf(account);
        if (maturities.length < 16) return;
        _rollPastUnbonding();
        VM.prank(account);
        pool.withdraw();
    }

    function _rollPastUnbonding() internal {
        uint256 blocks = pool.parameter(IStakingPool.Parameter.UnbondingBlocks) + 2 * 403_200;
        VM.roll(block.number + blocks);
        VM.warp(block.timestamp + 3 * blocks);
    }
}

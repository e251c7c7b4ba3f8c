// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ETMToken} from "../../../contracts/token/ETMToken.sol";
import {IStakingPool} from "../../../contracts/interfaces/IStakingPool.sol";
import {StakeVotes} from "../../../contracts/staking/StakeVotes.sol";
import {ValidatorElection} from "../../../contracts/election/ValidatorElection.sol";
import {EmissionMath} from "../../../contracts/libraries/EmissionMath.sol";
import {BoundLib} from "../utils/Test.sol";
import {SystemFixture} from "../utils/SystemFixture.sol";
import {VM} from "../utils/Vm.sol";

/// @title PoolHandler
/// @notice The fuzzer's only target: every user and privileged action of the pool and the election,
/// with bounded, meaningful inputs (an actor, a validator and an amount picked from what exists), plus
/// block jumps from one block to several years. It keeps ghost variables (stake in, tokens burned,
/// registered operators, positions ever opened) and records violations that can only be seen across
/// a call (the accumulator going down, a mint to stakers while nothing was staked, an election that
/// seated an ineligible candidate) for the invariants to report.
/// @dev Not yet in the code, so not here: claim-all, redelegate, compounding mode, double-sign
/// evidence, slashing at an infraction block. Each is one more function of this contract when it lands.
contract PoolHandler {
    using BoundLib for uint256;

    uint256 internal constant ETM = 1e18;
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BLOCKS_PER_YEAR = 10_512_000;
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

    // ------------------------------------------------------------------ actors and validators
    address[] public actors; // delegators (with keys, for permits)
    mapping(address => uint256) public keyOf;
    address[] public operators; // every operator ever registered, in order
    mapping(address => address) public signerOfOperator;
    uint256 public operatorsCreated;
    mapping(address => bytes32) internal secretOf; // commit-reveal secret of the round committed
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
    uint256 public ghostClaimed; // rewards and commission paid by claim
    uint256 public ghostElections; // elections that installed a set
    mapping(address => mapping(uint256 => uint256)) internal lastPriceTokens; // per validator, slot 1/2
    mapping(address => mapping(uint256 => uint256)) internal lastPriceShares;
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
        for (uint256 i = 0; i < ACTOR_COUNT; ++i) _fund(actors[i], ACTOR_FUNDS);
        for (uint256 i = 0; i < GENESIS_OPERATORS; ++i) _register(i, 0.05e18, 20_000 * ETM + i * 5_000 * ETM);
        // every candidate is live for the first election
        for (uint256 i = 0; i < operators.length; ++i) {
            VM.prank(signerOfOperator[operators[i]]);
            election.heartbeat();
        }
        ghostLastRewardPerToken = pool.rewardPerToken();
        // the storage reads of the share-price check follow PoolStorage's layout
        address first = operators[0];
        require(
            uint128(uint256(VM.load(address(pool), bytes32(uint256(_validatorSlot(first)) + 1)))) ==
                pool.validatorStake(first),
            "PoolHandler: PoolStorage layout changed (validators slot)"
        );
    }

    // ================================================================== bookkeeping

    /// @dev After every action: the accumulator never decreases; while (dust) nothing is staked the
    /// stakers' accumulator does not move over the call (the treasury takes the mint).
    modifier step(bytes32 name) {
        uint256 stakedBefore = pool.totalStaked();
        uint256 supplyBefore = token.totalSupply();
        uint256 storedRptBefore = _storedRewardPerToken();
        ++calls;
        ++callsOf[name];
        _;
        _checkSharePrices(name == "slash");
        uint256 rpt = pool.rewardPerToken();
        if (rpt < ghostLastRewardPerToken) _violate("rewardPerToken decreased");
        ghostLastRewardPerToken = rpt;
        // The accrual of this call ran over blocks with `stakedBefore` bonded (actions accrue first).
        if (
            (stakedBefore == 0 || stakedBefore * 1e6 < supplyBefore) &&
            _storedRewardPerToken() != storedRptBefore
        ) _violate("stakers credited while nothing (or dust) was staked");
    }

    /// @dev A validator's token-per-share rate, bonded and unbonding, falls only by slashing (SAFETY.md):
    /// every other rounding favours the pool, so the rate can only stay or rise.
    function _checkSharePrices(bool slashed) internal {
        for (uint256 i = 0; i < operators.length; ++i) {
            address operator = operators[i];
            for (uint256 slot = 1; slot <= 2; ++slot) {
                uint256 word = uint256(
                    VM.load(address(pool), bytes32(uint256(_validatorSlot(operator)) + slot))
                );
                uint256 tokens = uint128(word);
                uint256 shares = word >> 128;
                uint256 lastTokens = lastPriceTokens[operator][slot];
                uint256 lastShares = lastPriceShares[operator][slot];
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
        uint256 value = pool.stakeOf(account, validator);
        if (value == 0) return;
        uint256 mode = fractionSeed % 3;
        uint256 amount = mode == 0 ? value : (value * (fractionSeed >> 2).bound(1, 1e4)) / 1e4;
        if (amount == 0) amount = value;
        VM.prank(account);
        pool.unstake(validator, amount);
        if (pool.stakeOf(account, validator) + amount > value)
            _violate("unstake left more stake than it should");
    }

    /// @dev Withdraw releases exactly the matured entries (they mature in ring order), never one early.
    function withdraw(uint256 accountSeed) external step("withdraw") {
        address account = accountSeed % 3 == 0 ? _operator(accountSeed >> 2) : _actor(accountSeed >> 2);
        (, uint256[] memory maturities, uint256[] memory amounts) = pool.unbondingOf(account);
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
    }

    function reveal(uint256 seatSeed) external step("reveal") {
        address[] memory seats = election.activeValidators();
        address seat = seats[seatSeed % seats.length];
        address caller = signerOfOperator[seat] == address(0) ? seat : signerOfOperator[seat];
        VM.prank(caller);
        election.reveal(secretOf[seat]);
    }

    /// @dev Anyone elects once a round has ended; checks what was seated.
    function elect() external step("elect") {
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

    /// @dev Slashes by a small fraction most of the time, sometimes a large one, rarely 100%.
    function slash(uint256 validatorSeed, uint256 fractionSeed) external step("slash") {
        address operator = _operator(validatorSeed);
        uint256 mode = fractionSeed % 16;
        uint256 fraction = mode == 0
            ? WAD
            : mode < 3
                ? (fractionSeed >> 4).bound(0.1e18, 0.99e18)
                : (fractionSeed >> 4).bound(1, 0.1e18);
        (, , , , , , uint256 bondedBefore, uint256 unbondingBefore) = pool.validatorInfo(operator);
        VM.prank(ADMIN);
        pool.slash(operator, fraction, "fuzz");
        (, , , , , , uint256 bondedAfter, uint256 unbondingAfter) = pool.validatorInfo(operator);
        // a slash takes exactly its fraction (rounded down) of the bonded and of the unbonding stake
        if (bondedBefore - bondedAfter != (bondedBefore * fraction) / WAD)
            _violate("a slash took other than its fraction of the bonded stake");
        if (unbondingBefore - unbondingAfter != (unbondingBefore * fraction) / WAD)
            _violate("a slash took other than its fraction of the unbonding stake");
        ghostBondedBurned += bondedBefore - bondedAfter;
        ghostBurned += bondedBefore + unbondingBefore - bondedAfter - unbondingAfter;
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

    /// @dev Moves time forward, 3 seconds a block: a block, a few, a round or two, days, or years.
    function roll(uint256 seed) external step("roll") {
        uint256 mode = seed % 8;
        uint256 blocks;
        if (mode < 3) blocks = (seed >> 3).bound(1, 10);
        else if (mode < 5) blocks = (seed >> 3).bound(11, 1_000);
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

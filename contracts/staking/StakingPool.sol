// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IETMToken} from "../interfaces/IETMToken.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";
import {IValidatorRegistry} from "../interfaces/IValidatorRegistry.sol";
import {EmissionMath} from "../libraries/EmissionMath.sol";
import {EmissionSchedule} from "./EmissionSchedule.sol";
import {StakeVotes} from "./StakeVotes.sol";

/// @title StakingPool
/// @notice See {IStakingPool}. Two accumulators: the global `rewardPerTokenRay` (reward per bonded
/// token, fed by the emission) and, per validator, `rewardPerShareRay` (its delegators' reward per
/// share after commission). Every state change settles both before it touches a balance.
contract StakingPool is IStakingPool, EmissionSchedule, AccessControl, ReentrancyGuardTransient {
    using SafeCast for uint256;
    using SafeERC20 for IETMToken;

    uint256 private constant WAD = 1e18;
    uint256 private constant RAY = 1e27;
    /// @notice Unbonding entries an account may have at once (a ring; `withdraw` frees them).
    uint256 public constant MAX_UNBONDING_ENTRIES = 16;
    /// @notice Largest `delta`: half of each mint.
    uint256 public constant MAX_DELTA = 0.5e18;
    /// @notice Stakers earn only while the total stake is at least supply / DUST_STAKE_DIVISOR (one
    /// millionth of the supply); below that the treasury takes the mint, as when nothing is staked.
    /// This bounds the reward per token of a block to 1e6 * i_n, so a dust total stake (after a
    /// near-100% slash, or tiny minimums) can never blow up the accumulator or freeze the pool.
    uint256 public constant DUST_STAKE_DIVISOR = 1e6;
    /// @notice Distinct future blocks at which scheduled commission changes may take effect at once.
    uint256 public constant MAX_PENDING_SWITCHES = 32;
    /// @notice Largest candidate cap the parameter role may set.
    uint256 public constant MAX_CANDIDATE_CAP = 1_500;

    /// @notice Sets inflation of future years, `delta`, minimums, durations, the cap and the treasury.
    bytes32 public constant PARAMETER_ROLE = keccak256("PARAMETER_ROLE");
    /// @notice Slashes validators.
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");
    /// @notice Jails validators (the election contract, for seeds committed and not revealed).
    bytes32 public constant JAILER_ROLE = keccak256("JAILER_ROLE");
    /// @notice Collects the `delta` share for the active validators (the election contract).
    bytes32 public constant COLLECTOR_ROLE = keccak256("COLLECTOR_ROLE");

    /// @dev Deployment settings; fractions wad, amounts wei, durations blocks.
    struct PoolConfig {
        address token;
        address admin;
        address treasury;
        uint256 initialInflationWad;
        uint256 deltaWad;
        uint256 minStakeWei;
        uint256 minSelfStakeWei;
        uint256 unbondingBlocks;
        uint256 jailBlocks;
        uint256 maxCommissionWad;
        uint256 maxCommissionChangeWad;
        uint256 commissionDelayBlocks;
        uint256 candidateCap;
    }

    /// @dev Amount parameters, one slot. (`delta` lives in the emission state, read by every accrual.)
    struct AmountParams {
        uint96 minStakeWei; // smallest non-zero position
        uint96 minSelfStakeWei; // smallest self-stake of an active validator
    }

    /// @dev Duration parameters, one slot.
    struct DurationParams {
        uint40 unbondingBlocks; // unstake -> withdraw
        uint40 jailBlocks; // jail length after a slash
        uint40 commissionDelayBlocks; // setCommission -> new rate applies
        uint64 maxCommissionChangeWad; // largest change per update
        uint32 candidateCap; // largest number of registered validators
    }

    /// @dev Pool totals, one slot, read and written together by every accrual and stake change.
    struct Totals {
        uint128 totalStakedWei; // S: bonded stake of every validator
        uint128 rewardPerTokenRay; // reward per bonded token since deployment, ray; never decreases
    }

    /// @dev A validator; slot 0 is what the election reads with slot 1.
    struct Validator {
        // slot 0
        address signer; // QBFT signer
        uint40 jailedUntilBlock; // jailed while block.number < this
        ValidatorStatus status;
        uint16 candidateIndex; // 1-based index in `_candidates`; 0 when not listed (cap <= 1,500)
        uint32 id; // 1-based registration number, permanent (unbonding entries refer to it)
        // slot 1
        uint128 bondedTokensWei; // self + delegated, bonded
        uint128 bondedShares; // shares of the bonded tokens
        // slot 2
        uint128 unbondingTokensWei; // unbonding from this validator, still slashable
        uint128 unbondingShares; // shares of the unbonding tokens
        // slot 3
        uint64 commissionWad; // current commission
        uint64 pendingCommissionWad; // scheduled commission
        uint40 commissionEffectiveBlock; // block from which `pendingCommissionWad` applies; 0 = none
        // slot 4
        uint128 rewardPerTokenPaidRay; // global accumulator at the last settlement
        uint128 rewardPerShareRay; // delegators' reward per share (after commission)
        // slot 5
        uint256 commissionOwedWei; // commission not yet claimed by the operator
    }

    /// @dev A position of an account at a validator.
    struct Position {
        // slot 0: read and written by every action
        uint128 shares; // bonded shares of the validator
        uint128 rewardPerSharePaidRay; // validator's rewardPerShareRay at the last settlement
        // slot 1: written when the position's token value changes
        uint256 votingUnitsWei; // the position's value as last counted in voting power
    }

    /// @dev Per account: the unbonding ring.
    struct Account {
        uint40 lastMaturityBlock; // maturity of the newest unbonding entry (entries mature in order)
        uint8 unbondingHead; // ring index of the oldest entry
        uint8 unbondingCount; // live entries
    }

    /// @dev An unbonding entry, one slot; slots are reused (ring), never deleted.
    struct UnbondingEntry {
        uint32 validatorId; // `Validator.id` of the validator unbonded from
        uint40 maturityBlock; // withdrawable from this block
        uint184 shares; // shares of the validator's unbonding tokens (<= 2^128 * 2^56 headroom)
    }

    /// @notice The ETM token (staked, minted and paid here).
    IETMToken public immutable token;
    /// @notice Voting power of stakers (OpenZeppelin `Votes`), written by this pool only.
    StakeVotes public immutable votes;
    /// @notice Immutable maximum commission, wad.
    uint256 public immutable maxCommission;
    /// @notice Receives the mint while nothing is staked.
    address public treasury;

    AmountParams private _amounts;
    DurationParams private _durations;
    Totals private _totals;
    /// @dev The `delta` share not yet collected by the election.
    uint256 private _validatorRewardsOwedWei;

    /// @dev Future blocks at which scheduled commission changes take effect, ascending, distinct.
    /// The accrual that crosses one records the accumulator there, so the change applies exactly
    /// at its block even if nobody touches the validator then.
    uint40[] private _switchBlocks;
    /// @dev Number of validators whose scheduled change takes effect at a block.
    mapping(uint256 blockNumber => uint256 count) private _switchRefs;
    /// @dev The accumulator at each crossed switch block.
    mapping(uint256 blockNumber => uint256 rewardPerTokenRay) private _rewardPerTokenAtSwitch;

    mapping(address operator => Validator) private _validators;
    /// @inheritdoc IValidatorRegistry
    mapping(address signer => address operator) public override operatorOfSigner;
    address[] private _candidates;
    /// @dev Operator of each validator id - 1 (every validator ever registered).
    address[] private _validatorsById;
    mapping(address account => mapping(address validator => Position)) private _positions;
    mapping(address account => Account) private _accounts;
    mapping(address account => UnbondingEntry[MAX_UNBONDING_ENTRIES]) private _unbonding;

    constructor(PoolConfig memory config) EmissionSchedule(config.initialInflationWad) {
        if (config.token == address(0) || config.admin == address(0) || config.treasury == address(0)) {
            revert ZeroAddress();
        }
        token = IETMToken(config.token);
        votes = new StakeVotes();
        treasury = config.treasury;
        maxCommission = config.maxCommissionWad;
        if (config.maxCommissionWad > WAD) revert CommissionAboveMax(config.maxCommissionWad, WAD);
        _amounts = AmountParams(config.minStakeWei.toUint96(), config.minSelfStakeWei.toUint96());
        _emission.deltaWad = config.deltaWad.toUint64();
        _durations = DurationParams(
            config.unbondingBlocks.toUint40(),
            config.jailBlocks.toUint40(),
            config.commissionDelayBlocks.toUint40(),
            config.maxCommissionChangeWad.toUint64(),
            config.candidateCap.toUint32()
        );
        for (uint256 p = 0; p <= uint256(type(Parameter).max); ++p) {
            _checkParameter(Parameter(p), parameter(Parameter(p)));
        }
        _grantRole(DEFAULT_ADMIN_ROLE, config.admin);
        _grantRole(PARAMETER_ROLE, config.admin);
        _grantRole(SLASHER_ROLE, config.admin);
    }

    // ---------------------------------------------------------------------------------------------
    // Staking
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IStakingPool
    function stake(address validator, uint256 amountWei) external nonReentrant returns (uint256 shares) {
        uint256 rewardWei;
        (shares, rewardWei) = _bond(msg.sender, validator, amountWei);
        // Net the pending reward against the deposit: one transfer instead of two.
        if (rewardWei != 0) emit RewardPaid(msg.sender, validator, rewardWei);
        if (amountWei > rewardWei) token.safeTransferFrom(msg.sender, address(this), amountWei - rewardWei);
        else if (rewardWei > amountWei) token.safeTransfer(msg.sender, rewardWei - amountWei);
    }

    /// @inheritdoc IStakingPool
    function unstake(
        address validator,
        uint256 amountWei
    ) external nonReentrant returns (uint256 maturityBlock) {
        if (amountWei == 0) revert ZeroAmount();
        Validator storage v = _knownValidator(validator);
        _settleValidator(validator, v, _accrue());
        Position storage p = _positions[msg.sender][validator];
        Position memory position = p;
        uint256 rewardWei = _settlePosition(position, v);

        uint256 bondedTokens = v.bondedTokensWei;
        uint256 bondedShares = v.bondedShares;
        uint256 valueWei = _tokensForShares(position.shares, bondedTokens, bondedShares);
        if (amountWei > valueWei) revert InsufficientStake(msg.sender, validator, valueWei, amountWei);
        // Burn shares rounded up (the pool keeps the rounding), or all of them on a full exit.
        uint256 burnedShares = amountWei == valueWei
            ? position.shares
            : Math.mulDiv(amountWei, bondedShares, bondedTokens, Math.Rounding.Ceil);
        position.shares -= uint128(burnedShares);
        bondedTokens -= amountWei;
        bondedShares -= burnedShares;
        uint256 remainingWei = _tokensForShares(position.shares, bondedTokens, bondedShares);
        _checkPositionSize(msg.sender, validator, v.status, remainingWei);

        v.bondedTokensWei = uint128(bondedTokens);
        v.bondedShares = uint128(bondedShares);
        p.shares = position.shares;
        p.rewardPerSharePaidRay = position.rewardPerSharePaidRay;
        _totals.totalStakedWei -= uint128(amountWei);
        _syncVotes(msg.sender, p, remainingWei);
        maturityBlock = _queueUnbonding(msg.sender, v, amountWei);
        emit Unstaked(msg.sender, validator, amountWei, maturityBlock);
        if (rewardWei != 0) {
            emit RewardPaid(msg.sender, validator, rewardWei);
            token.safeTransfer(msg.sender, rewardWei);
        }
    }

    /// @inheritdoc IStakingPool
    function withdraw() external nonReentrant returns (uint256 amountWei) {
        Account memory account = _accounts[msg.sender];
        UnbondingEntry[MAX_UNBONDING_ENTRIES] storage ring = _unbonding[msg.sender];
        uint256 entries;
        while (account.unbondingCount != 0) {
            UnbondingEntry storage entry = ring[account.unbondingHead];
            if (entry.maturityBlock > block.number) break;
            Validator storage v = _validators[_validatorsById[entry.validatorId - 1]];
            uint256 poolShares = v.unbondingShares;
            // A tombstoned validator's unbonding shares are void (0 tokens).
            if (poolShares != 0) {
                uint256 poolTokens = v.unbondingTokensWei;
                uint256 tokens = Math.mulDiv(entry.shares, poolTokens, poolShares);
                v.unbondingTokensWei = uint128(poolTokens - tokens);
                v.unbondingShares = uint128(poolShares - entry.shares);
                amountWei += tokens;
            }
            // slither-disable-next-line weak-prng (ring index, not randomness)
            account.unbondingHead = uint8((account.unbondingHead + 1) % MAX_UNBONDING_ENTRIES);
            --account.unbondingCount;
            ++entries;
        }
        if (entries == 0) {
            revert NothingToWithdraw(
                msg.sender,
                account.unbondingCount == 0 ? 0 : ring[account.unbondingHead].maturityBlock
            );
        }
        _accounts[msg.sender] = account;
        emit Withdrawn(msg.sender, amountWei, entries);
        if (amountWei != 0) token.safeTransfer(msg.sender, amountWei);
    }

    /// @inheritdoc IStakingPool
    function claim(address validator) external nonReentrant returns (uint256 amountWei) {
        amountWei = _collectRewards(msg.sender, validator);
        emit RewardPaid(msg.sender, validator, amountWei);
        token.safeTransfer(msg.sender, amountWei);
    }

    /// @inheritdoc IStakingPool
    function compound(address validator) external nonReentrant returns (uint256 amountWei) {
        amountWei = _collectRewards(msg.sender, validator);
        _bond(msg.sender, validator, amountWei);
        emit Compounded(msg.sender, validator, amountWei);
    }

    /// @inheritdoc IStakingPool
    function accrue() external {
        _accrue();
    }

    /// @inheritdoc IStakingPool
    function syncVotingUnits(address account, address validator) external {
        Validator storage v = _validators[validator];
        Position storage p = _positions[account][validator];
        _syncVotes(account, p, _tokensForShares(p.shares, v.bondedTokensWei, v.bondedShares));
    }

    // ---------------------------------------------------------------------------------------------
    // Validators
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IStakingPool
    function registerValidator(
        address signer,
        uint256 commissionWad,
        uint256 selfStakeWei
    ) external nonReentrant {
        if (signer == address(0)) revert ZeroAddress();
        Validator storage v = _validators[msg.sender];
        if (v.status != ValidatorStatus.None) revert AlreadyRegistered(msg.sender);
        address signerOperator = operatorOfSigner[signer];
        if (signerOperator != address(0)) revert SignerInUse(signer, signerOperator);
        if (commissionWad > maxCommission) revert CommissionAboveMax(commissionWad, maxCommission);
        uint256 cap = _durations.candidateCap;
        if (_candidates.length >= cap) revert CandidateCapReached(cap);

        _candidates.push(msg.sender);
        _validatorsById.push(msg.sender);
        v.signer = signer;
        v.status = ValidatorStatus.Active;
        v.candidateIndex = uint16(_candidates.length);
        v.id = uint32(_validatorsById.length);
        v.commissionWad = uint64(commissionWad);
        v.rewardPerTokenPaidRay = _accrue().toUint128();
        operatorOfSigner[signer] = msg.sender;
        // The self-stake check happens in _bond (_checkPositionSize) for the operator's position.
        _bond(msg.sender, msg.sender, selfStakeWei);
        emit ValidatorRegistered(msg.sender, signer, commissionWad, selfStakeWei);
        token.safeTransferFrom(msg.sender, address(this), selfStakeWei);
    }

    /// @inheritdoc IStakingPool
    function setCommission(uint256 commissionWad) external {
        Validator storage v = _activeValidator(msg.sender);
        _settleValidator(msg.sender, v, _accrue());
        if (commissionWad > maxCommission) revert CommissionAboveMax(commissionWad, maxCommission);
        uint256 currentWad = v.commissionWad;
        uint256 maxChangeWad = _durations.maxCommissionChangeWad;
        uint256 changeWad = commissionWad > currentWad
            ? commissionWad - currentWad
            : currentWad - commissionWad;
        if (changeWad > maxChangeWad)
            revert CommissionChangeTooLarge(currentWad, commissionWad, maxChangeWad);
        uint256 previousBlock = v.commissionEffectiveBlock;
        if (previousBlock != 0) _unscheduleSwitch(previousBlock);
        uint256 effectiveBlock = block.number + _durations.commissionDelayBlocks;
        v.pendingCommissionWad = uint64(commissionWad);
        emit CommissionChangeScheduled(msg.sender, commissionWad, effectiveBlock);
        if (effectiveBlock == block.number) {
            // No delay: the validator was settled above, so the new rate applies from now on.
            emit CommissionChanged(msg.sender, currentWad, commissionWad);
            v.commissionWad = uint64(commissionWad);
            v.commissionEffectiveBlock = 0;
        } else {
            _scheduleSwitch(effectiveBlock);
            v.commissionEffectiveBlock = effectiveBlock.toUint40();
        }
    }

    /// @inheritdoc IStakingPool
    function deregisterValidator() external nonReentrant {
        Validator storage v = _activeValidator(msg.sender);
        _settleValidator(msg.sender, v, _accrue());
        Position storage p = _positions[msg.sender][msg.sender];
        Position memory position = p;
        uint256 rewardWei = _settlePosition(position, v);
        uint256 selfStakeWei = _tokensForShares(position.shares, v.bondedTokensWei, v.bondedShares);

        v.bondedTokensWei -= uint128(selfStakeWei);
        v.bondedShares -= position.shares;
        v.status = ValidatorStatus.Deregistered;
        v.commissionWad = 0;
        if (v.commissionEffectiveBlock != 0) _unscheduleSwitch(v.commissionEffectiveBlock);
        v.commissionEffectiveBlock = 0;
        _unlist(v);
        p.shares = 0;
        p.rewardPerSharePaidRay = position.rewardPerSharePaidRay;
        _totals.totalStakedWei -= uint128(selfStakeWei);
        _syncVotes(msg.sender, p, 0);
        uint256 maturityBlock = _queueUnbonding(msg.sender, v, selfStakeWei);
        emit Unstaked(msg.sender, msg.sender, selfStakeWei, maturityBlock);
        emit ValidatorDeregistered(msg.sender);
        if (rewardWei != 0) {
            emit RewardPaid(msg.sender, msg.sender, rewardWei);
            token.safeTransfer(msg.sender, rewardWei);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Parameters and safety
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IStakingPool
    function setInflationRate(uint256 year, uint256 rateWad) external onlyRole(PARAMETER_ROLE) {
        uint256 nowYear = currentYear();
        if (year <= nowYear) revert YearNotInFuture(year, nowYear);
        _accrue();
        _setInflationRate(year, rateWad);
        emit InflationRateSet(year, rateWad);
    }

    /// @inheritdoc IStakingPool
    function setParameter(Parameter which, uint256 value) external onlyRole(PARAMETER_ROLE) {
        _checkParameter(which, value);
        _accrue();
        uint256 oldValue = parameter(which);
        if (which == Parameter.Delta) _emission.deltaWad = uint64(value);
        else if (which == Parameter.MinStake) _amounts.minStakeWei = uint96(value);
        else if (which == Parameter.MinSelfStake) _amounts.minSelfStakeWei = uint96(value);
        else if (which == Parameter.UnbondingBlocks) _durations.unbondingBlocks = uint40(value);
        else if (which == Parameter.JailBlocks) _durations.jailBlocks = uint40(value);
        else if (which == Parameter.CommissionDelayBlocks) _durations.commissionDelayBlocks = uint40(value);
        else if (which == Parameter.MaxCommissionChange) _durations.maxCommissionChangeWad = uint64(value);
        else _durations.candidateCap = uint32(value);
        emit ParameterChanged(which, oldValue, value);
    }

    /// @inheritdoc IStakingPool
    function setTreasury(address newTreasury) external onlyRole(PARAMETER_ROLE) {
        if (newTreasury == address(0)) revert ZeroAddress();
        _accrue();
        emit TreasuryChanged(treasury, newTreasury);
        treasury = newTreasury;
    }

    /// @inheritdoc IStakingPool
    function slash(address validator, uint256 fractionWad, bytes32 reason) external onlyRole(SLASHER_ROLE) {
        if (fractionWad > WAD) revert SlashFractionTooLarge(fractionWad);
        Validator storage v = _knownValidator(validator);
        _settleValidator(validator, v, _accrue());
        // Rounded down: the burn never exceeds the fraction; only 100% empties a pool.
        uint256 bondedBurnedWei = Math.mulDiv(v.bondedTokensWei, fractionWad, WAD);
        uint256 unbondingBurnedWei = Math.mulDiv(v.unbondingTokensWei, fractionWad, WAD);
        v.bondedTokensWei -= uint128(bondedBurnedWei);
        v.unbondingTokensWei -= uint128(unbondingBurnedWei);
        _totals.totalStakedWei -= uint128(bondedBurnedWei);
        if (fractionWad == WAD) {
            // Tombstone: no shares may outlive their tokens.
            v.bondedShares = 0;
            v.unbondingShares = 0;
            v.status = ValidatorStatus.Tombstoned;
            _unlist(v);
        }
        uint256 untilBlock = block.number + _durations.jailBlocks;
        if (untilBlock > v.jailedUntilBlock) {
            v.jailedUntilBlock = uint40(untilBlock);
            emit Jailed(validator, untilBlock);
        }
        emit Slashed(validator, fractionWad, bondedBurnedWei, unbondingBurnedWei, reason, v.jailedUntilBlock);
        if (bondedBurnedWei + unbondingBurnedWei != 0) token.burn(bondedBurnedWei + unbondingBurnedWei);
    }

    /// @inheritdoc IValidatorRegistry
    function jail(address operator, uint256 untilBlock) external override onlyRole(JAILER_ROLE) {
        Validator storage v = _knownValidator(operator);
        if (untilBlock > v.jailedUntilBlock) {
            v.jailedUntilBlock = untilBlock.toUint40();
            emit Jailed(operator, untilBlock);
        }
    }

    /// @inheritdoc IValidatorRegistry
    function collectValidatorRewards()
        external
        override
        onlyRole(COLLECTOR_ROLE)
        returns (uint256 amountWei)
    {
        _accrue();
        amountWei = _validatorRewardsOwedWei;
        _validatorRewardsOwedWei = 0;
        emit ValidatorRewardsCollected(msg.sender, amountWei);
        if (amountWei != 0) token.safeTransfer(msg.sender, amountWei);
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @notice The current value of `which`.
    function parameter(Parameter which) public view returns (uint256) {
        if (which == Parameter.Delta) return _emission.deltaWad;
        if (which == Parameter.MinStake) return _amounts.minStakeWei;
        if (which == Parameter.MinSelfStake) return _amounts.minSelfStakeWei;
        if (which == Parameter.UnbondingBlocks) return _durations.unbondingBlocks;
        if (which == Parameter.JailBlocks) return _durations.jailBlocks;
        if (which == Parameter.CommissionDelayBlocks) return _durations.commissionDelayBlocks;
        if (which == Parameter.MaxCommissionChange) return _durations.maxCommissionChangeWad;
        return _durations.candidateCap;
    }

    /// @notice Number of registered, listed validators (active or jailed).
    function candidateCount() external view returns (uint256) {
        return _candidates.length;
    }

    /// @notice Operators of every listed validator.
    function candidates() external view returns (address[] memory) {
        return _candidates;
    }

    /// @notice A validator's state: status, signer, jail, commission (current, scheduled, from
    /// block), bonded and unbonding tokens.
    function validatorInfo(
        address operator
    )
        external
        view
        returns (
            ValidatorStatus status,
            address signer,
            uint256 jailedUntilBlock,
            uint256 commissionWad,
            uint256 pendingCommissionWad,
            uint256 commissionEffectiveBlock,
            uint256 bondedWei,
            uint256 unbondingWei
        )
    {
        Validator storage v = _validators[operator];
        return (
            v.status,
            v.signer,
            v.jailedUntilBlock,
            v.commissionWad,
            v.pendingCommissionWad,
            v.commissionEffectiveBlock,
            v.bondedTokensWei,
            v.unbondingTokensWei
        );
    }

    /// @notice `account`'s unbonding entries, oldest first: validator, maturity block, tokens now.
    function unbondingOf(
        address account
    )
        external
        view
        returns (address[] memory validators, uint256[] memory maturityBlocks, uint256[] memory amountsWei)
    {
        Account memory a = _accounts[account];
        validators = new address[](a.unbondingCount);
        maturityBlocks = new uint256[](a.unbondingCount);
        amountsWei = new uint256[](a.unbondingCount);
        for (uint256 i = 0; i < a.unbondingCount; ++i) {
            UnbondingEntry storage entry = _unbonding[account][(a.unbondingHead + i) % MAX_UNBONDING_ENTRIES];
            address validator = _validatorsById[entry.validatorId - 1];
            Validator storage v = _validators[validator];
            validators[i] = validator;
            maturityBlocks[i] = entry.maturityBlock;
            amountsWei[i] = _tokensForShares(entry.shares, v.unbondingTokensWei, v.unbondingShares);
        }
    }

    /// @inheritdoc IStakingPool
    function stakeOf(address account, address validator) external view returns (uint256) {
        Validator storage v = _validators[validator];
        return _tokensForShares(_positions[account][validator].shares, v.bondedTokensWei, v.bondedShares);
    }

    /// @inheritdoc IStakingPool
    function pendingReward(address account, address validator) external view returns (uint256) {
        Validator storage v = _validators[validator];
        (uint256 rewardPerShareRay, ) = _previewSettlement(v, _computeAccrual());
        Position storage p = _positions[account][validator];
        return Math.mulDiv(p.shares, rewardPerShareRay - p.rewardPerSharePaidRay, RAY);
    }

    /// @inheritdoc IStakingPool
    function pendingCommission(address validator) external view returns (uint256 commissionWei) {
        (, commissionWei) = _previewSettlement(_validators[validator], _computeAccrual());
    }

    /// @inheritdoc IStakingPool
    function validatorStake(address validator) external view returns (uint256) {
        return _validators[validator].bondedTokensWei;
    }

    /// @inheritdoc IStakingPool
    function totalStaked() external view returns (uint256) {
        return _totals.totalStakedWei;
    }

    /// @inheritdoc IValidatorRegistry
    function validatorRewardsOwed() external view override returns (uint256) {
        return _validatorRewardsOwedWei + _computeAccrual().toValidatorsWei;
    }

    /// @inheritdoc IStakingPool
    function rewardPerToken() external view returns (uint256) {
        return _computeAccrual().rewardPerTokenRay;
    }

    /// @inheritdoc IStakingPool
    function estimatedAPY() external view returns (uint256) {
        uint256 stakedWei = _totals.totalStakedWei;
        if (stakedWei == 0) return type(uint256).max;
        uint256 supplyWei = token.totalSupply() + _computeAccrual().mintedWei;
        uint256 exponentWad = Math.mulDiv(WAD - _emission.deltaWad, supplyWei, stakedWei);
        return EmissionMath.annualGrowthMinusOneWad(inflationRate(currentYear()), exponentWad);
    }

    /// @inheritdoc IValidatorRegistry
    function electableCandidates()
        external
        view
        override
        returns (address[] memory operators, address[] memory signers, uint256[] memory bondedStakeWei)
    {
        uint256 count = _candidates.length;
        operators = new address[](count);
        signers = new address[](count);
        bondedStakeWei = new uint256[](count);
        uint256 electable;
        for (uint256 i = 0; i < count; ++i) {
            address operator = _candidates[i];
            Validator storage v = _validators[operator];
            if (v.jailedUntilBlock > block.number) continue;
            uint256 bondedWei = v.bondedTokensWei;
            if (bondedWei == 0) continue;
            operators[electable] = operator;
            signers[electable] = v.signer;
            bondedStakeWei[electable] = bondedWei;
            ++electable;
        }
        // Shrink the arrays to the electable count (memory arrays: overwrite their length word).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(operators, electable)
            mstore(signers, electable)
            mstore(bondedStakeWei, electable)
        }
    }

    /// @inheritdoc IValidatorRegistry
    function isCandidate(address operator) external view override returns (bool) {
        return _validators[operator].status == ValidatorStatus.Active;
    }

    /// @inheritdoc IValidatorRegistry
    function isJailed(address operator) external view override returns (bool) {
        return _validators[operator].jailedUntilBlock > block.number;
    }

    /// @inheritdoc IValidatorRegistry
    function signerOf(address operator) external view override returns (address) {
        return _validators[operator].signer;
    }

    // ---------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------

    /// @dev An accrual from the last accrued block to this one, computed without writing: the mint,
    /// its split, and the accumulator now and at each commission-switch block crossed.
    struct Accrual {
        EmissionState state; // advanced to this block
        uint256 fromBlock;
        uint256 mintedWei;
        uint256 toStakersWei;
        uint256 toValidatorsWei;
        uint256 toTreasuryWei;
        uint256 rewardPerTokenRay;
        uint256[] switchRewardPerTokenRay; // at _switchBlocks[0 ..] crossed, in order
    }

    /// @dev Advances the emission to this block: mints, feeds the accumulator, records it at crossed
    /// commission switches. Idempotent per block.
    function _accrue() internal returns (uint256) {
        if (_emission.lastAccrualBlock == block.number) return _totals.rewardPerTokenRay;
        Accrual memory a = _computeAccrual();
        uint256 crossed = a.switchRewardPerTokenRay.length;
        if (crossed != 0) {
            for (uint256 i = 0; i < crossed; ++i)
                _rewardPerTokenAtSwitch[_switchBlocks[i]] = a.switchRewardPerTokenRay[i];
            uint256 remaining = _switchBlocks.length - crossed;
            for (uint256 i = 0; i < remaining; ++i) _switchBlocks[i] = _switchBlocks[i + crossed];
            for (uint256 i = 0; i < crossed; ++i) _switchBlocks.pop();
            a.state.nextSwitchBlock = remaining == 0 ? 0 : _switchBlocks[0];
        }
        _emission = a.state;
        if (a.mintedWei == 0) return a.rewardPerTokenRay;
        if (a.toTreasuryWei != 0) {
            // Nobody (or only dust) staked in these blocks: the treasury takes the mint, which
            // nobody can claim later.
            token.mint(treasury, a.toTreasuryWei);
        } else {
            _totals.rewardPerTokenRay = a.rewardPerTokenRay.toUint128();
            if (a.toValidatorsWei != 0) _validatorRewardsOwedWei += a.toValidatorsWei;
            token.mint(address(this), a.mintedWei);
        }
        emit Accrued(
            a.fromBlock,
            block.number,
            a.mintedWei,
            a.toStakersWei,
            a.toValidatorsWei,
            a.toTreasuryWei,
            a.rewardPerTokenRay
        );
        return a.rewardPerTokenRay;
    }

    /// @dev What `_accrue` would do now. The mint is split at every commission-switch block crossed
    /// (and at year boundaries); each segment's stakers' share raises the accumulator.
    function _computeAccrual() internal view returns (Accrual memory a) {
        a.state = _emission;
        Totals memory totals = _totals;
        a.fromBlock = a.state.lastAccrualBlock;
        a.rewardPerTokenRay = totals.rewardPerTokenRay;
        if (a.fromBlock == block.number) return a;
        uint256 supplyWei = token.totalSupply();
        bool dust = _isDust(totals.totalStakedWei, supplyWei);
        uint256 nextSwitch = a.state.nextSwitchBlock;
        if (nextSwitch != 0 && nextSwitch <= block.number) {
            uint256 crossed = 1;
            while (crossed < _switchBlocks.length && _switchBlocks[crossed] <= block.number) ++crossed;
            a.switchRewardPerTokenRay = new uint256[](crossed);
            for (uint256 i = 0; i < crossed; ++i) {
                _accrueSegment(a, supplyWei, _switchBlocks[i], totals.totalStakedWei, dust);
                a.switchRewardPerTokenRay[i] = a.rewardPerTokenRay;
            }
        }
        _accrueSegment(a, supplyWei, block.number, totals.totalStakedWei, dust);
    }

    /// @dev Adds the mint from `a.state.lastAccrualBlock` to `toBlock` to `a`.
    function _accrueSegment(
        Accrual memory a,
        uint256 supplyWei,
        uint256 toBlock,
        uint256 stakedWei,
        bool dust
    ) internal view {
        uint256 mintedWei = _mintTo(a.state, supplyWei + a.mintedWei, toBlock);
        if (mintedWei == 0) return;
        a.mintedWei += mintedWei;
        if (dust) {
            a.toTreasuryWei += mintedWei;
            return;
        }
        uint256 toValidatorsWei = Math.mulDiv(mintedWei, a.state.deltaWad, WAD);
        a.toValidatorsWei += toValidatorsWei;
        a.toStakersWei += mintedWei - toValidatorsWei;
        a.rewardPerTokenRay += Math.mulDiv(mintedWei - toValidatorsWei, RAY, stakedWei);
    }

    /// @dev Adds `blockNumber` to the switch queue (a validator's change takes effect there).
    function _scheduleSwitch(uint256 blockNumber) internal {
        uint256 refs = _switchRefs[blockNumber];
        _switchRefs[blockNumber] = refs + 1;
        if (refs != 0) return;
        uint256 length = _switchBlocks.length;
        if (length == MAX_PENDING_SWITCHES) revert CommissionSwitchQueueFull(MAX_PENDING_SWITCHES);
        _switchBlocks.push(uint40(blockNumber));
        uint256 i = length;
        for (; i > 0 && _switchBlocks[i - 1] > blockNumber; --i) _switchBlocks[i] = _switchBlocks[i - 1];
        _switchBlocks[i] = uint40(blockNumber);
        _emission.nextSwitchBlock = _switchBlocks[0];
    }

    /// @dev Removes one validator's change at `blockNumber` (a future block) from the queue.
    function _unscheduleSwitch(uint256 blockNumber) internal {
        if (--_switchRefs[blockNumber] != 0) return;
        uint256 length = _switchBlocks.length;
        uint256 i = 0;
        while (_switchBlocks[i] != blockNumber) ++i;
        for (; i + 1 < length; ++i) _switchBlocks[i] = _switchBlocks[i + 1];
        _switchBlocks.pop();
        _emission.nextSwitchBlock = length == 1 ? 0 : _switchBlocks[0];
    }

    /// @dev Whether a total stake of `stakedWei` is too small to earn (zero, or under supply / 1e6).
    function _isDust(uint256 stakedWei, uint256 supplyWei) internal pure returns (bool) {
        return stakedWei == 0 || stakedWei * DUST_STAKE_DIVISOR < supplyWei;
    }

    /// @dev Credits `v` with its bonded stake's rewards since its last settlement: commission to the
    /// operator, the rest to its delegators per share. A scheduled commission change that took effect
    /// meanwhile splits the credit exactly at its block (old rate before, new rate after).
    function _settleValidator(address operator, Validator storage v, uint256 rewardPerTokenRay) internal {
        uint256 effectiveBlock = v.commissionEffectiveBlock;
        if (effectiveBlock != 0 && effectiveBlock <= block.number) {
            _creditValidator(v, _rewardPerTokenAtSwitch[effectiveBlock]);
            emit CommissionChanged(operator, v.commissionWad, v.pendingCommissionWad);
            v.commissionWad = v.pendingCommissionWad;
            v.commissionEffectiveBlock = 0;
        }
        _creditValidator(v, rewardPerTokenRay);
    }

    /// @dev Credits `v` up to `rewardPerTokenRay` at its current commission.
    function _creditValidator(Validator storage v, uint256 rewardPerTokenRay) internal {
        uint256 paidRay = v.rewardPerTokenPaidRay;
        if (rewardPerTokenRay == paidRay) return;
        uint256 owedBefore = v.commissionOwedWei;
        (uint256 rewardPerShareRay, uint256 commissionOwedWei) = _credit(
            v.bondedTokensWei,
            v.bondedShares,
            v.commissionWad,
            paidRay,
            rewardPerTokenRay,
            v.rewardPerShareRay,
            owedBefore
        );
        v.rewardPerTokenPaidRay = rewardPerTokenRay.toUint128();
        v.rewardPerShareRay = rewardPerShareRay.toUint128();
        if (commissionOwedWei != owedBefore) v.commissionOwedWei = commissionOwedWei;
    }

    /// @dev `v`'s per-share accumulator and commission owed after settling to the accrual `a`
    /// (a view of `_settleValidator`).
    function _previewSettlement(
        Validator storage v,
        Accrual memory a
    ) internal view returns (uint256 rewardPerShareRay, uint256 commissionOwedWei) {
        uint256 paidRay = v.rewardPerTokenPaidRay;
        uint256 commissionWad = v.commissionWad;
        rewardPerShareRay = v.rewardPerShareRay;
        commissionOwedWei = v.commissionOwedWei;
        uint256 effectiveBlock = v.commissionEffectiveBlock;
        if (effectiveBlock != 0 && effectiveBlock <= block.number) {
            uint256 atSwitchRay;
            if (effectiveBlock <= a.fromBlock) {
                atSwitchRay = _rewardPerTokenAtSwitch[effectiveBlock];
            } else {
                uint256 i = 0;
                while (_switchBlocks[i] != effectiveBlock) ++i;
                atSwitchRay = a.switchRewardPerTokenRay[i];
            }
            (rewardPerShareRay, commissionOwedWei) = _credit(
                v.bondedTokensWei,
                v.bondedShares,
                commissionWad,
                paidRay,
                atSwitchRay,
                rewardPerShareRay,
                commissionOwedWei
            );
            paidRay = atSwitchRay;
            commissionWad = v.pendingCommissionWad;
        }
        (rewardPerShareRay, commissionOwedWei) = _credit(
            v.bondedTokensWei,
            v.bondedShares,
            commissionWad,
            paidRay,
            a.rewardPerTokenRay,
            rewardPerShareRay,
            commissionOwedWei
        );
    }

    /// @dev One credit: `bonded` tokens earned `toRay - fromRay` per token; commission to the operator,
    /// the rest per share.
    function _credit(
        uint256 bondedWei,
        uint256 bondedShares,
        uint256 commissionWad,
        uint256 fromRay,
        uint256 toRay,
        uint256 rewardPerShareRay,
        uint256 commissionOwedWei
    ) internal pure returns (uint256, uint256) {
        uint256 earnedWei = Math.mulDiv(bondedWei, toRay - fromRay, RAY);
        if (earnedWei == 0) return (rewardPerShareRay, commissionOwedWei);
        uint256 commissionWei = Math.mulDiv(earnedWei, commissionWad, WAD);
        // bondedShares != 0 whenever bondedWei != 0 (shares are minted with tokens).
        return (
            rewardPerShareRay + Math.mulDiv(earnedWei - commissionWei, RAY, bondedShares),
            commissionOwedWei + commissionWei
        );
    }

    /// @dev Rewards of `position` since its last settlement; marks them settled (in memory).
    function _settlePosition(Position memory position, Validator storage v) internal view returns (uint256) {
        uint256 rewardPerShareRay = v.rewardPerShareRay;
        uint256 rewardWei = Math.mulDiv(
            position.shares,
            rewardPerShareRay - position.rewardPerSharePaidRay,
            RAY
        );
        position.rewardPerSharePaidRay = uint128(rewardPerShareRay);
        return rewardWei;
    }

    /// @dev Bonds `amountWei` from `account` to `validator` (tokens are moved by the caller).
    /// Returns the shares minted and the position's pending reward, settled and owed to `account`.
    function _bond(
        address account,
        address validator,
        uint256 amountWei
    ) internal returns (uint256 shares, uint256 rewardWei) {
        if (amountWei == 0) revert ZeroAmount();
        Validator storage v = _validators[validator];
        ValidatorStatus status = v.status;
        if (status != ValidatorStatus.Active) {
            if (status == ValidatorStatus.None) revert UnknownValidator(validator);
            revert ValidatorNotActive(validator, status);
        }
        uint256 jailedUntilBlock = v.jailedUntilBlock;
        if (jailedUntilBlock > block.number) revert ValidatorJailed(validator, jailedUntilBlock);
        _settleValidator(validator, v, _accrue());

        Position storage p = _positions[account][validator];
        Position memory position = p;
        rewardWei = _settlePosition(position, v);
        uint256 bondedTokens = v.bondedTokensWei;
        uint256 bondedShares = v.bondedShares;
        shares = bondedShares == 0 ? amountWei : Math.mulDiv(amountWei, bondedShares, bondedTokens);
        if (shares == 0) revert ZeroShares(validator, amountWei);
        position.shares = (position.shares + shares).toUint128();
        bondedTokens += amountWei;
        bondedShares += shares;
        uint256 valueWei = _tokensForShares(position.shares, bondedTokens, bondedShares);
        _checkPositionSize(account, validator, status, valueWei);

        v.bondedTokensWei = bondedTokens.toUint128();
        v.bondedShares = bondedShares.toUint128();
        p.shares = position.shares;
        p.rewardPerSharePaidRay = position.rewardPerSharePaidRay;
        _totals.totalStakedWei = (_totals.totalStakedWei + amountWei).toUint128();
        _syncVotes(account, p, valueWei);
        emit Staked(account, validator, amountWei, shares);
    }

    /// @dev Settles and zeroes `account`'s rewards at `validator` (plus the commission for its
    /// operator) and returns them; reverts when there is nothing.
    function _collectRewards(address account, address validator) internal returns (uint256 amountWei) {
        Validator storage v = _knownValidator(validator);
        _settleValidator(validator, v, _accrue());
        Position storage p = _positions[account][validator];
        Position memory position = p;
        amountWei = _settlePosition(position, v);
        p.rewardPerSharePaidRay = position.rewardPerSharePaidRay;
        if (account == validator) {
            uint256 commissionWei = v.commissionOwedWei;
            if (commissionWei != 0) {
                v.commissionOwedWei = 0;
                amountWei += commissionWei;
            }
        }
        if (amountWei == 0) revert NothingToClaim(account, validator);
    }

    /// @dev Moves `amountWei` just unbonded from `v` into its unbonding pool and `account`'s ring.
    function _queueUnbonding(
        address account,
        Validator storage v,
        uint256 amountWei
    ) internal returns (uint256 maturityBlock) {
        Account memory a = _accounts[account];
        if (a.unbondingCount == MAX_UNBONDING_ENTRIES)
            revert TooManyUnbondingEntries(account, MAX_UNBONDING_ENTRIES);
        // Entries mature in ring order even if `unbondingBlocks` was lowered meanwhile.
        maturityBlock = block.number + _durations.unbondingBlocks;
        if (maturityBlock < a.lastMaturityBlock) maturityBlock = a.lastMaturityBlock;
        uint256 poolTokens = v.unbondingTokensWei;
        uint256 poolShares = v.unbondingShares;
        // Unbonding shares only get cheaper (slashes), so this is >= amountWei > 0.
        uint256 shares = poolShares == 0 ? amountWei : Math.mulDiv(amountWei, poolShares, poolTokens);
        v.unbondingTokensWei = (poolTokens + amountWei).toUint128();
        v.unbondingShares = (poolShares + shares).toUint128();
        _unbonding[account][
            (uint256(a.unbondingHead) + a.unbondingCount) % MAX_UNBONDING_ENTRIES
        ] = UnbondingEntry(v.id, uint40(maturityBlock), shares.toUint184());
        ++a.unbondingCount;
        a.lastMaturityBlock = uint40(maturityBlock);
        _accounts[account] = a;
    }

    /// @dev Sets the position's counted voting units to `valueWei`, moving the difference.
    function _syncVotes(address account, Position storage p, uint256 valueWei) internal {
        uint256 countedWei = p.votingUnitsWei;
        if (countedWei == valueWei) return;
        p.votingUnitsWei = valueWei;
        if (valueWei > countedWei) votes.addVotingUnits(account, valueWei - countedWei);
        else votes.removeVotingUnits(account, countedWei - valueWei);
    }

    /// @dev Enforces "zero or at least minStake", and the self-stake minimum of an active operator.
    function _checkPositionSize(
        address account,
        address validator,
        ValidatorStatus status,
        uint256 valueWei
    ) internal view {
        AmountParams memory amounts = _amounts;
        if (account == validator && status == ValidatorStatus.Active && valueWei < amounts.minSelfStakeWei) {
            revert SelfStakeBelowMinimum(account, valueWei, amounts.minSelfStakeWei);
        }
        if (valueWei != 0 && valueWei < amounts.minStakeWei) {
            revert PositionBelowMinimum(account, validator, valueWei, amounts.minStakeWei);
        }
    }

    /// @dev Reverts with the allowed range unless `value` is valid for `which`.
    function _checkParameter(Parameter which, uint256 value) internal view {
        uint256 min;
        uint256 max = EmissionMath.BLOCKS_PER_YEAR;
        if (which == Parameter.Delta) max = MAX_DELTA;
        else if (which == Parameter.MinStake) (min, max) = (1, _amounts.minSelfStakeWei);
        else if (which == Parameter.MinSelfStake) (min, max) = (_amounts.minStakeWei, type(uint96).max);
        else if (which == Parameter.UnbondingBlocks) min = 1;
        else if (which == Parameter.MaxCommissionChange) max = maxCommission;
        else if (which == Parameter.CandidateCap) (min, max) = (4, MAX_CANDIDATE_CAP);
        if (value < min || value > max) revert ParameterOutOfRange(which, value, min, max);
    }

    function _knownValidator(address operator) internal view returns (Validator storage v) {
        v = _validators[operator];
        if (v.status == ValidatorStatus.None) revert UnknownValidator(operator);
    }

    function _activeValidator(address operator) internal view returns (Validator storage v) {
        v = _knownValidator(operator);
        if (v.status != ValidatorStatus.Active) revert ValidatorNotActive(operator, v.status);
    }

    /// @dev Removes `v` from the candidate list (swap with the last, pop) and frees its signer.
    function _unlist(Validator storage v) internal {
        uint256 index = v.candidateIndex;
        if (index == 0) return;
        address last = _candidates[_candidates.length - 1];
        _candidates[index - 1] = last;
        _validators[last].candidateIndex = uint16(index);
        _candidates.pop();
        v.candidateIndex = 0;
        delete operatorOfSigner[v.signer];
    }

    function _tokensForShares(
        uint256 shares,
        uint256 poolTokens,
        uint256 poolShares
    ) internal pure returns (uint256) {
        return poolShares == 0 ? 0 : Math.mulDiv(shares, poolTokens, poolShares);
    }
}

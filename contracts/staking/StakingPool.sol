// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IETMToken} from "../interfaces/IETMToken.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";
import {IValidatorRegistry} from "../interfaces/IValidatorRegistry.sol";
import {PoolStorage} from "./PoolStorage.sol";
import {StakeVotes} from "./StakeVotes.sol";
import {EmissionLogic} from "./logic/EmissionLogic.sol";
import {PoolConstants, UNBONDING_RING_SIZE} from "./logic/PoolConstants.sol";
import {ParameterLogic} from "./logic/ParameterLogic.sol";
import {PoolViews} from "./logic/PoolViews.sol";
import {StakingLogic} from "./logic/StakingLogic.sol";
import {UnbondingLogic} from "./logic/UnbondingLogic.sol";
import {ValidatorLogic} from "./logic/ValidatorLogic.sol";

/// @title StakingPool
/// @notice See {IStakingPool}. The staking hot paths (stake, unstake, withdraw, claim, compound,
/// accrue) run here on `StakingLogic`'s internal functions; the validator lifecycle, slashing and
/// parameters run in the linked `ValidatorLogic` library and the accrual-previewing views in
/// `PoolViews`, both by DELEGATECALL on this contract's one storage layout (`PoolStorage`).
/// Deployed behind an ERC-1967 proxy; upgrades (UUPS) need `UPGRADER_ROLE`. See docs/architecture.md.
/// @dev The token is an immutable of the implementation (read by every action); an upgrade is
/// refused unless the new implementation names the same token.
/// @custom:oz-upgrades-unsafe-allow external-library-linking
contract StakingPool is
    IStakingPool,
    PoolStorage,
    Initializable,
    AccessControlUpgradeable,
    UUPSUpgradeable,
    ReentrancyGuardTransient
{
    using SafeERC20 for IETMToken;

    /// @notice Sets inflation of future years, `delta`, minimums, durations, the cap and the treasury.
    bytes32 public constant PARAMETER_ROLE = keccak256("PARAMETER_ROLE");
    /// @notice Slashes validators.
    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");
    /// @notice Jails validators (the election contract, for seeds committed and not revealed).
    bytes32 public constant JAILER_ROLE = keccak256("JAILER_ROLE");
    /// @notice Collects the `delta` share for the active validators (the election contract).
    bytes32 public constant COLLECTOR_ROLE = keccak256("COLLECTOR_ROLE");
    /// @notice Upgrades the pool and its voting-units module (the timelock after the hand-over).
    bytes32 public constant UPGRADER_ROLE = keccak256("UPGRADER_ROLE");

    /// @notice The ETM token (staked, minted and paid here).
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IETMToken public immutable token;

    /// @param token_ The ETM token; every implementation of one pool must name the same token.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IETMToken token_) {
        if (address(token_) == address(0)) revert ZeroAddress();
        token = token_;
        _disableInitializers();
    }

    /// @notice Initializes the proxy's state: parameters, the emission schedule from this block, the
    /// voting-units module (deployed behind its own proxy), and `config.admin`'s roles.
    function initialize(PoolConfig calldata config) external initializer {
        if (config.admin == address(0)) revert ZeroAddress();
        ParameterLogic.initialize(_pool(), config);
        _grantRole(DEFAULT_ADMIN_ROLE, config.admin);
        _grantRole(PARAMETER_ROLE, config.admin);
        _grantRole(SLASHER_ROLE, config.admin);
        _grantRole(UPGRADER_ROLE, config.admin);
    }

    // ---------------------------------------------------------------------------------------------
    // Staking
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IStakingPool
    function stake(address validator, uint256 amountWei) external nonReentrant returns (uint256 shares) {
        uint256 rewardWei;
        Layout storage $ = _pool();
        (shares, rewardWei) = StakingLogic.bond($, token, msg.sender, validator, amountWei);
        // An operator staking to its displaced validator brings it back onto the list if it qualifies.
        if (msg.sender == validator && $.validators[validator].candidateIndex == 0)
            ValidatorLogic.relist($, validator);
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
        return UnbondingLogic.unstake(_pool(), token, validator, amountWei);
    }

    /// @inheritdoc IStakingPool
    function withdraw() external nonReentrant returns (uint256 amountWei) {
        Layout storage $ = _pool();
        Account memory account = $.accounts[msg.sender];
        UnbondingEntry[UNBONDING_RING_SIZE] storage ring = $.unbonding[msg.sender];
        uint256 entries;
        while (account.unbondingCount != 0) {
            UnbondingEntry storage entry = ring[account.unbondingHead];
            if (entry.maturityBlock > block.number) break;
            Validator storage v = $.validators[$.validatorsById[entry.validatorId - 1]];
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
            account.unbondingHead = uint8((account.unbondingHead + 1) % PoolConstants.MAX_UNBONDING_ENTRIES);
            --account.unbondingCount;
            ++entries;
        }
        if (entries == 0) {
            revert NothingToWithdraw(
                msg.sender,
                account.unbondingCount == 0 ? 0 : ring[account.unbondingHead].maturityBlock
            );
        }
        $.accounts[msg.sender] = account;
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
        StakingLogic.bond(_pool(), token, msg.sender, validator, amountWei);
        emit Compounded(msg.sender, validator, amountWei);
    }

    /// @inheritdoc IStakingPool
    function accrue() external {
        StakingLogic.accrue(_pool(), token);
    }

    /// @inheritdoc IStakingPool
    function syncVotingUnits(address account, address validator) external {
        UnbondingLogic.syncVotingUnits(_pool(), account, validator);
    }

    // ---------------------------------------------------------------------------------------------
    // Validators (ValidatorLogic)
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IStakingPool
    function registerValidator(
        address signer,
        uint256 commissionWad,
        uint256 selfStakeWei,
        bytes32 proofR,
        bytes32 proofVS
    ) external nonReentrant {
        ValidatorLogic.registerValidator(
            _pool(),
            token,
            signer,
            commissionWad,
            selfStakeWei,
            proofR,
            proofVS
        );
    }

    /// @inheritdoc IStakingPool
    function setCommission(uint256 commissionWad) external {
        ValidatorLogic.setCommission(_pool(), token, commissionWad);
    }

    /// @inheritdoc IStakingPool
    function deregisterValidator() external nonReentrant {
        ValidatorLogic.deregisterValidator(_pool(), token);
    }

    // ---------------------------------------------------------------------------------------------
    // Parameters and safety
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IStakingPool
    function setInflationRate(uint256 year, uint256 rateWad) external onlyRole(PARAMETER_ROLE) {
        ParameterLogic.setInflationRate(_pool(), token, year, rateWad);
    }

    /// @inheritdoc IStakingPool
    function setParameter(Parameter which, uint256 value) external onlyRole(PARAMETER_ROLE) {
        ParameterLogic.setParameter(_pool(), token, which, value);
    }

    /// @inheritdoc IStakingPool
    function setTreasury(address newTreasury) external onlyRole(PARAMETER_ROLE) {
        ParameterLogic.setTreasury(_pool(), token, newTreasury);
    }

    /// @inheritdoc IStakingPool
    function slash(address validator, uint256 fractionWad, bytes32 reason) external onlyRole(SLASHER_ROLE) {
        ValidatorLogic.slash(_pool(), token, validator, fractionWad, reason);
    }

    /// @inheritdoc IValidatorRegistry
    function jail(address operator, uint256 untilBlock) external override onlyRole(JAILER_ROLE) {
        ValidatorLogic.jail(_pool(), operator, untilBlock);
    }

    /// @inheritdoc IValidatorRegistry
    function collectValidatorRewards()
        external
        override
        onlyRole(COLLECTOR_ROLE)
        returns (uint256 amountWei)
    {
        return ParameterLogic.collectValidatorRewards(_pool(), token);
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @notice The current value of `which`.
    function parameter(Parameter which) external view returns (uint256) {
        return ParameterLogic.parameter(_pool(), which);
    }

    /// @notice Voting power of stakers (OpenZeppelin `Votes`), written by this pool only.
    function votes() external view returns (StakeVotes) {
        return _pool().stakeParams.votes;
    }

    /// @notice Receives the mint while nothing is staked.
    function treasury() external view returns (address) {
        return _pool().treasuryParams.treasury;
    }

    /// @notice The immutable maximum commission, wad.
    function maxCommission() external view returns (uint256) {
        return _pool().maxCommissionWad;
    }

    /// @notice Number of registered, listed validators (active or jailed).
    function candidateCount() external view returns (uint256) {
        return _pool().candidates.length;
    }

    /// @notice Operators of every listed validator.
    function candidates() external view returns (address[] memory) {
        return _pool().candidates;
    }

    /// @inheritdoc IStakingPool
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
        Validator storage v = _pool().validators[operator];
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

    /// @inheritdoc IStakingPool
    function unbondingOf(
        address account
    )
        external
        view
        returns (address[] memory validators, uint256[] memory maturityBlocks, uint256[] memory amountsWei)
    {
        return PoolViews.unbondingOf(_pool(), account);
    }

    /// @inheritdoc IStakingPool
    function stakeOf(address account, address validator) external view returns (uint256) {
        Layout storage $ = _pool();
        Validator storage v = $.validators[validator];
        return
            StakingLogic.tokensForShares(
                $.positions[account][validator].shares,
                v.bondedTokensWei,
                v.bondedShares
            );
    }

    /// @inheritdoc IStakingPool
    function pendingReward(address account, address validator) external view returns (uint256) {
        return PoolViews.pendingReward(_pool(), token, account, validator);
    }

    /// @inheritdoc IStakingPool
    function pendingCommission(address validator) external view returns (uint256) {
        return PoolViews.pendingCommission(_pool(), token, validator);
    }

    /// @inheritdoc IStakingPool
    function validatorStake(address validator) external view returns (uint256) {
        return _pool().validators[validator].bondedTokensWei;
    }

    /// @inheritdoc IStakingPool
    function totalStaked() external view returns (uint256) {
        return _pool().totals.totalStakedWei;
    }

    /// @inheritdoc IValidatorRegistry
    function validatorRewardsOwed() external view override returns (uint256) {
        return PoolViews.validatorRewardsOwed(_pool(), token);
    }

    /// @inheritdoc IStakingPool
    function rewardPerToken() external view returns (uint256) {
        return PoolViews.rewardPerToken(_pool(), token);
    }

    /// @inheritdoc IStakingPool
    function estimatedAPY() external view returns (uint256) {
        return PoolViews.estimatedAPY(_pool(), token);
    }

    /// @inheritdoc IStakingPool
    function startBlock() external view returns (uint256) {
        return _pool().startBlock;
    }

    /// @inheritdoc IStakingPool
    function currentYear() external view returns (uint256) {
        return EmissionLogic.currentYear(_pool());
    }

    /// @inheritdoc IStakingPool
    function inflationRate(uint256 year) external view returns (uint256) {
        return EmissionLogic.inflationRate(_pool(), year);
    }

    /// @inheritdoc IStakingPool
    function inflationSchedule() external view returns (YearRate[] memory) {
        return _pool().schedule;
    }

    /// @inheritdoc IValidatorRegistry
    /// @dev The election reads every candidate through this once per round, so it is written for gas:
    /// three storage reads per candidate (the list entry, the validator's slot 0 with signer and jail,
    /// slot 1 with bonded stake) and the ABI encoding of the three arrays built in place, no library
    /// hop (`_gatherElectable`, then the layout here).
    function electableCandidates()
        external
        view
        override
        returns (address[] memory operators, address[] memory signers, uint256[] memory bondedStakeWei)
    {
        (uint256 out, uint256 n, uint256 count) = _gatherElectable();
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // Output: [0x60][o1][o2], operators [n][n words] at 0x60 (already in place), then signers and
            // stakes, moved from the scratch regions past the largest possible output.
            let size := shl(5, n)
            let signersTmp := add(out, add(0xc0, mul(0x60, count)))
            operators := add(out, 0x60)
            signers := add(operators, add(0x20, size))
            bondedStakeWei := add(signers, add(0x20, size))
            mstore(out, 0x60)
            mstore(add(out, 0x20), sub(signers, out))
            mstore(add(out, 0x40), sub(bondedStakeWei, out))
            mstore(operators, n)
            mstore(signers, n)
            mcopy(add(signers, 0x20), signersTmp, size)
            mstore(bondedStakeWei, n)
            mcopy(add(bondedStakeWei, 0x20), add(signersTmp, shl(5, count)), size)
            return(out, sub(add(bondedStakeWei, add(0x20, size)), out))
        }
    }

    /// @inheritdoc IValidatorRegistry
    function operatorOfSigner(address signer) external view override returns (address) {
        return _pool().operatorOfSigner[signer];
    }

    /// @inheritdoc IValidatorRegistry
    function isCandidate(address operator) external view override returns (bool) {
        return _pool().validators[operator].status == ValidatorStatus.Active;
    }

    /// @inheritdoc IValidatorRegistry
    function isJailed(address operator) external view override returns (bool) {
        return _pool().validators[operator].jailedUntilBlock > block.number;
    }

    /// @inheritdoc IValidatorRegistry
    function signerOf(address operator) external view override returns (address) {
        return _pool().validators[operator].signer;
    }

    // ---------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------

    /// @dev Reads the candidate list once: operators of the electable ones (listed, not jailed, stake
    /// > 0) written at `out + 0x80`, their signers and stakes at two scratch regions of `count` words
    /// past the largest output (`out + 0xc0 + 0x60 * count`). The slots read are `Validator`'s
    /// (PoolStorage): `signer` in the low 160 bits of slot 0, `jailedUntilBlock` in the next 40;
    /// `bondedTokensWei` in the low 128 bits of slot 1.
    function _gatherElectable() private view returns (uint256 out, uint256 n, uint256 count) {
        address[] storage list = _pool().candidates;
        mapping(address operator => Validator) storage validators = _pool().validators;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            count := sload(list.slot)
            mstore(0x00, list.slot)
            let listData := keccak256(0x00, 0x20)
            // Scratch 0x20 holds the mapping's slot for every key hashed below.
            mstore(0x20, validators.slot)
            out := mload(0x40)
            let signersTmp := add(out, add(0xc0, mul(0x60, count)))
            for {
                let i := 0
            } lt(i, count) {
                i := add(i, 1)
            } {
                let operator := sload(add(listData, i))
                mstore(0x00, operator)
                let base := keccak256(0x00, 0x40)
                let slot0 := sload(base)
                let bonded := and(sload(add(base, 1)), 0xffffffffffffffffffffffffffffffff)
                // Electable: not jailed at this block (jailedUntilBlock <= number) and some stake.
                if and(iszero(gt(and(shr(160, slot0), 0xffffffffff), number())), iszero(iszero(bonded))) {
                    mstore(add(add(out, 0x80), shl(5, n)), operator)
                    mstore(add(signersTmp, shl(5, n)), and(slot0, 0xffffffffffffffffffffffffffffffffffffffff))
                    mstore(add(signersTmp, shl(5, add(count, n))), bonded)
                    n := add(n, 1)
                }
            }
        }
    }

    /// @dev Upgrades need `UPGRADER_ROLE`, and the new implementation must name the same token.
    function _authorizeUpgrade(address newImplementation) internal view override onlyRole(UPGRADER_ROLE) {
        if (StakingPool(newImplementation).token() != token)
            revert UpgradeMismatch(newImplementation, "token");
    }

    /// @dev Settles and zeroes `account`'s rewards at `validator` (plus the commission for its
    /// operator) and returns them; reverts when there is nothing.
    function _collectRewards(address account, address validator) private returns (uint256 amountWei) {
        Layout storage $ = _pool();
        Validator storage v = StakingLogic.knownValidator($, validator);
        StakingLogic.settleValidator($, validator, v, StakingLogic.accrue($, token));
        Position storage p = $.positions[account][validator];
        Position memory position = p;
        amountWei = StakingLogic.settlePosition(position, v);
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
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IETMToken} from "../interfaces/IETMToken.sol";
import {IStakingPool} from "../interfaces/IStakingPool.sol";
import {PoolStorage} from "./PoolStorage.sol";
import {StakeVotes} from "./StakeVotes.sol";
import {EmissionLogic} from "./logic/EmissionLogic.sol";
import {PoolConstants} from "./logic/PoolConstants.sol";
import {ParameterLogic} from "./logic/ParameterLogic.sol";
import {PoolViews} from "./logic/PoolViews.sol";
import {SlashingLogic} from "./logic/SlashingLogic.sol";
import {StakingLogic} from "./logic/StakingLogic.sol";
import {UnbondingLogic} from "./logic/UnbondingLogic.sol";
import {ValidatorLogic} from "./logic/ValidatorLogic.sol";

/// @title StakingPoolExtension
/// @notice The second half of the pool's code (Compound III's Comet/CometExt split): everything that
/// is not a staker's hot path — initialization, roles, the validator lifecycle, parameters, slashing,
/// and the views. `StakingPool` runs the hot paths itself and DELEGATECALLs every selector it does not
/// know here, so this code runs on the proxy's storage (`PoolStorage`, ERC-7201) under the proxy's
/// address; users see one contract with the whole `IStakingPool` surface.
/// @dev Never meant to be called directly: its own storage is empty and its initializers are disabled.
/// Each pool implementation names its extension (an immutable), so an upgrade that changes any of
/// this code deploys a new extension with the new implementation. Roles, reentrancy guard and
/// initializer state live in OpenZeppelin's namespaced slots, shared with `StakingPool`.
/// @custom:oz-upgrades-unsafe-allow external-library-linking
contract StakingPoolExtension is
    PoolStorage,
    Initializable,
    AccessControlUpgradeable,
    ReentrancyGuardTransient
{
    /// @notice Sets inflation of future years, `delta`, minimums, durations, the cap and the treasury.
    bytes32 public constant PARAMETER_ROLE = PoolConstants.PARAMETER_ROLE;
    /// @notice Slashes validators.
    bytes32 public constant SLASHER_ROLE = PoolConstants.SLASHER_ROLE;
    /// @notice The `reason` of a slash for a proven double sign: "double-sign".
    bytes32 public constant DOUBLE_SIGN_REASON = "double-sign";
    /// @notice Jails validators (the election contract, for seeds committed and not revealed).
    bytes32 public constant JAILER_ROLE = PoolConstants.JAILER_ROLE;
    /// @notice Collects the `delta` share for the active validators and publishes the round grid (the
    /// election contract).
    bytes32 public constant COLLECTOR_ROLE = PoolConstants.COLLECTOR_ROLE;
    /// @notice Upgrades the pool and its voting-units module (the timelock after the hand-over).
    bytes32 public constant UPGRADER_ROLE = PoolConstants.UPGRADER_ROLE;

    /// @notice Longest profile name, website and description, in bytes.
    uint256 public constant MAX_NAME_BYTES = 32;
    uint256 public constant MAX_WEBSITE_BYTES = 140;
    uint256 public constant MAX_DESCRIPTION_BYTES = 280;
    /// @dev Shortest profile name, in bytes.
    uint256 private constant MIN_NAME_BYTES = 3;

    /// @notice The ETM token (staked, minted and paid by the pool).
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IETMToken public immutable token;

    /// @param token_ The ETM token; the pool implementation that names this extension reads it here.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IETMToken token_) {
        if (address(token_) == address(0)) revert IStakingPool.ZeroAddress();
        token = token_;
        _disableInitializers();
    }

    /// @notice See {IStakingPool-initialize}.
    function initialize(IStakingPool.PoolConfig calldata config) external initializer {
        if (config.admin == address(0)) revert IStakingPool.ZeroAddress();
        ParameterLogic.initialize(_pool(), config);
        _grantRole(DEFAULT_ADMIN_ROLE, config.admin);
        _grantRole(PARAMETER_ROLE, config.admin);
        _grantRole(SLASHER_ROLE, config.admin);
        _grantRole(UPGRADER_ROLE, config.admin);
    }

    /// @notice See {IStakingPool-syncVotingUnits}.
    function syncVotingUnits(address account, address validator) external nonReentrant {
        UnbondingLogic.syncVotingUnits(_pool(), token, account, validator);
    }

    /// @notice See {IStakingPool-settleRedelegations}.
    function settleRedelegations(address account) external nonReentrant {
        UnbondingLogic.settleRedelegations(_pool(), token, account);
    }

    /// @notice See {IStakingPool-setCompounding}.
    function setCompounding(
        address validator,
        bool compounding
    ) external nonReentrant returns (uint256 valueWei) {
        return UnbondingLogic.setCompounding(_pool(), token, validator, compounding);
    }

    /// @notice See {IStakingPool-settleValidator}.
    function settleValidator(address validator) external nonReentrant {
        UnbondingLogic.settleValidator(_pool(), token, validator);
    }

    // ---------------------------------------------------------------------------------------------
    // Validators (ValidatorLogic)
    // ---------------------------------------------------------------------------------------------

    /// @notice See {IStakingPool-registerValidator}.
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

    /// @notice See {IStakingPool-setCommission}.
    function setCommission(uint256 commissionWad) external {
        ParameterLogic.setCommission(_pool(), token, commissionWad);
    }

    /// @notice See {IStakingPool-deregisterValidator}.
    function deregisterValidator() external nonReentrant {
        ValidatorLogic.deregisterValidator(_pool(), token);
    }

    /// @notice See {IStakingPool-setProfile}.
    function setProfile(string calldata name, string calldata website, string calldata description) external {
        Layout storage $ = _pool();
        StakingLogic.activeValidator($, msg.sender);
        bytes32 key = _nameKey(name);
        _checkField("website", bytes(website), MAX_WEBSITE_BYTES, true);
        _checkField("description", bytes(description), MAX_DESCRIPTION_BYTES, false);
        address holder = $.profileNameOwner[key];
        if (holder != address(0) && holder != msg.sender && $.validators[holder].candidateIndex != 0)
            revert IStakingPool.ProfileNameTaken(name, holder);
        Profile storage profile = $.profiles[msg.sender];
        bytes32 oldKey = profile.nameKey;
        if (oldKey != key && oldKey != bytes32(0) && $.profileNameOwner[oldKey] == msg.sender)
            delete $.profileNameOwner[oldKey];
        $.profileNameOwner[key] = msg.sender;
        profile.name = name;
        profile.website = website;
        profile.description = description;
        profile.nameKey = key;
        emit IStakingPool.ProfileSet(msg.sender, name, website, description);
    }

    // ---------------------------------------------------------------------------------------------
    // Parameters and safety
    // ---------------------------------------------------------------------------------------------

    /// @notice See {IStakingPool-setInflationRate}.
    function setInflationRate(uint256 year, uint256 rateWad) external onlyRole(PARAMETER_ROLE) {
        ParameterLogic.setInflationRate(_pool(), token, year, rateWad);
    }

    /// @notice See {IStakingPool-setParameter}.
    function setParameter(IStakingPool.Parameter which, uint256 value) external onlyRole(PARAMETER_ROLE) {
        ParameterLogic.setParameter(_pool(), token, which, value);
    }

    /// @notice See {IStakingPool-setTreasury}.
    function setTreasury(address newTreasury) external onlyRole(PARAMETER_ROLE) {
        ParameterLogic.setTreasury(_pool(), token, newTreasury);
    }

    /// @notice See {IStakingPool-slash}.
    function slash(
        address validator,
        uint256 fractionWad,
        uint256 infractionBlock,
        bytes32 reason
    ) external onlyRole(SLASHER_ROLE) {
        SlashingLogic.slash(
            _pool(),
            token,
            validator,
            SlashingLogic.SlashOrder(fractionWad, infractionBlock, reason, false, address(0), 0)
        );
    }

    /// @notice See {IStakingPool-slashDoubleSign}.
    function slashDoubleSign(
        address validator,
        uint256 fractionWad,
        uint256 infractionBlock,
        address reporter,
        uint256 reporterShareWad
    ) external onlyRole(SLASHER_ROLE) returns (uint256 reporterRewardWei) {
        return
            SlashingLogic.slash(
                _pool(),
                token,
                validator,
                SlashingLogic.SlashOrder(
                    fractionWad,
                    infractionBlock,
                    DOUBLE_SIGN_REASON,
                    true,
                    reporter,
                    reporterShareWad
                )
            );
    }

    /// @notice See {IValidatorRegistry-jail}.
    function jail(address operator, uint256 untilBlock) external onlyRole(JAILER_ROLE) {
        SlashingLogic.jail(_pool(), operator, untilBlock);
    }

    /// @notice See {IValidatorRegistry-collectValidatorRewards}.
    function collectValidatorRewards() external onlyRole(COLLECTOR_ROLE) returns (uint256 amountWei) {
        return ParameterLogic.collectValidatorRewards(_pool(), token);
    }

    /// @notice See {IValidatorRegistry-setRoundGrid}.
    function setRoundGrid(
        uint256 anchorBlock,
        uint256 lengthBlocks,
        uint256 nextFromBlock,
        uint256 nextLengthBlocks
    ) external onlyRole(COLLECTOR_ROLE) {
        ParameterLogic.setRoundGrid(_pool(), anchorBlock, lengthBlocks, nextFromBlock, nextLengthBlocks);
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @notice See {IStakingPool-profileOf}.
    function profileOf(
        address operator
    ) external view returns (string memory name, string memory website, string memory description) {
        Profile storage profile = _pool().profiles[operator];
        return (_shownName(operator), profile.website, profile.description);
    }

    /// @notice See {IStakingPool-namesOf}.
    function namesOf(address[] calldata operators) external view returns (string[] memory names) {
        names = new string[](operators.length);
        for (uint256 i = 0; i < operators.length; ++i) names[i] = _shownName(operators[i]);
    }

    /// @notice See {IStakingPool-parameter}.
    function parameter(IStakingPool.Parameter which) external view returns (uint256) {
        return ParameterLogic.parameter(_pool(), which);
    }

    /// @notice See {IStakingPool-votes}.
    function votes() external view returns (StakeVotes) {
        return _pool().stakeParams.votes;
    }

    /// @notice See {IStakingPool-treasury}.
    function treasury() external view returns (address) {
        return _pool().treasuryParams.treasury;
    }

    /// @notice See {IStakingPool-maxCommission}.
    function maxCommission() external view returns (uint256) {
        return _pool().maxCommissionWad;
    }

    /// @notice See {IStakingPool-candidateCount}.
    function candidateCount() external view returns (uint256) {
        return _pool().candidates.length;
    }

    /// @notice See {IStakingPool-candidates}.
    function candidates() external view returns (address[] memory) {
        return _pool().candidates;
    }

    /// @notice See {IStakingPool-validatorInfo}.
    function validatorInfo(
        address operator
    )
        external
        view
        returns (
            IStakingPool.ValidatorStatus status,
            address signer,
            uint256 jailedUntilBlock,
            uint256 commissionWad,
            uint256 pendingCommissionWad,
            uint256 commissionEffectiveBlock,
            uint256 bondedWei,
            uint256 unbondingWei
        )
    {
        Layout storage $ = _pool();
        Validator storage v = $.validators[operator];
        return (
            v.status,
            v.signer,
            v.jailedUntilBlock,
            v.commissionWad,
            v.pendingCommissionWad,
            v.commissionEffectiveBlock,
            v.bondedTokensWei,
            v.unbondingTokensWei + $.unbondingTotals[v.id].bucketedWei
        );
    }

    /// @notice See {IStakingPool-unbondingOf}.
    function unbondingOf(
        address account
    )
        external
        view
        returns (address[] memory validators, uint256[] memory maturityBlocks, uint256[] memory amountsWei)
    {
        return PoolViews.unbondingOf(_pool(), account);
    }

    /// @notice See {IStakingPool-redelegationsOf}.
    function redelegationsOf(address account) external view returns (IStakingPool.Redelegation[] memory) {
        return PoolViews.redelegationsOf(_pool(), account);
    }

    /// @notice See {IStakingPool-stakeOf}.
    function stakeOf(address account, address validator) external view returns (uint256) {
        return PoolViews.stakeOf(_pool(), token, account, validator);
    }

    /// @notice See {IStakingPool-isCompounding}.
    function isCompounding(address account, address validator) external view returns (bool) {
        return _pool().positions[account][validator].rewardPerSharePaidRay == PoolConstants.COMPOUNDING;
    }

    /// @notice See {IStakingPool-pendingReward}.
    function pendingReward(address account, address validator) external view returns (uint256) {
        return PoolViews.pendingReward(_pool(), token, account, validator);
    }

    /// @notice See {IStakingPool-pendingCommission}.
    function pendingCommission(address validator) external view returns (uint256) {
        return PoolViews.pendingCommission(_pool(), token, validator);
    }

    /// @notice See {IStakingPool-validatorStake}.
    function validatorStake(address validator) external view returns (uint256) {
        return _pool().validators[validator].bondedTokensWei;
    }

    /// @notice See {IStakingPool-positionsOf}.
    function positionsOf(address account) external view returns (address[] memory validators) {
        return StakingLogic.positionValidators(_pool(), account);
    }

    /// @notice See {IStakingPool-electionStakeOf}.
    function electionStakeOf(address operator) external view returns (uint256) {
        return StakingLogic.electionStake(_pool(), operator);
    }

    /// @notice See {IStakingPool-roundGrid}.
    function roundGrid()
        external
        view
        returns (uint256 anchorBlock, uint256 lengthBlocks, uint256 nextFromBlock, uint256 nextLengthBlocks)
    {
        RoundGrid memory g = _pool().roundGrid;
        return (g.anchorBlock, g.lengthBlocks, g.nextFromBlock, g.nextLengthBlocks);
    }

    /// @notice See {IStakingPool-totalStaked}.
    function totalStaked() external view returns (uint256) {
        return _pool().totals.totalStakedWei;
    }

    /// @notice See {IValidatorRegistry-validatorRewardsOwed}.
    function validatorRewardsOwed() external view returns (uint256) {
        return PoolViews.validatorRewardsOwed(_pool(), token);
    }

    /// @notice See {IStakingPool-rewardPerToken}.
    function rewardPerToken() external view returns (uint256) {
        return PoolViews.rewardPerToken(_pool(), token);
    }

    /// @notice See {IStakingPool-estimatedAPY}.
    function estimatedAPY() external view returns (uint256) {
        return PoolViews.estimatedAPY(_pool(), token);
    }

    /// @notice See {IStakingPool-startBlock}.
    function startBlock() external view returns (uint256) {
        return _pool().startBlock;
    }

    /// @notice See {IStakingPool-currentYear}.
    function currentYear() external view returns (uint256) {
        return EmissionLogic.currentYear(_pool());
    }

    /// @notice See {IStakingPool-inflationRate}.
    function inflationRate(uint256 year) external view returns (uint256) {
        return EmissionLogic.inflationRate(_pool(), year);
    }

    /// @notice See {IStakingPool-inflationSchedule}.
    function inflationSchedule() external view returns (IStakingPool.YearRate[] memory) {
        return _pool().schedule;
    }

    /// @notice See {IValidatorRegistry-isJailed}.
    function isJailed(address operator) external view returns (bool) {
        return _pool().validators[operator].jailedUntilBlock > block.number;
    }

    /// @notice See {IValidatorRegistry-signerOf}.
    function signerOf(address operator) external view returns (address) {
        return _pool().validators[operator].signer;
    }

    // ---------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------

    /// @dev `operator`'s profile name, or "" if it has none or another candidate took the name while
    /// this one was off the list (one storage read when it never set a profile).
    function _shownName(address operator) private view returns (string memory) {
        Layout storage $ = _pool();
        Profile storage profile = $.profiles[operator];
        bytes32 key = profile.nameKey;
        return key != bytes32(0) && $.profileNameOwner[key] == operator ? profile.name : "";
    }

    /// @dev Checks a profile name (see {IStakingPool-setProfile}) and returns its case-insensitive key:
    /// the hash of the name with ASCII capitals lowered.
    function _nameKey(string calldata name) private pure returns (bytes32) {
        bytes memory lowered = bytes(name);
        uint256 length = lowered.length;
        if (
            length < MIN_NAME_BYTES ||
            length > MAX_NAME_BYTES ||
            lowered[0] == " " ||
            lowered[length - 1] == " "
        ) revert IStakingPool.InvalidProfileName(name);
        for (uint256 i = 0; i < length; ++i) {
            bytes1 c = lowered[i];
            if (c >= "A" && c <= "Z") lowered[i] = bytes1(uint8(c) + 32);
            else if (
                !((c >= "a" && c <= "z") ||
                    (c >= "0" && c <= "9") ||
                    c == " " ||
                    c == "-" ||
                    c == "_" ||
                    c == ".")
            ) revert IStakingPool.InvalidProfileName(name);
        }
        return keccak256(lowered);
    }

    /// @dev Reverts with `InvalidProfileField` when `value` is longer than `maxBytes`, or (`printable`)
    /// holds a byte outside printable ASCII (0x20 to 0x7e).
    function _checkField(bytes32 field, bytes calldata value, uint256 maxBytes, bool printable) private pure {
        if (value.length > maxBytes) revert IStakingPool.InvalidProfileField(field, value.length, maxBytes);
        if (printable) {
            for (uint256 i = 0; i < value.length; ++i) {
                if (value[i] < 0x20 || value[i] > 0x7e)
                    revert IStakingPool.InvalidProfileField(field, i, maxBytes);
            }
        }
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

import {IStakingPool} from "../interfaces/IStakingPool.sol";
import {IValidatorElection} from "../interfaces/IValidatorElection.sol";
import {CodeStorage} from "../libraries/CodeStorage.sol";
import {QbftHeader} from "./QbftHeader.sol";

/// @title DoubleSignEvidence
/// @notice Trustless slashing of QBFT equivocation: anyone submits two headers of different blocks at
/// the same height, committed in the same round, and every signer with a commit seal on both that
/// was in the active set at that height is slashed (`slashFractionWad` of the stake bonded to it at
/// that height, followed into unbonding), tombstoned, and the submitter is paid `reporterShareWad` of
/// the slashed amount; the rest is burned (docs/evidence.md). Holds the pool's SLASHER_ROLE.
/// @dev Not upgradeable: a new version is a new contract that governance grants SLASHER_ROLE to
/// (`--set slasher=…`) and revokes from this one. Its parameters belong to governance (the timelock).
contract DoubleSignEvidence is AccessControl {
    /// @notice Sets the slash fraction and the reporter's share.
    bytes32 public constant PARAMETER_ROLE = keccak256("PARAMETER_ROLE");
    /// @notice Largest slash fraction governance may set: 100% (wad).
    uint256 public constant MAX_SLASH_FRACTION_WAD = 1e18;
    /// @notice Largest reporter's share governance may set: half of the slashed amount (wad).
    uint256 public constant MAX_REPORTER_SHARE_WAD = 0.5e18;

    /// @notice The staking pool that slashes.
    IStakingPool public immutable pool;
    /// @notice The election that keeps the active set of every height.
    IValidatorElection public immutable election;

    /// @notice Fraction of a double signer's stake at the infraction that is slashed (wad; default 5%).
    uint256 public slashFractionWad;
    /// @notice Fraction of the slashed amount paid to the submitter of the proof (wad; default 10%).
    uint256 public reporterShareWad;
    /// @notice Whether the double sign of `signer` at `blockNumber` was punished, by
    /// `keccak256(abi.encode(signer, blockNumber))`.
    mapping(bytes32 key => bool) public punished;

    /// @notice `operator` (QBFT signer `signer`) double-signed block `blockNumber` in `round`: slashed,
    /// tombstoned; `reporter` received `rewardWei`.
    event DoubleSignPunished(
        address indexed operator,
        address indexed signer,
        uint256 blockNumber,
        uint256 round,
        address indexed reporter,
        uint256 rewardWei
    );
    /// @notice Governance changed the slash fraction or the reporter's share.
    event ParametersSet(uint256 slashFractionWad, uint256 reporterShareWad);

    /// @notice The headers prove no double sign: no signer sealed both.
    error NoDoubleSigner(uint256 blockNumber, uint256 round);
    /// @notice The election has no record of the active set at `blockNumber` (a set installed before
    /// records existed).
    error UnknownActiveSet(uint256 blockNumber);
    /// @notice The operators given are not those of active set `setId` (hash `expectedHash`; the
    /// `ValidatorsElected` event of that set lists them, in order).
    error OperatorsMismatch(uint256 setId, bytes32 expectedHash, bytes32 givenHash);
    /// @notice `signer` sealed both blocks but was not in the active set `setId` at `blockNumber`.
    error SignerNotActive(address signer, uint256 blockNumber, uint256 setId);
    /// @notice Every double signer of this proof was punished already (this proof, or another at the same
    /// height), or is tombstoned.
    error NothingToPunish(uint256 blockNumber);
    /// @notice A parameter is above its maximum.
    error ParameterTooLarge(uint256 value, uint256 max);

    /// @param admin receives the admin and parameter roles (the timelock under governance).
    constructor(
        IStakingPool pool_,
        IValidatorElection election_,
        address admin,
        uint256 slashFractionWad_,
        uint256 reporterShareWad_
    ) {
        pool = pool_;
        election = election_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PARAMETER_ROLE, admin);
        _setParameters(slashFractionWad_, reporterShareWad_);
    }

    /// @notice Sets the fraction of a double signer's stake that is slashed (at most 100%). Parameter role.
    function setSlashFraction(uint256 slashFractionWad_) external onlyRole(PARAMETER_ROLE) {
        _setParameters(slashFractionWad_, reporterShareWad);
    }

    /// @notice Sets the reporter's share of the slashed amount (at most 50%). Parameter role.
    function setReporterShare(uint256 reporterShareWad_) external onlyRole(PARAMETER_ROLE) {
        _setParameters(slashFractionWad, reporterShareWad_);
    }

    /// @notice Proves a double sign and punishes every signer that sealed both headers: RLP headers
    /// of two different blocks at the same height, committed in the same round (Besu's QBFT header
    /// encoding, every fork through Prague), and the operators of the active set at that height in
    /// set order (from its `ValidatorsElected` event). Permissionless. Returns the reward paid to the
    /// caller. Refused (changing nothing) for evidence older than the pool's `unbondingBlocks`
    /// (`InfractionTooOld`), headers that do not decode or whose seals do not recover, different
    /// heights or rounds, identical blocks, a signer not active at that height, or a double sign
    /// already punished.
    function submitDoubleSign(
        bytes calldata headerA,
        bytes calldata headerB,
        address[] calldata operators
    ) external returns (uint256 rewardWei) {
        (uint256 blockNumber, uint256 round, address[] memory signers) = QbftHeader.doubleSigners(
            headerA,
            headerB
        );
        if (signers.length == 0) revert NoDoubleSigner(blockNumber, round);
        address[] memory setSigners = _activeSet(blockNumber, operators);
        uint256 count = 0;
        for (uint256 i = 0; i < signers.length; ++i) {
            address signer = signers[i];
            address operator = operators[_indexOf(setSigners, signer, blockNumber)];
            bytes32 key = keccak256(abi.encode(signer, blockNumber));
            (IStakingPool.ValidatorStatus status, , , , , , , ) = pool.validatorInfo(operator);
            if (punished[key] || status == IStakingPool.ValidatorStatus.Tombstoned) continue;
            punished[key] = true;
            ++count;
            uint256 paidWei = pool.slashDoubleSign(
                operator,
                slashFractionWad,
                blockNumber,
                msg.sender,
                reporterShareWad
            );
            rewardWei += paidWei;
            emit DoubleSignPunished(operator, signer, blockNumber, round, msg.sender, paidWei);
        }
        if (count == 0) revert NothingToPunish(blockNumber);
    }

    /// @dev The signers of the active set at `blockNumber`, after checking `operators` against it.
    function _activeSet(
        uint256 blockNumber,
        address[] calldata operators
    ) private view returns (address[] memory) {
        (uint256 setId, , address signersCode, bytes32 operatorsHash) = election.activeSetAt(blockNumber);
        if (signersCode == address(0)) revert UnknownActiveSet(blockNumber);
        bytes32 givenHash = keccak256(abi.encodePacked(operators));
        if (givenHash != operatorsHash) revert OperatorsMismatch(setId, operatorsHash, givenHash);
        bytes memory packed = CodeStorage.read(signersCode);
        uint256 count = packed.length / 20;
        address[] memory setSigners = new address[](count);
        for (uint256 i = 0; i < count; ++i) {
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                mstore(add(setSigners, shl(5, add(i, 1))), shr(96, mload(add(add(packed, 0x20), mul(i, 20)))))
            }
        }
        return setSigners;
    }

    /// @dev The index of `signer` in `setSigners`; `SignerNotActive` if it is not there.
    function _indexOf(
        address[] memory setSigners,
        address signer,
        uint256 blockNumber
    ) private view returns (uint256) {
        for (uint256 i = 0; i < setSigners.length; ++i) if (setSigners[i] == signer) return i;
        (uint256 setId, , , ) = election.activeSetAt(blockNumber);
        revert SignerNotActive(signer, blockNumber, setId);
    }

    function _setParameters(uint256 slashFractionWad_, uint256 reporterShareWad_) private {
        if (slashFractionWad_ > MAX_SLASH_FRACTION_WAD)
            revert ParameterTooLarge(slashFractionWad_, MAX_SLASH_FRACTION_WAD);
        if (reporterShareWad_ > MAX_REPORTER_SHARE_WAD)
            revert ParameterTooLarge(reporterShareWad_, MAX_REPORTER_SHARE_WAD);
        slashFractionWad = slashFractionWad_;
        reporterShareWad = reporterShareWad_;
        emit ParametersSet(slashFractionWad_, reporterShareWad_);
    }
}

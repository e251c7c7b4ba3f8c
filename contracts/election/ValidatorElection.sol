// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IValidatorElection} from "../interfaces/IValidatorElection.sol";
import {IValidatorRegistry} from "../interfaces/IValidatorRegistry.sol";
import {ElectionStorage} from "./ElectionStorage.sol";
import {ElectionConstants} from "./logic/ElectionConstants.sol";
import {ElectionLogic} from "./logic/ElectionLogic.sol";
import {ElectionSetup} from "./logic/ElectionSetup.sol";
import {BeaconLogic} from "./logic/BeaconLogic.sol";
import {CodeStorage} from "../libraries/CodeStorage.sol";
import {Shuffle} from "../libraries/Shuffle.sol";
import {WeightedSampling} from "../libraries/WeightedSampling.sol";

// Round windows and ledgers compare with `<=` by definition; the strict-inequality gas hint does not apply.
/* solhint-disable gas-strict-inequalities */

/// @title ValidatorElection
/// @notice The validator election of ETM/P. See {IValidatorElection} and docs/election.md.
/// @dev Trust: the registry (the staking pool) is trusted code. `elect()` calls it to collect the
/// `delta` share, to jail non-revealers and to read the candidates; `elect()`, `claim()` and
/// `releaseTreasuryFees()` are `nonReentrant`, and `elect()` writes the new election state last,
/// so a call back into `commit()` during `elect()` finds the election still pending. Failures of
/// `jail` and `collectValidatorRewards` are caught (and reported by events) so that a
/// misconfigured pool cannot stop elections.
/// Deployed behind an ERC-1967 proxy whose address the Besu genesis names and which never changes;
/// upgrades (UUPS) need `UPGRADER_ROLE` (the timelock after the hand-over). Storage is one ERC-7201
/// namespaced struct (`ElectionStorage`).
/// @custom:oz-upgrades-unsafe-allow external-library-linking
contract ValidatorElection is
    IValidatorElection,
    ElectionStorage,
    Initializable,
    AccessControlUpgradeable,
    UUPSUpgradeable,
    ReentrancyGuardTransient
{
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Role allowed to change the parameters (held by the admin until governance takes over).
    bytes32 public constant PARAMETER_ROLE = keccak256("PARAMETER_ROLE");
    /// @notice Role allowed to upgrade the election (held by the timelock after the hand-over).
    bytes32 public constant UPGRADER_ROLE = keccak256("UPGRADER_ROLE");
    /// @notice Fewest eligible candidates for which an election installs a new set (BFT: n >= 3f + 1, f >= 1).
    uint256 public constant MIN_ELECTED = ElectionConstants.MIN_ELECTED;
    /// @notice Largest `validatorCount`.
    uint256 public constant MAX_VALIDATOR_COUNT = ElectionConstants.MAX_VALIDATOR_COUNT;
    /// @notice Shortest round, in blocks (two blocks of commit phase, two of reveal phase).
    uint256 public constant MIN_ROUND_LENGTH = ElectionConstants.MIN_ROUND_LENGTH;
    /// @notice Longest round, in blocks (one year of 3-second blocks).
    uint256 public constant MAX_ROUND_LENGTH = ElectionConstants.MAX_ROUND_LENGTH;
    /// @notice Largest `maxCandidates`; `elect()` gas at this cap is measured by bench/election.ts.
    uint256 public constant MAX_CANDIDATE_CAP = ElectionConstants.MAX_CANDIDATE_CAP;
    /// @notice Offline candidates an election draws and sets aside before it reads the liveness of
    /// every remaining candidate instead (see `_drawLive`).
    uint256 public constant MAX_OFFLINE_DRAWS = ElectionConstants.MAX_OFFLINE_DRAWS;
    /// @notice Longest jail for not revealing, in blocks (one year).
    uint256 public constant MAX_JAIL_BLOCKS = ElectionConstants.MAX_JAIL_BLOCKS;

    uint256 private constant WAD = ElectionConstants.WAD;
    /// @dev Domain separator between the draw (`seed`) and the shuffle (`keccak256(seed, SHUFFLE_DOMAIN)`).
    bytes32 private constant SHUFFLE_DOMAIN = keccak256("ETM.election.shuffle");

    /// @inheritdoc IValidatorElection
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IValidatorRegistry public immutable override registry;
    /// @inheritdoc IValidatorElection
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IERC20 public immutable override rewardToken;

    /// @param registry_ The staking pool (candidates, stake, jail, `delta` share).
    /// @param rewardToken_ The ETM token the pool pays the `delta` share in.
    /// @dev Both are immutables of the implementation (read by every election); an upgrade is
    /// refused unless the new implementation names the same two.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IValidatorRegistry registry_, IERC20 rewardToken_) {
        if (address(registry_) == address(0) || address(rewardToken_) == address(0)) revert ZeroAddress();
        registry = registry_;
        rewardToken = rewardToken_;
        _disableInitializers();
    }

    /// @notice Initializes the proxy: parameters, round 0 from this block, the genesis set and seed,
    /// and `config.admin`'s roles. See {IValidatorElection-ElectionConfig}.
    function initialize(ElectionConfig calldata config) external initializer {
        if (config.admin == address(0)) revert ZeroAddress();
        ElectionSetup.initialize(_election(), config);
        _grantRole(DEFAULT_ADMIN_ROLE, config.admin);
        _grantRole(PARAMETER_ROLE, config.admin);
        _grantRole(UPGRADER_ROLE, config.admin);
    }

    /// @notice Native coins sent directly are treated like fees (recognised by balance difference).
    receive() external payable {}

    // ================================================================ actions

    /// @inheritdoc IValidatorElection
    function elect() external override nonReentrant returns (bool installed) {
        ElectionLayout storage $ = _election();
        (uint256 round, uint256 startBlock, uint256 lengthBlocks) = _currentRound();
        ElectionState memory state = $.state;
        if (round <= state.electedRound) revert ElectionNotDue(round, startBlock + lengthBlocks);

        // 1. Close the outgoing set's reward period and settle its beacon round.
        uint256 revealCount = _closePeriod(state);

        // 2. The seed: previous seed, every reveal, the hash of the last block of the round that just
        // ended (0 if more than 256 blocks ago), and the round number.
        bytes32 lastBlockHash = blockhash(startBlock - 1);
        bytes32 mix = $.revealMix;
        bytes32 newSeed = keccak256(abi.encode($.seed, mix, lastBlockHash, round));
        $.seed = newSeed;
        $.revealMix = ElectionConstants.REVEAL_MIX_START;
        emit SeedDerived(round, state.electedRound, newSeed, mix, lastBlockHash, revealCount);

        // 3. The candidates, read once; the draw, checking liveness of the drawn candidates only.
        (address[] memory operators, address[] memory signers, uint256[] memory stakes) = _candidatePool(
            state.maxCandidates
        );
        (uint256[] memory chosen, uint256 skippedOffline) = _drawLive(
            operators,
            stakes,
            round,
            state.validatorCount,
            newSeed
        );
        if (chosen.length < MIN_ELECTED) {
            // The draw exhausted the pool, so every eligible candidate was found.
            $.state.electedRound = round.toUint32();
            emit PreviousSetKept(round, state.activeSetId, chosen.length, MIN_ELECTED);
            return false;
        }
        _install(round, state.activeSetId + 1, newSeed, chosen, operators, signers, skippedOffline);
        return true;
    }

    /// @dev Credits the outgoing (active) set with what arrived while it was active, counts the
    /// reveals of the beacon round (the round of the last election: only then, and only this set,
    /// could commit) and jails its members that committed and did not reveal.
    function _closePeriod(ElectionState memory state) private returns (uint256 revealCount) {
        ElectionLayout storage $ = _election();
        _recogniseFees();
        _collectValidatorRewards();
        address[] memory outgoing = $.activeOperators;
        uint256 seats = outgoing.length; // never 0
        uint256 perSeatNativeWei = $.ledger.periodNativeWei / seats;
        uint256 perSeatTokenWei = $.ledger.periodTokenWei / seats;
        $.ledger.periodNativeWei -= perSeatNativeWei * seats; // the remainder (< seats wei) carries over
        $.ledger.periodTokenWei -= perSeatTokenWei * seats;
        emit RewardsDistributed(state.activeSetId, seats, perSeatNativeWei, perSeatTokenWei);

        uint256 beaconMark = uint256(state.electedRound) + 1;
        uint256 jailUntilBlock = block.number + state.nonRevealJailBlocks;
        bool credit = perSeatNativeWei != 0 || perSeatTokenWei != 0;
        for (uint256 i = 0; i < seats; ++i) {
            address operator = outgoing[i];
            if (credit) {
                RewardBalance memory balance = $.rewards[operator];
                $.rewards[operator] = RewardBalance({
                    nativeWei: (balance.nativeWei + perSeatNativeWei).toUint128(),
                    tokenWei: (balance.tokenWei + perSeatTokenWei).toUint128()
                });
            }
            Seat memory seat = $.seats[operator];
            if (seat.commitRoundMark == beaconMark) {
                if (seat.commitment == bytes20(0)) ++revealCount;
                else _jailNonRevealer(state.electedRound, operator, jailUntilBlock);
            }
        }
    }

    /// @dev Draws candidates by stake without replacement until `count` live ones are found or the
    /// pool is exhausted. A drawn candidate without a counting heartbeat is set aside (rejection
    /// sampling: the live ones are drawn exactly as if only they had been in the pool), so liveness
    /// is read for drawn candidates only: k + skipped storage reads. After MAX_OFFLINE_DRAWS
    /// candidates were set aside, the liveness of every remaining candidate is read once, the
    /// offline ones are taken out of the tree, and the draw goes on among the live ones: the worst
    /// case (almost all stake offline) costs one read per candidate, as a filter-first draw would.
    function _drawLive(
        address[] memory operators,
        uint256[] memory stakes,
        uint256 round,
        uint256 count,
        bytes32 electionSeed
    ) private view returns (uint256[] memory chosen, uint256 skippedOffline) {
        WeightedSampling.Tree memory tree = WeightedSampling.build(stakes);
        uint256 seats = count < stakes.length ? count : stakes.length;
        chosen = new uint256[](seats);
        uint256 accepted = 0;
        // Heartbeat marks (round + 1) that count: rounds `round - 1` and `round - 2`; 0 means none.
        uint256 lowMark = round > 1 ? round - 1 : 1;
        while (accepted < seats && tree.total != 0) {
            uint256 index = WeightedSampling.drawAndRemove(tree, electionSeed);
            if (_isLive(operators[index], lowMark, round)) {
                chosen[accepted] = index;
                ++accepted;
            } else if (++skippedOffline == MAX_OFFLINE_DRAWS) {
                // `stakes` is the tree's weights array: drawn candidates are zero there already.
                _dropOffline(operators, stakes, lowMark, round);
                WeightedSampling.rebuild(tree);
            }
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(chosen, accepted)
        }
    }

    /// @dev Zeroes the stake of every candidate still in the draw (non-zero stake) whose heartbeat
    /// marks are both outside [lowMark, highMark]: `_isLive` for each, in one pass. Runs once per
    /// election at most, over every candidate, so it reads the `Liveness` slots directly: the
    /// mapping slot is keccak256(operator . liveness.slot), lastMark the low 32 bits, previousMark
    /// the next 32 (Solidity packs struct members from the low-order end).
    function _dropOffline(
        address[] memory operators,
        uint256[] memory stakes,
        uint256 lowMark,
        uint256 highMark
    ) private view {
        mapping(address operator => Liveness) storage liveness = _election().liveness;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let n := mload(stakes)
            let livenessSlot := liveness.slot
            for {
                let i := 0
            } lt(i, n) {
                i := add(i, 1)
            } {
                let stakeAt := add(add(stakes, 0x20), shl(5, i))
                if mload(stakeAt) {
                    mstore(0x00, mload(add(add(operators, 0x20), shl(5, i)))) // masked to 160 bits by _compact
                    mstore(0x20, livenessSlot)
                    let word := sload(keccak256(0x00, 0x40))
                    let last := and(word, 0xffffffff)
                    let previous := and(shr(32, word), 0xffffffff)
                    let live := or(
                        and(iszero(lt(last, lowMark)), iszero(gt(last, highMark))),
                        and(iszero(lt(previous, lowMark)), iszero(gt(previous, highMark)))
                    )
                    if iszero(live) {
                        mstore(stakeAt, 0)
                    }
                }
            }
        }
    }

    /// @dev Whether `operator` has a heartbeat mark in [lowMark, highMark].
    function _isLive(address operator, uint256 lowMark, uint256 highMark) private view returns (bool) {
        ElectionLayout storage $ = _election();
        Liveness storage liveness = $.liveness[operator];
        uint256 last = liveness.lastMark;
        uint256 previous = liveness.previousMark; // same slot, warm
        return (last >= lowMark && last <= highMark) || (previous >= lowMark && previous <= highMark);
    }

    /// @dev Shuffles the chosen candidates and makes them the active set.
    function _install(
        uint256 round,
        uint32 newSetId,
        bytes32 electionSeed,
        uint256[] memory chosen,
        address[] memory operators,
        address[] memory signers,
        uint256 skippedOffline
    ) private {
        ElectionLayout storage $ = _election();
        Shuffle.shuffle(chosen, keccak256(abi.encode(electionSeed, SHUFFLE_DOMAIN)));
        uint256 count = chosen.length;
        address[] memory newOperators = new address[](count);
        address[] memory newSigners = new address[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 index = chosen[i];
            address operator = operators[index];
            address signer = signers[index];
            Seat storage seat = $.seats[operator];
            if (seat.seatedSetId == newSetId) revert DuplicateCandidate(operator);
            seat.seatedSetId = newSetId;
            for (uint256 j = 0; j < i; ++j) {
                if (newSigners[j] == signer) revert DuplicateSigner(signer);
            }
            newOperators[i] = operator;
            newSigners[i] = signer;
        }
        $.activeOperators = newOperators;
        address signersCode = CodeStorage.write(ElectionLogic.packAddresses(newSigners));
        $.activeSignersCode = signersCode;
        // Besu reads the set in the parent block's state: it governs from the next block.
        $.setRecords[newSetId] = SetRecord(
            uint64(block.number + 1),
            signersCode,
            keccak256(abi.encodePacked(newOperators))
        );
        $.state.electedRound = round.toUint32();
        $.state.activeSetId = newSetId;
        emit ValidatorsElected(round, newSetId, newOperators, newSigners, operators.length, skippedOffline);
    }

    /// @inheritdoc IValidatorElection
    function heartbeat() external override {
        ElectionLayout storage $ = _election();
        address operator = registry.operatorOfSigner(msg.sender);
        if (operator == address(0)) {
            if (!registry.isCandidate(msg.sender)) revert NotACandidate(msg.sender);
            operator = msg.sender;
        }
        (uint256 round, , ) = _currentRound();
        uint32 mark = (round + 1).toUint32();
        Liveness memory liveness = $.liveness[operator];
        if (liveness.lastMark != mark) {
            $.liveness[operator] = Liveness({lastMark: mark, previousMark: liveness.lastMark});
        }
        emit Heartbeat(operator, msg.sender, round);
    }

    /// @inheritdoc IValidatorElection
    function commit(bytes32 commitment) external override {
        BeaconLogic.commit(_election(), registry, commitment);
    }

    /// @inheritdoc IValidatorElection
    function reveal(bytes32 secret) external override {
        BeaconLogic.reveal(_election(), registry, secret);
    }

    /// @inheritdoc IValidatorElection
    function claim() external override nonReentrant returns (uint256 nativeWei, uint256 tokenWei) {
        ElectionLayout storage $ = _election();
        RewardBalance memory balance = $.rewards[msg.sender];
        nativeWei = balance.nativeWei;
        tokenWei = balance.tokenWei;
        if (nativeWei == 0 && tokenWei == 0) revert NothingToClaim(msg.sender);
        delete $.rewards[msg.sender];
        $.ledger.nativeAccountedWei -= nativeWei;
        $.ledger.tokenAccountedWei -= tokenWei;
        emit Claimed(msg.sender, nativeWei, tokenWei);
        if (tokenWei != 0) rewardToken.safeTransfer(msg.sender, tokenWei);
        if (nativeWei != 0) _sendNative(msg.sender, nativeWei);
    }

    /// @inheritdoc IValidatorElection
    function releaseTreasuryFees() external override nonReentrant returns (uint256 amountWei) {
        ElectionLayout storage $ = _election();
        _recogniseFees();
        amountWei = $.ledger.treasuryOwedWei;
        if (amountWei == 0) revert NothingToRelease();
        $.ledger.treasuryOwedWei = 0;
        $.ledger.nativeAccountedWei -= amountWei;
        address to = $.treasury;
        emit TreasuryFeesReleased(to, amountWei);
        _sendNative(to, amountWei);
    }

    // ================================================================ parameters

    /// @inheritdoc IValidatorElection
    function setValidatorCount(uint256 count) external override onlyRole(PARAMETER_ROLE) {
        ElectionSetup.setValidatorCount(_election(), count);
    }

    /// @inheritdoc IValidatorElection
    function setRoundLength(uint256 lengthBlocks) external override onlyRole(PARAMETER_ROLE) {
        ElectionSetup.setRoundLength(_election(), lengthBlocks);
        _publishRoundGrid();
    }

    /// @inheritdoc IValidatorElection
    function publishRoundGrid() external override {
        _publishRoundGrid();
    }

    /// @inheritdoc IValidatorElection
    function setFeeShare(uint256 shareWad) external override onlyRole(PARAMETER_ROLE) {
        ElectionLayout storage $ = _election();
        ElectionSetup.checkFeeShare(shareWad);
        _recogniseFees(); // fees that arrived before the change are split at the old share
        emit FeeShareSet($.feeShareWad, shareWad);
        $.feeShareWad = uint64(shareWad); // <= 1e18
    }

    /// @inheritdoc IValidatorElection
    function setTreasury(address newTreasury) external override onlyRole(PARAMETER_ROLE) {
        ElectionSetup.setTreasury(_election(), newTreasury);
    }

    /// @inheritdoc IValidatorElection
    function setMaxCandidates(uint256 cap) external override onlyRole(PARAMETER_ROLE) {
        ElectionSetup.setMaxCandidates(_election(), cap);
    }

    /// @inheritdoc IValidatorElection
    function setNonRevealJailBlocks(uint256 blocks) external override onlyRole(PARAMETER_ROLE) {
        ElectionSetup.setNonRevealJailBlocks(_election(), blocks);
    }

    // ================================================================ views

    /// @inheritdoc IValidatorElection
    /// @dev Besu calls this on every block, so the signers are kept packed (20 bytes each) as the code
    /// of a data contract (`CodeStorage`): one storage read for its address and one EXTCODECOPY for
    /// all of them, instead of a slot per 32 bytes. The ABI encoding of `address[]` is built in place.
    function getValidators() external view override returns (address[] memory) {
        address pointer = _election().activeSignersCode;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // The code is 0x00 followed by the signers; `pointer` always has code (set at initialization).
            let byteLength := sub(extcodesize(pointer), 1)
            let count := div(byteLength, 20)
            // Layout: [0x20][count][count signers], then the packed bytes copied from the code.
            let output := mload(0x40)
            let packed := add(output, shl(5, add(count, 2)))
            extcodecopy(pointer, packed, 1, byteLength)
            mstore(output, 0x20)
            mstore(add(output, 0x20), count)
            for {
                let i := 0
            } lt(i, count) {
                i := add(i, 1)
            } {
                mstore(add(output, shl(5, add(i, 2))), shr(96, mload(add(packed, mul(i, 20)))))
            }
            return(output, shl(5, add(count, 2)))
        }
    }

    /// @inheritdoc IValidatorElection
    function activeSetAt(
        uint256 blockNumber
    )
        external
        view
        override
        returns (uint256 setId, uint256 fromBlock, address signersCode, bytes32 operatorsHash)
    {
        ElectionLayout storage $ = _election();
        // The last set whose fromBlock <= blockNumber (fromBlock grows with the id; sets installed before
        // records existed read as fromBlock 0 and no signers).
        uint256 low = 1;
        uint256 high = $.state.activeSetId;
        while (low < high) {
            uint256 middle = (low + high + 1) / 2;
            if ($.setRecords[middle].fromBlock <= blockNumber) low = middle;
            else high = middle - 1;
        }
        SetRecord memory record = $.setRecords[low];
        return (low, record.fromBlock, record.signersCode, record.operatorsHash);
    }

    /// @inheritdoc IValidatorElection
    function activeValidators() external view override returns (address[] memory) {
        ElectionLayout storage $ = _election();
        return $.activeOperators;
    }

    /// @inheritdoc IValidatorElection
    function currentRound() external view override returns (uint256 round) {
        (round, , ) = _currentRound();
    }

    /// @inheritdoc IValidatorElection
    function roundLength() external view override returns (uint256 lengthBlocks) {
        (, , lengthBlocks) = _currentRound();
    }

    /// @inheritdoc IValidatorElection
    function validatorCount() external view override returns (uint256) {
        ElectionLayout storage $ = _election();
        return $.state.validatorCount;
    }

    /// @inheritdoc IValidatorElection
    function roundInfo()
        external
        view
        override
        returns (uint256 round, uint256 startBlock, uint256 lengthBlocks, uint256 revealStartBlock)
    {
        (round, startBlock, lengthBlocks) = _currentRound();
        revealStartBlock = startBlock + lengthBlocks / 2;
    }

    /// @inheritdoc IValidatorElection
    function pendingRoundLength() external view override returns (uint256 lengthBlocks, uint256 fromRound) {
        ElectionLayout storage $ = _election();
        RoundSchedule memory schedule = $.schedule;
        (uint256 round, , ) = _currentRound();
        if (schedule.nextLengthBlocks != 0 && schedule.nextFromRound > round) {
            return (schedule.nextLengthBlocks, schedule.nextFromRound);
        }
        return (0, 0);
    }

    /// @inheritdoc IValidatorElection
    function electedRound() external view override returns (uint256) {
        ElectionLayout storage $ = _election();
        return $.state.electedRound;
    }

    /// @inheritdoc IValidatorElection
    function nextElectionBlock() external view override returns (uint256) {
        ElectionLayout storage $ = _election();
        (uint256 round, uint256 startBlock, uint256 lengthBlocks) = _currentRound();
        return round > $.state.electedRound ? startBlock : startBlock + lengthBlocks;
    }

    /// @inheritdoc IValidatorElection
    function activeSetId() external view override returns (uint256) {
        ElectionLayout storage $ = _election();
        return $.state.activeSetId;
    }

    /// @inheritdoc IValidatorElection
    function seed() external view override returns (bytes32) {
        ElectionLayout storage $ = _election();
        return $.seed;
    }

    /// @inheritdoc IValidatorElection
    function revealMix() external view override returns (bytes32) {
        ElectionLayout storage $ = _election();
        return $.revealMix;
    }

    /// @inheritdoc IValidatorElection
    function isActiveValidator(address operator) external view override returns (bool) {
        ElectionLayout storage $ = _election();
        return $.seats[operator].seatedSetId == $.state.activeSetId;
    }

    /// @inheritdoc IValidatorElection
    function heartbeatOf(
        address operator
    ) external view override returns (bool ever, uint256 last, bool hasPrevious, uint256 previous) {
        ElectionLayout storage $ = _election();
        Liveness memory liveness = $.liveness[operator];
        ever = liveness.lastMark != 0;
        last = ever ? liveness.lastMark - 1 : 0;
        hasPrevious = liveness.previousMark != 0;
        previous = hasPrevious ? liveness.previousMark - 1 : 0;
    }

    /// @inheritdoc IValidatorElection
    function commitmentOf(
        address operator
    ) external view override returns (bool ever, uint256 round, bytes20 commitment) {
        ElectionLayout storage $ = _election();
        Seat memory seat = $.seats[operator];
        ever = seat.commitRoundMark != 0;
        round = ever ? seat.commitRoundMark - 1 : 0;
        commitment = seat.commitment;
    }

    /// @inheritdoc IValidatorElection
    function rewardsOf(
        address operator
    ) external view override returns (uint256 nativeWei, uint256 tokenWei) {
        ElectionLayout storage $ = _election();
        RewardBalance memory balance = $.rewards[operator];
        return (balance.nativeWei, balance.tokenWei);
    }

    /// @inheritdoc IValidatorElection
    function currentPeriodRewards() external view override returns (uint256 nativeWei, uint256 tokenWei) {
        ElectionLayout storage $ = _election();
        uint256 fees = _unrecognisedFees();
        nativeWei = $.ledger.periodNativeWei + Math.mulDiv(fees, $.feeShareWad, WAD);
        uint256 tokenBalance = rewardToken.balanceOf(address(this));
        tokenWei = $.ledger.periodTokenWei + (tokenBalance - $.ledger.tokenAccountedWei);
    }

    /// @inheritdoc IValidatorElection
    function treasuryFeesOwed() external view override returns (uint256 amountWei) {
        ElectionLayout storage $ = _election();
        uint256 fees = _unrecognisedFees();
        return $.ledger.treasuryOwedWei + fees - Math.mulDiv(fees, $.feeShareWad, WAD);
    }

    /// @inheritdoc IValidatorElection
    function unrecognisedFees() external view override returns (uint256 amountWei) {
        return _unrecognisedFees();
    }

    /// @inheritdoc IValidatorElection
    function feeShare() external view override returns (uint256) {
        ElectionLayout storage $ = _election();
        return $.feeShareWad;
    }

    /// @inheritdoc IValidatorElection
    function treasury() external view override returns (address) {
        ElectionLayout storage $ = _election();
        return $.treasury;
    }

    /// @inheritdoc IValidatorElection
    function maxCandidates() external view override returns (uint256) {
        ElectionLayout storage $ = _election();
        return $.state.maxCandidates;
    }

    /// @inheritdoc IValidatorElection
    function nonRevealJailBlocks() external view override returns (uint256) {
        ElectionLayout storage $ = _election();
        return $.state.nonRevealJailBlocks;
    }

    /// @inheritdoc IValidatorElection
    function computeCommitment(
        address operator,
        uint256 round,
        bytes32 secret
    ) external pure override returns (bytes32) {
        return BeaconLogic.commitmentOf(operator, round, secret);
    }

    // ================================================================ internals

    /// @dev Upgrades need `UPGRADER_ROLE`, and the new implementation must name the same registry and token.
    function _authorizeUpgrade(address newImplementation) internal view override onlyRole(UPGRADER_ROLE) {
        ValidatorElection next = ValidatorElection(payable(newImplementation));
        if (next.registry() != registry) revert UpgradeMismatch(newImplementation, "registry");
        if (next.rewardToken() != rewardToken) revert UpgradeMismatch(newImplementation, "rewardToken");
    }

    /// @dev The current round, its first block and its length, from the schedule.
    /// @dev Sends the schedule to the registry in blocks: the scheduled change's first round becomes
    /// its first block.
    function _publishRoundGrid() private {
        ElectionStorage.RoundSchedule memory schedule = _election().schedule;
        uint256 nextFromBlock = schedule.nextLengthBlocks == 0
            ? 0
            : uint256(schedule.anchorBlock) +
                uint256(schedule.nextFromRound - schedule.anchorRound) *
                schedule.lengthBlocks;
        registry.setRoundGrid(
            schedule.anchorBlock,
            schedule.lengthBlocks,
            nextFromBlock,
            schedule.nextLengthBlocks
        );
    }

    function _currentRound() private view returns (uint256 round, uint256 startBlock, uint256 lengthBlocks) {
        return ElectionLogic.currentRound(_election());
    }

    /// @dev The candidates the election draws from, read once from the registry and compacted in
    /// place: non-zero stake, and at most `cap` of them, the largest stakes (ties: the registry's
    /// order). A candidate with a zero signer (one that left the pool's list after the round started)
    /// stays in the draw under operator 0, which is never live: set aside if drawn, so that its
    /// departure changes no other candidate's chances. Liveness is checked later, for drawn ones only.
    function _candidatePool(
        uint256 cap
    ) private view returns (address[] memory operators, address[] memory signers, uint256[] memory stakes) {
        (operators, signers, stakes) = _readCandidates();
        uint256 n = operators.length;
        if (signers.length != n || stakes.length != n)
            revert RegistryLengthMismatch(n, signers.length, stakes.length);

        uint256 threshold = 0;
        uint256 quotaAtThreshold = 0;
        if (n > cap) (threshold, quotaAtThreshold) = WeightedSampling.topThreshold(stakes, cap);
        _compact(operators, signers, stakes, threshold, quotaAtThreshold);
    }

    /// @dev Keeps, in place and in order, the candidates with a non-zero stake that are above
    /// `threshold`, or at it among the first `quotaAtThreshold` there; masks addresses to 160 bits,
    /// and zeroes the operator of a candidate with a zero signer (never live: set aside if drawn).
    function _compact(
        address[] memory operators,
        address[] memory signers,
        uint256[] memory stakes,
        uint256 threshold,
        uint256 quotaAtThreshold
    ) private pure {
        uint256 n = operators.length;
        // The hot loop of an election (once per candidate), compacting in place without bounds
        // checks: `kept <= i < n` for arrays of length n.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let operatorAt := add(operators, 0x20)
            let signerAt := add(signers, 0x20)
            let stakeAt := add(stakes, 0x20)
            let kept := 0
            for {
                let i := 0
            } lt(i, n) {
                i := add(i, 1)
            } {
                let offset := shl(5, i)
                let stake := mload(add(stakeAt, offset))
                let signer := shr(96, shl(96, mload(add(signerAt, offset))))
                // Zero stake, or below the cap's threshold (0 without a cap): skip.
                if iszero(or(iszero(stake), lt(stake, threshold))) {
                    let take := 1
                    if eq(stake, threshold) {
                        // At the threshold: the first quotaAtThreshold in registry order.
                        switch quotaAtThreshold
                        case 0 {
                            take := 0
                        }
                        default {
                            quotaAtThreshold := sub(quotaAtThreshold, 1)
                        }
                    }
                    if take {
                        let to := shl(5, kept)
                        let operator := shr(96, shl(96, mload(add(operatorAt, offset))))
                        mstore(add(operatorAt, to), mul(operator, iszero(iszero(signer))))
                        mstore(add(signerAt, to), signer)
                        mstore(add(stakeAt, to), stake)
                        kept := add(kept, 1)
                    }
                }
            }
            mstore(operators, kept)
            mstore(signers, kept)
            mstore(stakes, kept)
        }
    }

    /// @dev Calls `registry.electableCandidates()` and uses the returned arrays where they lie in
    /// the copied return data, instead of decoding them into new arrays (a third of the election's
    /// own per-candidate cost). The layout must be the canonical ABI encoding of
    /// `(address[], address[], uint256[])`, which every Solidity encoder produces; the compaction
    /// loop masks the addresses to 160 bits.
    function _readCandidates()
        private
        view
        returns (address[] memory operators, address[] memory signers, uint256[] memory stakes)
    {
        address target = address(registry);
        bytes4 selector = IValidatorRegistry.electableCandidates.selector;
        uint256 size;
        bool canonical;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, selector)
            if iszero(staticcall(gas(), target, 0x00, 0x04, 0x00, 0x00)) {
                let reason := mload(0x40)
                returndatacopy(reason, 0, returndatasize())
                revert(reason, returndatasize())
            }
            size := returndatasize()
            let buffer := mload(0x40)
            returndatacopy(buffer, 0, size)
            mstore(0x40, add(buffer, and(add(size, 0x1f), not(0x1f))))
            // Head: offsets 0x60, o1, o2; then [n0, n0 items], [n1, n1 items], [n2, n2 items], nothing after.
            // Each length is checked below size / 32 before it is multiplied, and each offset is read
            // only once it is known to lie inside the buffer.
            let words := shr(5, size)
            if and(gt(size, 0xbf), eq(mload(buffer), 0x60)) {
                let n0 := mload(add(buffer, 0x60))
                if lt(n0, words) {
                    let o1 := add(0x80, shl(5, n0))
                    if and(eq(mload(add(buffer, 0x20)), o1), lt(add(o1, 0x1f), size)) {
                        let n1 := mload(add(buffer, o1))
                        if lt(n1, words) {
                            let o2 := add(add(o1, 0x20), shl(5, n1))
                            if and(eq(mload(add(buffer, 0x40)), o2), lt(add(o2, 0x1f), size)) {
                                let n2 := mload(add(buffer, o2))
                                if and(lt(n2, words), eq(size, add(add(o2, 0x20), shl(5, n2)))) {
                                    canonical := 1
                                    operators := add(buffer, 0x60)
                                    signers := add(buffer, o1)
                                    stakes := add(buffer, o2)
                                }
                            }
                        }
                    }
                }
            }
        }
        if (!canonical) revert MalformedCandidateList(size);
    }

    /// @dev Recognises native balance above the ledger as fees and splits it.
    function _recogniseFees() private {
        ElectionLayout storage $ = _election();
        uint256 balance = address(this).balance;
        uint256 accounted = $.ledger.nativeAccountedWei;
        if (balance <= accounted) return;
        uint256 amountWei = balance - accounted;
        uint256 activeSetShareWei = Math.mulDiv(amountWei, $.feeShareWad, WAD);
        $.ledger.nativeAccountedWei = balance;
        $.ledger.periodNativeWei += activeSetShareWei;
        $.ledger.treasuryOwedWei += amountWei - activeSetShareWei;
        emit FeesRecognised(amountWei, activeSetShareWei, amountWei - activeSetShareWei);
    }

    /// @dev Collects the pool's `delta` share and recognises every ETM above the ledger.
    function _collectValidatorRewards() private {
        ElectionLayout storage $ = _election();
        // What arrived is measured by the ledger below, not taken from the return value.
        // solhint-disable-next-line no-empty-blocks
        try registry.collectValidatorRewards() returns (uint256) {} catch {
            emit ValidatorRewardsCollectFailed();
        }
        uint256 balance = rewardToken.balanceOf(address(this));
        uint256 accounted = $.ledger.tokenAccountedWei;
        if (balance <= accounted) return;
        uint256 amountWei = balance - accounted;
        $.ledger.tokenAccountedWei = balance;
        $.ledger.periodTokenWei += amountWei;
        emit ValidatorRewardsReceived(amountWei);
    }

    /// @dev Jails a non-revealer; a genesis seat (signer address) is resolved to its registered
    /// operator if it has one. A failure in the pool is reported and does not stop the election.
    function _jailNonRevealer(uint256 round, address operator, uint256 untilBlock) private {
        address target = operator;
        if (!registry.isCandidate(operator)) {
            address registered = registry.operatorOfSigner(operator);
            if (registered != address(0)) target = registered;
        }
        try registry.jail(target, untilBlock) {
            emit NonRevealerJailed(round, target, untilBlock);
        } catch {
            emit JailFailed(round, target, untilBlock);
        }
    }

    function _sendNative(address to, uint256 amountWei) private {
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = to.call{value: amountWei}("");
        if (!ok) revert NativeTransferFailed(to, amountWei);
    }

    function _unrecognisedFees() private view returns (uint256) {
        ElectionLayout storage $ = _election();
        uint256 balance = address(this).balance;
        uint256 accounted = $.ledger.nativeAccountedWei;
        return balance > accounted ? balance - accounted : 0;
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IValidatorElection} from "../interfaces/IValidatorElection.sol";
import {IValidatorRegistry} from "../interfaces/IValidatorRegistry.sol";

/* solhint-disable gas-indexed-events */

/// @title MockValidatorRegistry
/// @notice Stands in for the staking pool in election tests and the election benchmark: settable
/// candidates, stakes, signers and jails; holds ETM to hand out as the `delta` share. Anyone may
/// change it (test scaffolding); `jail` and `collectValidatorRewards` are restricted to the
/// election, as the real pool restricts them to its jailer and collector roles.
/// @dev Laid out like a lean pool so that benchmark figures are realistic: `electableCandidates()`
/// reads two slots per candidate (the entry with its jail, and signer + stake).
contract MockValidatorRegistry is IValidatorRegistry {
    using SafeERC20 for IERC20;

    struct Entry {
        address operator;
        uint64 jailedUntilBlock; // jailed while block.number < jailedUntilBlock
    }

    struct Candidate {
        address signer;
        uint96 bondedStakeWei;
    }

    error NotElection(address caller);
    error AlreadyRegistered(address operator);
    error NotRegistered(address operator);
    error SignerInUse(address signer);
    error LengthMismatch();
    error Forced(string what);

    event Jailed(address indexed operator, uint256 untilBlock);
    event Collected(uint256 amountWei);

    IERC20 public immutable token;
    address public election;
    bool public jailReverts;
    bool public collectReverts;
    /// @notice 0: consistent arrays; 1: one signer too many; 2: one stake too many (a broken pool).
    uint8 public mismatchedArrays;
    /// @notice Whether `collectValidatorRewards` calls back into `elect()` (a re-entrancy probe).
    bool public reenterOnCollect;
    /// @notice What the re-entrant `elect()` call reverted with.
    bytes public reentryError;
    uint256 public malformedWords;
    /// @notice Every `jail` call the election made, in order.
    address[] public jailCalls;
    /// @notice The last round grid the election published (anchor, length, next from, next length).
    uint256[4] public roundGrid;
    /// @notice How many times the election published its round grid.
    uint256 public roundGridCount;

    Entry[] private _entries;
    mapping(address operator => uint256) private _indexPlusOne;
    mapping(address operator => Candidate) private _candidates;
    mapping(address signer => address) private _operatorOfSigner;
    uint256 private _rewardsOwedWei;

    constructor(IERC20 token_) {
        token = token_;
    }

    // ------------------------------------------------------------ test controls

    function setElection(address election_) external {
        election = election_;
    }

    function setFailures(bool jail_, bool collect_, uint8 mismatchedArrays_) external {
        jailReverts = jail_;
        collectReverts = collect_;
        mismatchedArrays = mismatchedArrays_;
    }

    function setReenterOnCollect(bool reenter) external {
        reenterOnCollect = reenter;
    }

    /// @notice Makes `electableCandidates()` answer `words` zero words instead of its encoding
    /// (0 restores it), or revert when `words` is type(uint256).max.
    function setMalformedAnswer(uint256 words) external {
        malformedWords = words;
    }

    function addCandidate(address operator, address signer, uint256 bondedStakeWei) public {
        if (_indexPlusOne[operator] != 0) revert AlreadyRegistered(operator);
        if (signer != address(0) && _operatorOfSigner[signer] != address(0)) revert SignerInUse(signer);
        _entries.push(Entry({operator: operator, jailedUntilBlock: 0}));
        _indexPlusOne[operator] = _entries.length;
        _candidates[operator] = Candidate({signer: signer, bondedStakeWei: uint96(bondedStakeWei)});
        if (signer != address(0)) _operatorOfSigner[signer] = operator;
    }

    function addCandidates(
        address[] calldata operators,
        address[] calldata signers,
        uint256[] calldata stakes
    ) external {
        if (operators.length != signers.length || operators.length != stakes.length) revert LengthMismatch();
        for (uint256 i = 0; i < operators.length; ++i) addCandidate(operators[i], signers[i], stakes[i]);
    }

    /// @notice Pushes `operator` once more without any check (a broken pool, for the election's guards).
    function pushRawEntry(address operator) external {
        _entries.push(Entry({operator: operator, jailedUntilBlock: 0}));
    }

    /// @notice Deregisters `operator` (swap-and-pop, so the order changes).
    function removeCandidate(address operator) external {
        uint256 indexPlusOne = _indexPlusOne[operator];
        if (indexPlusOne == 0) revert NotRegistered(operator);
        Entry memory last = _entries[_entries.length - 1];
        _entries[indexPlusOne - 1] = last;
        _indexPlusOne[last.operator] = indexPlusOne;
        _entries.pop();
        delete _indexPlusOne[operator];
        address signer = _candidates[operator].signer;
        if (_operatorOfSigner[signer] == operator) delete _operatorOfSigner[signer];
        delete _candidates[operator];
    }

    function setStake(address operator, uint256 bondedStakeWei) external {
        if (_indexPlusOne[operator] == 0) revert NotRegistered(operator);
        _candidates[operator].bondedStakeWei = uint96(bondedStakeWei);
    }

    /// @notice Sets a signer without checks (zero or shared signers model a broken pool).
    function setSigner(address operator, address signer) external {
        if (_indexPlusOne[operator] == 0) revert NotRegistered(operator);
        address previous = _candidates[operator].signer;
        if (_operatorOfSigner[previous] == operator) delete _operatorOfSigner[previous];
        _candidates[operator].signer = signer;
        if (signer != address(0)) _operatorOfSigner[signer] = operator;
    }

    /// @notice Jails (or, with a past block, unjails) `operator` directly, as slashing would.
    function setJailedUntil(address operator, uint256 untilBlock) external {
        uint256 indexPlusOne = _indexPlusOne[operator];
        if (indexPlusOne == 0) revert NotRegistered(operator);
        _entries[indexPlusOne - 1].jailedUntilBlock = uint64(untilBlock);
    }

    /// @notice Takes `amountWei` ETM from the caller as `delta` share owed to the active set.
    function fundValidatorRewards(uint256 amountWei) external {
        token.safeTransferFrom(msg.sender, address(this), amountWei);
        _rewardsOwedWei += amountWei;
    }

    function candidateCount() external view returns (uint256) {
        return _entries.length;
    }

    function jailCallCount() external view returns (uint256) {
        return jailCalls.length;
    }

    function jailedUntil(address operator) external view returns (uint256) {
        uint256 indexPlusOne = _indexPlusOne[operator];
        return indexPlusOne == 0 ? 0 : _entries[indexPlusOne - 1].jailedUntilBlock;
    }

    function stakeOf(address operator) external view returns (uint256) {
        return _candidates[operator].bondedStakeWei;
    }

    // ------------------------------------------------------------ IValidatorRegistry

    /// @inheritdoc IValidatorRegistry
    function electableCandidates()
        external
        view
        override
        returns (address[] memory operators, address[] memory signers, uint256[] memory bondedStakeWei)
    {
        uint256 words = malformedWords;
        if (words == type(uint256).max) revert Forced("electableCandidates");
        if (words != 0) {
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                let answer := mload(0x40)
                calldatacopy(answer, calldatasize(), shl(5, words)) // zeros
                return(answer, shl(5, words))
            }
        }
        uint256 n = _entries.length;
        operators = new address[](n);
        uint8 mismatch = mismatchedArrays;
        signers = new address[](mismatch == 1 ? n + 1 : n);
        bondedStakeWei = new uint256[](mismatch == 2 ? n + 1 : n);
        uint256 count = 0;
        for (uint256 i = 0; i < n; ++i) {
            Entry memory entry = _entries[i];
            if (block.number < entry.jailedUntilBlock) continue;
            Candidate memory candidate = _candidates[entry.operator];
            if (candidate.bondedStakeWei == 0) continue;
            operators[count] = entry.operator;
            signers[count] = candidate.signer;
            bondedStakeWei[count] = candidate.bondedStakeWei;
            ++count;
        }
        uint256 signerCount = mismatch == 1 ? count + 1 : count;
        uint256 stakeCount = mismatch == 2 ? count + 1 : count;
        // Shorten the arrays to the candidates kept.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(operators, count)
            mstore(signers, signerCount)
            mstore(bondedStakeWei, stakeCount)
        }
    }

    /// @inheritdoc IValidatorRegistry
    function isCandidate(address operator) external view override returns (bool) {
        return _indexPlusOne[operator] != 0;
    }

    /// @inheritdoc IValidatorRegistry
    function isJailed(address operator) external view override returns (bool) {
        uint256 indexPlusOne = _indexPlusOne[operator];
        return indexPlusOne != 0 && block.number < _entries[indexPlusOne - 1].jailedUntilBlock;
    }

    /// @inheritdoc IValidatorRegistry
    function signerOf(address operator) external view override returns (address) {
        return _candidates[operator].signer;
    }

    /// @inheritdoc IValidatorRegistry
    function operatorOfSigner(address signer) external view override returns (address) {
        return _operatorOfSigner[signer];
    }

    /// @inheritdoc IValidatorRegistry
    function jail(address operator, uint256 untilBlock) external override {
        if (msg.sender != election) revert NotElection(msg.sender);
        if (jailReverts) revert Forced("jail");
        uint256 indexPlusOne = _indexPlusOne[operator];
        if (indexPlusOne == 0) revert NotRegistered(operator);
        jailCalls.push(operator);
        Entry storage entry = _entries[indexPlusOne - 1];
        if (untilBlock > entry.jailedUntilBlock) entry.jailedUntilBlock = uint64(untilBlock); // never shortens
        emit Jailed(operator, untilBlock);
    }

    /// @inheritdoc IValidatorRegistry
    function validatorRewardsOwed() external view override returns (uint256) {
        return _rewardsOwedWei;
    }

    /// @inheritdoc IValidatorRegistry
    /// @notice Records the grid (the mock reads stake at call time: it keeps no checkpoints).
    function setRoundGrid(
        uint256 anchorBlock,
        uint256 lengthBlocks,
        uint256 nextFromBlock,
        uint256 nextLengthBlocks
    ) external override {
        if (msg.sender != election) revert NotElection(msg.sender);
        roundGrid = [anchorBlock, lengthBlocks, nextFromBlock, nextLengthBlocks];
        ++roundGridCount;
    }

    function collectValidatorRewards() external override returns (uint256 amountWei) {
        if (msg.sender != election) revert NotElection(msg.sender);
        if (collectReverts) revert Forced("collect");
        if (reenterOnCollect) {
            try IValidatorElection(election).elect() {
                reentryError = "";
            } catch (bytes memory reason) {
                reentryError = reason;
            }
        }
        amountWei = _rewardsOwedWei;
        _rewardsOwedWei = 0;
        if (amountWei != 0) token.safeTransfer(msg.sender, amountWei);
        emit Collected(amountWei);
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ElectionStorage
/// @notice The election's one storage layout, in an ERC-7201 namespace (see `PoolStorage` for the
/// pool's). `ValidatorElection` and its setup library `ElectionSetup` read and write it.
/// @dev Append new fields at the end of `ElectionStorage` only; never reorder, retype or remove one
/// (OpenZeppelin's upgrades tooling checks this in test/upgrades).
abstract contract ElectionStorage {
    /// @dev Round numbering, one slot. Round `anchorRound` starts at block `anchorBlock`; rounds last
    /// `lengthBlocks` until `nextFromRound`, from which they last `nextLengthBlocks` (if non-zero).
    struct RoundSchedule {
        uint64 anchorBlock; // block number
        uint32 anchorRound; // round number
        uint32 lengthBlocks; // blocks per round
        uint32 nextLengthBlocks; // blocks per round from nextFromRound on; 0 = no change scheduled
        uint32 nextFromRound; // round number
    }

    /// @dev Election state and the parameters `elect()` reads, one slot.
    struct ElectionState {
        uint32 electedRound; // round whose election installed or confirmed the active set (0 = genesis)
        uint32 activeSetId; // id of the active set: 1 for the genesis set, +1 per installed set
        uint16 validatorCount; // seats per election
        uint32 maxCandidates; // candidates considered per election
        uint32 nonRevealJailBlocks; // blocks
    }

    /// @dev Per operator, one slot: its last two distinct heartbeat rounds, each stored as round + 1
    /// (0 = none), so a heartbeat sent early in a round does not hide the one of the round before.
    struct Liveness {
        uint32 lastMark; // round + 1 of the last heartbeat
        uint32 previousMark; // round + 1 of the heartbeat before it
    }

    /// @dev Per operator, one slot: membership of the active set and beacon state.
    struct Seat {
        uint32 seatedSetId; // last set that seated the operator; a member iff == activeSetId
        uint32 commitRoundMark; // round + 1 of the last commitment (0 = none)
        bytes20 commitment; // first 20 bytes of keccak256(abi.encode(operator, round, secret)); 0 once revealed
    }

    /// @dev The native and ETM ledgers. Fees are the native balance above `nativeAccountedWei`; the
    /// contract never decides what it owes from its balance.
    struct Ledger {
        uint256 nativeAccountedWei; // recognised and not paid out: treasury owed + period pool + rewards credited
        uint256 tokenAccountedWei; // same for ETM: period pool + rewards credited
        uint256 treasuryOwedWei; // native, owed to the treasury
        uint256 periodNativeWei; // native, gathered for the active set this period (+ carried remainder)
        uint256 periodTokenWei; // ETM, gathered for the active set this period (+ carried remainder)
    }

    /// @dev Per operator, one slot: rewards credited and not claimed.
    struct RewardBalance {
        uint128 nativeWei; // fees, native coin
        uint128 tokenWei; // delta share, ETM
    }

    /// @dev An installed active set, kept for double-sign evidence: the block from which Besu reads it
    /// (`getValidators()` is read in the parent block's state, so a set installed in block E governs
    /// from E + 1), its signers (the data contract `getValidators()` read then) and the hash of its
    /// operators in the same order (`keccak256(abi.encodePacked(operators))`). Two slots.
    struct SetRecord {
        uint64 fromBlock;
        address signersCode;
        bytes32 operatorsHash;
    }

    /// @dev Everything the election stores.
    /// @custom:storage-location erc7201:etm.storage.ValidatorElection
    struct ElectionLayout {
        RoundSchedule schedule;
        ElectionState state;
        address treasury;
        uint64 feeShareWad; // packed with treasury
        bytes32 seed;
        bytes32 revealMix;
        // Signers of the active set, 20 bytes each, in proposer order, kept as the code of a data
        // contract (CodeStorage): `getValidators()` copies them with one EXTCODECOPY.
        address activeSignersCode;
        address[] activeOperators; // operators of the active set, same order
        mapping(address operator => Liveness) liveness;
        mapping(address operator => Seat) seats;
        mapping(address operator => RewardBalance) rewards;
        Ledger ledger;
        // Appended (double-sign evidence): every active set installed since, by id.
        mapping(uint256 setId => SetRecord) setRecords;
    }

    /// @dev keccak256(abi.encode(uint256(keccak256("etm.storage.ValidatorElection")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 internal constant ELECTION_STORAGE_LOCATION =
        0xa9072afc689c41e665ec8227e51e37c0a75f749b592e86357cb1abc1e24f6e00;

    /// @dev The election's storage.
    function _election() internal pure returns (ElectionLayout storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := ELECTION_STORAGE_LOCATION
        }
    }
}

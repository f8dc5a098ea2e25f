// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title TestPool: the chain oracle's own pool contract for tests against a local EVM.
/// @notice Speaks both pool shapes the oracle reads: a Superfluid GDA pool (getUnits, getTotalUnits)
/// and Pura's BackpressurePool (getMemberUnits(bytes32 taskTypeId, address sink)). A switch makes
/// every read revert, for the fault tests. Not a production contract: anybody may set units.
contract TestPool {
    mapping(address => uint128) private gdaUnits;
    uint128 private gdaTotal;
    mapping(bytes32 => mapping(address => uint128)) private taskUnits;
    bool public reverting;

    event MemberUnitsUpdated(address indexed member, uint128 oldUnits, uint128 newUnits);
    event TaskUnitsUpdated(bytes32 indexed taskTypeId, address indexed sink, uint128 units);

    error ReadsDisabled();

    modifier readable() {
        if (reverting) {
            revert ReadsDisabled();
        }
        _;
    }

    /// GDA: sets a member's units and keeps the total in step.
    function updateMemberUnits(address member, uint128 newUnits) external returns (bool) {
        uint128 old = gdaUnits[member];
        gdaTotal = gdaTotal - old + newUnits;
        gdaUnits[member] = newUnits;
        emit MemberUnitsUpdated(member, old, newUnits);
        return true;
    }

    /// GDA: a member's units.
    function getUnits(address member) external view readable returns (uint128) {
        return gdaUnits[member];
    }

    /// GDA: the sum of every member's units.
    function getTotalUnits() external view readable returns (uint128) {
        return gdaTotal;
    }

    /// BackpressurePool: sets a sink's units for one task type.
    function setMemberUnits(bytes32 taskTypeId, address sink, uint128 units) external {
        taskUnits[taskTypeId][sink] = units;
        emit TaskUnitsUpdated(taskTypeId, sink, units);
    }

    /// BackpressurePool: a sink's units for one task type.
    function getMemberUnits(bytes32 taskTypeId, address sink) external view readable returns (uint128) {
        return taskUnits[taskTypeId][sink];
    }

    /// Fault injection: while on, every read above reverts with ReadsDisabled().
    function setReverting(bool on) external {
        reverting = on;
    }

    /// Always reverts, with a reason string.
    function alwaysReverts() external pure returns (uint128) {
        revert("TestPool: always reverts");
    }
}

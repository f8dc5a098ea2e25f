package xyz.pura.ledger.internal;

import xyz.pura.events.LedgerEntry;
import xyz.pura.events.SpendView;

/** What one change of an account emits: a ledger entry (null for a budget change) and the new view. */
public record AccountUpdate(LedgerEntry entry, SpendView view) {
}

package xyz.pura.ledger.internal;

/** One debit as the 24 h report store keeps it, at the debit's event time. */
public record ReportItem(String model, long costNanoUsd) {
}

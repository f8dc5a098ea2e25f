package xyz.pura.lightning.wallet;

/**
 * Admission as the wallet sees it: a settlement this instance learns of is made spendable at once, before it is
 * published, and taken back if publishing fails. Admission ({@code gateway}'s {@code Budgets}) implements it; the
 * wallet knows nothing else of it.
 */
public interface Credits {
    /** Credits a settled invoice to its key; false when it was already credited (de-duplicated by invoice id). */
    boolean credit(String keyId, String invoiceId, long amountMsat);

    /** Takes back a credit whose settlement could not be published. */
    void uncredit(String keyId, String invoiceId);
}

package xyz.pura.events;

/**
 * A key's wallet as the ledger sees it (the read model of {@code GET /api/wallet/balance}).
 *
 * @param balanceMsat credits minus sats debits, millisatoshis; may be below 0 by what requests in flight
 *     overshot when admitted
 * @param creditedMsat all credits of the key, millisatoshis (0: the key was never funded)
 * @param freeRequestsUsed billed requests over all time (the free-tier counter)
 * @param freeRequestsLimit how many billed requests are free ({@code PURA_FREE_REQUESTS})
 * @param freeRequestsLeft {@code max(0, freeRequestsLimit - freeRequestsUsed)}
 * @param ledgerSequence the sequence of the last ledger entry included (0: none)
 */
public record WalletBalance(String keyId, long balanceMsat, long creditedMsat, long freeRequestsUsed,
                            long freeRequestsLimit, long freeRequestsLeft, long ledgerSequence) {

    /** A balance with {@code freeRequestsLeft} derived from the limit and the use. */
    public static WalletBalance of(String keyId, long balanceMsat, long creditedMsat, long freeRequestsUsed,
                                   long freeRequestsLimit, long ledgerSequence) {
        return new WalletBalance(keyId, balanceMsat, creditedMsat, freeRequestsUsed, freeRequestsLimit,
                Math.max(0, freeRequestsLimit - freeRequestsUsed), ledgerSequence);
    }

    /** The balance in whole sats, rounded toward negative infinity (what the API shows). */
    public long balanceSats() {
        return Math.floorDiv(balanceMsat, 1000L);
    }

    /** Whether any invoice of the key was ever credited. */
    public boolean funded() {
        return creditedMsat > 0;
    }
}

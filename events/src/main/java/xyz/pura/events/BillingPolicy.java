package xyz.pura.events;

/**
 * The one billing policy, pure, shared by admission (ingress) and the ledger so they can never disagree: which
 * completions are debited, which billed requests are free, and what a paid one debits in millisats.
 */
public final class BillingPolicy {
    private BillingPolicy() {
    }

    /**
     * Whether the ledger debits a completion: {@code ok} always (a zero-priced answer is still a billed request);
     * {@code client_cancelled} when any tokens were produced or any cost priced (a partial stream is billed for what
     * it used); any other status only when a cost above 0 was priced (a stream that failed after output, or attempts
     * that timed out after the provider was sent the input). A status this version does not know is debited by its
     * cost, like the last case, so a newer writer's completion is never lost nor stops the ledger.
     */
    public static boolean debited(String status, int outputTokens, long costNanoUsd) {
        CompletionStatus s = CompletionStatus.ofWire(status);
        if (s == CompletionStatus.OK) {
            return true;
        }
        if (s == CompletionStatus.CLIENT_CANCELLED) {
            return outputTokens > 0 || costNanoUsd > 0;
        }
        return costNanoUsd > 0;
    }

    /** Whether the key's billed request number {@code position} (1 for its first) is within its free tier. */
    public static boolean free(long position, long freeRequests) {
        return position <= freeRequests;
    }

    /** What billed request number {@code position} debits from the balance: nothing when free, else its cost in msat. */
    public static long debitMsat(long position, long freeRequests, long costNanoUsd, SatsRate rate) {
        return free(position, freeRequests) ? 0 : rate.msatFor(costNanoUsd);
    }
}

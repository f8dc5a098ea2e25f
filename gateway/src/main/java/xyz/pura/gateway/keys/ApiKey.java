package xyz.pura.gateway.keys;

/**
 * A key as the gateway knows it: never the secret, only what the hash resolves to.
 *
 * @param freeRequests how many billed requests of this key are free, or null for the gateway's default
 */
public record ApiKey(String keyId, String secretSha256, String prefix, String label, long dailyBudgetNanoUsd,
                     boolean revoked, Long freeRequests) {

    /** A key with the default free tier. */
    public ApiKey(String keyId, String secretSha256, String prefix, String label, long dailyBudgetNanoUsd, boolean revoked) {
        this(keyId, secretSha256, prefix, label, dailyBudgetNanoUsd, revoked, null);
    }

    /** This key's free requests: its own allowance, else {@code defaultFreeRequests}. */
    public long freeRequestsOr(long defaultFreeRequests) {
        return freeRequests != null ? freeRequests : defaultFreeRequests;
    }
}

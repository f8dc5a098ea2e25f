package xyz.pura.ingress.keys;

/** A key as the gateway knows it: never the secret, only what the hash resolves to. */
public record ApiKey(String keyId, String secretSha256, String prefix, String label, long dailyBudgetNanoUsd,
                     boolean revoked) {
}

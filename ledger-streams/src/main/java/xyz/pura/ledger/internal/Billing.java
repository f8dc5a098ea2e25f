package xyz.pura.ledger.internal;

import xyz.pura.events.RequestCompleted;

/**
 * Which completions are debited. The ledger never reprices: it books {@code costNanoUsd} exactly as the
 * gateway priced it (and as {@code X-Pura-Cost} showed it).
 * <ul>
 *   <li>{@code ok}: always (a zero-priced answer is still a billed request);</li>
 *   <li>{@code client_cancelled}: when any tokens were produced or any cost was priced (a partial stream
 *       is billed for what it used);</li>
 *   <li>{@code upstream_error}, {@code gateway_error}: only when the gateway priced a cost above 0 (an
 *       answer that failed mid-stream after output was delivered); with cost 0, no debit.</li>
 * </ul>
 */
public final class Billing {
    public static final String OK = "ok";
    public static final String CANCELLED = "client_cancelled";
    public static final String UPSTREAM_ERROR = "upstream_error";

    private Billing() {
    }

    public static boolean isDebited(RequestCompleted c) {
        return c.debited();
    }
}

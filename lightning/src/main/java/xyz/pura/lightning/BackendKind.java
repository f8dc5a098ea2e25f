package xyz.pura.lightning;

import java.util.Locale;

/** The Lightning backends, named as {@code PURA_LIGHTNING} names them. */
public enum BackendKind {
    /** Real, signed BOLT11 invoices from a local node key; settled only by an admin call. */
    DEV,
    /** An LND node over its REST API. */
    LND,
    /** An LNbits wallet over its REST API. */
    LNBITS;

    /** The lower-case name used in {@code PURA_LIGHTNING}. */
    public String envName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@code PURA_LIGHTNING} value (case-insensitive, trimmed). */
    public static BackendKind fromEnv(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (BackendKind k : values()) {
            if (k.envName().equals(v)) {
                return k;
            }
        }
        throw new IllegalArgumentException("PURA_LIGHTNING must be dev, lnd or lnbits, not '" + value + "'");
    }
}

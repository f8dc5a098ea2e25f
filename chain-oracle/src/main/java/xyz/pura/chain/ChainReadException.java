package xyz.pura.chain;

/** A failed chain read, classified; the oracle keeps the last good weights on any of them. */
public final class ChainReadException extends Exception {
    /** What went wrong; {@link #transport()} kinds end the current connection (chain id is checked again). */
    public enum Kind {
        /** Connection refused or reset, unknown host: nothing answered. */
        UNREACHABLE(true),
        /** The RPC did not answer within the configured timeout. */
        TIMEOUT(true),
        /** The contract call reverted (or the address has no such function). */
        REVERTED(false),
        /** The node answered with a JSON-RPC error other than a revert. */
        RPC_ERROR(false),
        /** The answer could not be used (empty return data, a value beyond a long, units above the total). */
        BAD_RESPONSE(false);

        private final boolean transport;

        Kind(boolean transport) {
            this.transport = transport;
        }

        public boolean transport() {
            return transport;
        }
    }

    private final Kind kind;

    public ChainReadException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ChainReadException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}

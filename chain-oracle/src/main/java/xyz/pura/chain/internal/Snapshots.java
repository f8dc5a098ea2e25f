package xyz.pura.chain.internal;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.web3j.abi.datatypes.Type;
import xyz.pura.chain.ChainReadException;
import xyz.pura.chain.ChainReadException.Kind;
import xyz.pura.chain.PoolSnapshot;
import xyz.pura.events.ProviderId;

/** Checks decoded values and builds snapshots, turning impossible values into {@link Kind#BAD_RESPONSE}. */
final class Snapshots {
    private Snapshots() {
    }

    /** The one uint output of a call, as a long. */
    @SuppressWarnings("rawtypes")
    static long single(List<Type> outputs, String what) throws ChainReadException {
        if (outputs.size() != 1 || !(outputs.get(0).getValue() instanceof BigInteger value)) {
            throw new ChainReadException(Kind.BAD_RESPONSE, what + " did not return one uint");
        }
        return Rpc.exact(value, what);
    }

    static long add(long total, long units, String pool) throws ChainReadException {
        try {
            return Math.addExact(total, units);
        } catch (ArithmeticException e) {
            throw new ChainReadException(Kind.BAD_RESPONSE, "the units in " + pool + " add up beyond 2^63-1", e);
        }
    }

    static PoolSnapshot of(long block, Map<ProviderId, Long> units, long total, String pool) throws ChainReadException {
        try {
            return new PoolSnapshot(block, units, total);
        } catch (IllegalArgumentException e) {
            throw new ChainReadException(Kind.BAD_RESPONSE, pool + " at block " + block + ": " + e.getMessage(), e);
        }
    }
}

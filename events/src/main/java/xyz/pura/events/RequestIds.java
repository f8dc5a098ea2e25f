package xyz.pura.events;

import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Request ids: {@code req_} and a UUIDv7 in 32 lower-case hex digits. The first 48 bits are the Unix time in
 * milliseconds when the gateway accepted the request, so ids sort by time and every copy of an event carries
 * the time it was first seen: the ledger de-duplicates with a point look-up at that time instead of scanning
 * its whole retention. The other 74 bits are random (from {@link UUID#randomUUID()}).
 */
public final class RequestIds {
    private static final String PREFIX = "req_";
    private static final HexFormat HEX = HexFormat.of();

    private RequestIds() {
    }

    public static String next(long epochMillis) {
        UUID random = UUID.randomUUID();
        long msb = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
        long lsb = random.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return PREFIX + HEX.toHexDigits(msb) + HEX.toHexDigits(lsb);
    }

    /**
     * The acceptance time of a request id made by {@link #next} (also of an event id that starts with one),
     * or empty for any other text (ids of older versions were random UUIDs).
     */
    public static OptionalLong acceptedAtMillis(String id) {
        if (id == null || id.length() < PREFIX.length() + 32 || !id.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        int hex = PREFIX.length();
        for (int i = hex; i < hex + 32; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return OptionalLong.empty();
            }
        }
        if (id.charAt(hex + 12) != '7' || "89ab".indexOf(id.charAt(hex + 16)) < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(HexFormat.fromHexDigitsToLong(id, hex, hex + 12));
    }
}

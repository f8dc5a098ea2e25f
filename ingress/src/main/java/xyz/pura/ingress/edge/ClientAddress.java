package xyz.pura.ingress.edge;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who is calling, for the limits that count per client rather than per key (key creation, the free-tier allowance):
 * the connection's remote address, or, when that address is a trusted proxy ({@code PURA_TRUSTED_PROXIES}), the
 * nearest untrusted address of {@code X-Forwarded-For} (read from the right: everything left of the first untrusted
 * hop was written by the client and proves nothing). An IPv6 client counts per /64, the block one subscriber gets,
 * so rotating through its own 2^64 addresses gains nothing. Never resolves a name: only address literals are read.
 */
public final class ClientAddress {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    /** Hops of X-Forwarded-For read at most: a longer header is a client's invention past the proxies. */
    private static final int MAX_HOPS = 16;
    private static final int MAX_HEADER = 2048;

    private final List<Cidr> trusted;

    private record Cidr(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            return rest == 0 || ((address[full] ^ network[full]) & (0xff << (8 - rest)) & 0xff) == 0;
        }
    }

    private ClientAddress(List<Cidr> trusted) {
        this.trusted = trusted;
    }

    /** Trusts no proxy: the connection's address is the client's. */
    public static ClientAddress direct() {
        return new ClientAddress(List.of());
    }

    /**
     * @param trustedProxies comma-separated addresses or CIDR blocks ({@code 10.0.0.0/8, ::1, fd00::/8}); blank: none
     * @throws IllegalArgumentException naming the entry that is not an address or block
     */
    public static ClientAddress trusting(String trustedProxies) {
        List<Cidr> out = new ArrayList<>();
        if (trustedProxies != null) {
            for (String raw : trustedProxies.split(",")) {
                String entry = raw.strip();
                if (entry.isEmpty()) {
                    continue;
                }
                int slash = entry.indexOf('/');
                byte[] address = literal(slash < 0 ? entry : entry.substring(0, slash));
                if (address == null) {
                    throw new IllegalArgumentException("PURA_TRUSTED_PROXIES: '" + entry + "' is not an IP address or CIDR block");
                }
                int bits = address.length * 8;
                if (slash >= 0) {
                    try {
                        bits = Integer.parseInt(entry.substring(slash + 1));
                    } catch (NumberFormatException e) {
                        bits = -1;
                    }
                    if (bits < 0 || bits > address.length * 8) {
                        throw new IllegalArgumentException("PURA_TRUSTED_PROXIES: '" + entry + "' has an invalid prefix length");
                    }
                }
                out.add(new Cidr(address, bits));
            }
        }
        return new ClientAddress(List.copyOf(out));
    }

    /**
     * The client's group: an IPv4 address, or an IPv6 /64 as {@code 2001:db8:1:2::/64}.
     *
     * @param remote the connection's remote address
     * @param forwardedFor the {@code X-Forwarded-For} header, or null
     */
    public String of(String remote, String forwardedFor) {
        byte[] client = literal(remote);
        if (client == null) {
            return remote == null ? "unknown" : remote;
        }
        if (isTrusted(client) && forwardedFor != null && forwardedFor.length() <= MAX_HEADER) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1, read = 0; i >= 0 && read < MAX_HOPS; i--, read++) {
                byte[] hop = literal(hops[i].strip());
                if (hop == null) {
                    break; // a malformed hop: trust nothing further left
                }
                client = hop;
                if (!isTrusted(hop)) {
                    break;
                }
            }
        }
        return group(client);
    }

    private boolean isTrusted(byte[] address) {
        for (Cidr c : trusted) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    static String group(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        StringBuilder s = new StringBuilder(24);
        for (int i = 0; i < 8; i += 2) {
            s.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
        }
        return s.append(":/64").toString();
    }

    /** The bytes of an address literal (IPv4-mapped IPv6 as IPv4), or null for anything else; never a DNS lookup. */
    static byte[] literal(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        String text = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        boolean v4 = IPV4.matcher(text).matches();
        if (v4) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null; // not a literal: InetAddress would look it up as a name
                }
            }
        } else if (!(text.indexOf(':') >= 0 && IPV6.matcher(text).matches())) {
            return null; // a name, or garbage: InetAddress would look a name up
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            if (address instanceof Inet4Address || address instanceof Inet6Address) {
                return address.getAddress();
            }
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
        return null;
    }
}

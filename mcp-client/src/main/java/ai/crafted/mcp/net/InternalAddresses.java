package ai.crafted.mcp.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Classifies addresses a tenant-supplied URL must never reach. */
public final class InternalAddresses {

    private InternalAddresses() {
    }

    /** Null when the address is public; otherwise a short reason for the error message. */
    public static String reasonRefused(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isAnyLocalAddress()) {
            return "an unspecified address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local or cloud metadata address";
        }
        if (address.isSiteLocalAddress()) {
            return "a private network address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (address instanceof Inet4Address v4) {
            return reasonRefused(v4.getAddress());
        }
        return reasonRefused((Inet6Address) address);
    }

    private static String reasonRefused(byte[] v4) {
        int a = v4[0] & 0xff;
        int b = v4[1] & 0xff;
        if (a == 0 || a == 10 || a == 127) {
            return "a private network address";
        }
        if (a == 100 && b >= 64 && b <= 127) {
            return "a carrier-grade NAT address";
        }
        if (a == 169 && b == 254) {
            return "a link-local or cloud metadata address";
        }
        if (a == 172 && b >= 16 && b <= 31 || a == 192 && b == 168) {
            return "a private network address";
        }
        if (a == 192 && b == 0 && (v4[2] & 0xff) == 0 || a == 198 && (b == 18 || b == 19)) {
            return "a reserved address";
        }
        if (a >= 224) {
            return "a reserved address";
        }
        return null;
    }

    private static String reasonRefused(Inet6Address v6) {
        byte[] bytes = v6.getAddress();
        int first = bytes[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return "a private network address (unique local, including fd00:ec2::254 metadata)";
        }
        if (first == 0xfe && (bytes[1] & 0xc0) == 0xc0) {
            return "a site-local address";
        }
        if (first == 0x20 && (bytes[1] & 0xff) == 0x01 && bytes[2] == 0 && bytes[3] == 0) {
            // Teredo (2001::/32, RFC 4380): a tunnel whose client address (inverted in the last 32 bits) may be anything.
            return "a Teredo tunnelling address";
        }
        // Addresses that embed an IPv4 address: judge the embedded one.
        if (first == 0x20 && (bytes[1] & 0xff) == 0x02) {
            return embedded(bytes, 2, "6to4");
        }
        if (first == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b) {
            return embedded(bytes, 12, "NAT64");
        }
        if (isZero(bytes, 0, 10) && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
            return embedded(bytes, 12, "IPv4-mapped");
        }
        if (isZero(bytes, 0, 12)) {
            return "an IPv4-compatible address";
        }
        return null;
    }

    private static String embedded(byte[] bytes, int offset, String kind) {
        byte[] v4 = new byte[] { bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3] };
        try {
            String inner = reasonRefused(InetAddress.getByAddress(v4));
            return inner == null ? null : kind + " form of " + inner;
        } catch (UnknownHostException e) {
            return "an unparseable embedded address";
        }
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

package ai.crafted.mcp.net;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Refuses the numeric host forms that URL parsers disagree about. The WHATWG URL standard (what
 * browsers, curl and most proxies follow) reads a host whose last label is a number as an IPv4
 * address and accepts octal ({@code 0177.0.0.1}), hex ({@code 0x7f000001}), dotless
 * ({@code 2130706433}) and shortened ({@code 127.1}) forms, while Java reads {@code 0177} as
 * decimal 177 and the others as DNS names. An address check made by one parser then says
 * nothing about where another sends the request, so these forms are refused outright, whatever
 * they denote. Allowed: names whose last label is not numeric, canonical dotted-decimal IPv4
 * ({@code a.b.c.d}, each 0–255 without leading zeros) and bracketed IPv6 without a zone id.
 */
public final class NumericHostForms {

    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");
    private static final Pattern CANONICAL_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

    private NumericHostForms() {
    }

    /**
     * The host of a URL as written. Java's {@link URI#getHost()} is null for hosts it cannot read
     * as a name or a dotted-quad ({@code 0x7f000001}, {@code 127.1}); then the host is taken from
     * the raw authority (without user-info and port). Null when there is no authority.
     */
    public static String hostAsWritten(URI url) {
        if (url.getHost() != null) {
            return url.getHost();
        }
        String authority = url.getRawAuthority();
        if (authority == null) {
            return null;
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /**
     * Null when the host may be used; otherwise why not, as a sentence fragment for an error
     * message ("a non-canonical numeric address form …").
     *
     * @param host the URL's host as written, IPv6 literals with or without brackets
     */
    public static String reasonRefused(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.startsWith("[") || lower.indexOf(':') >= 0) {
            return lower.indexOf('%') >= 0 ? "an IPv6 address with a zone id, which names a local network interface" : null;
        }
        String[] labels = lower.split("\\.", -1);
        String last = labels[labels.length - 1];
        if (last.isEmpty() && labels.length > 1) {
            // "127.0.0.1." : WHATWG drops the empty last label and reads what is before it.
            last = labels[labels.length - 2];
            if (NUMERIC_LABEL.matcher(last).matches()) {
                return nonCanonical();
            }
            return null;
        }
        if (!NUMERIC_LABEL.matcher(last).matches()) {
            return null;
        }
        if (labels.length != 4) {
            return nonCanonical();
        }
        for (String label : labels) {
            if (!CANONICAL_OCTET.matcher(label).matches() || Integer.parseInt(label) > 255) {
                return nonCanonical();
            }
        }
        return null;
    }

    private static String nonCanonical() {
        return "a non-canonical numeric address form (octal, hexadecimal, dotless, shortened or with a trailing dot) that"
                + " URL parsers read differently; write an IPv4 address as four decimal numbers a.b.c.d, or use a host name";
    }
}

package ai.crafted.integrations.integration;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import ai.crafted.integrations.error.ApiException;
import ai.crafted.mcp.net.InternalAddresses;
import ai.crafted.mcp.net.NumericHostForms;

/**
 * Refuses MCP endpoints that would let a tenant reach our own network (SSRF): only absolute
 * https URLs without user-info, no numeric host form that URL parsers read differently
 * ({@link NumericHostForms}: octal, hex, dotless, shortened, zone ids; refused even for
 * allow-listed hosts), and no host that is or resolves to a private, loopback,
 * link-local, CGNAT or metadata address. Hosts in the configured allow-list skip the address
 * check and may use http (local stack and tests only). The MCP client checks the resolved
 * address again at connect time; this check gives an early, readable error.
 */
public class EndpointPolicy {

    private static final String FIELD = "config.endpoint";

    private final Set<String> allowedPrivateHosts;

    public EndpointPolicy(Set<String> allowedPrivateHosts) {
        this.allowedPrivateHosts = allowedPrivateHosts.stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Returns the endpoint normalised (trimmed); throws {@code invalid_integration_config} otherwise. */
    public String check(String endpoint) {
        URI uri = parse(endpoint);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        boolean allowListed = allowedPrivateHosts.contains(bareHost);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowListed)) {
            throw ApiException.invalidConfig(FIELD, "endpoint must be an https URL");
        }
        if (!allowListed) {
            refuseInternalAddresses(bareHost);
        }
        return endpoint.trim();
    }

    private static URI parse(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint.trim());
        } catch (URISyntaxException e) {
            throw ApiException.invalidConfig(FIELD, "endpoint is not a valid URL");
        }
        if (!uri.isAbsolute() || uri.getScheme() == null || uri.getRawAuthority() == null) {
            throw ApiException.invalidConfig(FIELD, "endpoint must be an absolute URL such as https://mcp.example.com/mcp");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.invalidConfig(FIELD, "endpoint must not contain a user name or password; use a credential");
        }
        String written = NumericHostForms.hostAsWritten(uri);
        String hostForm = NumericHostForms.reasonRefused(written);
        if (hostForm != null) {
            throw ApiException.invalidConfig(FIELD, "endpoint host " + written + " is " + hostForm);
        }
        if (uri.getHost() == null) {
            throw ApiException.invalidConfig(FIELD, "endpoint has no valid host name");
        }
        if (uri.getPort() == 0) {
            throw ApiException.invalidConfig(FIELD, "endpoint port must be between 1 and 65535");
        }
        if (uri.getRawFragment() != null) {
            throw ApiException.invalidConfig(FIELD, "endpoint must not contain a fragment");
        }
        return uri;
    }

    private static void refuseInternalAddresses(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            // A name that does not resolve yet cannot be judged here; the connect-time guard can.
            return;
        }
        for (InetAddress address : addresses) {
            String reason = InternalAddresses.reasonRefused(address);
            if (reason != null) {
                throw ApiException.invalidConfig(FIELD, "endpoint host " + host + " is " + reason
                        + "; only public addresses are allowed");
            }
        }
    }
}

package ai.crafted.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The fingerprint of what a tool catalog depends on: endpoint, transport, timeout, and the
 * credential's id and version (a rotation changes it). catalog-refresher stamps every catalog
 * with the fingerprint it listed under; the gateway and the control panel compute it from the
 * integration's current configuration and use a catalog only when both agree.
 *
 * <p>Format: {@code "v1:"} and 32 hex digits (128 bits of SHA-256 over the fields, each
 * terminated by a line feed, absent ones empty). Part of the event contract: every reader must
 * compute it exactly this way.
 */
public final class ConfigFingerprint {

    private ConfigFingerprint() {
    }

    /**
     * @param credentialVersion the credential's version as carried on {@code credential-updated};
     *                          ignored when {@code credentialId} is null
     */
    public static String of(McpServerConfig config, UUID credentialId, long credentialVersion) {
        String canonical = config.endpoint() + "\n"
                + (config.transport() == null ? McpTransport.STREAMABLE_HTTP : config.transport()).wireName() + "\n"
                + (config.timeoutMs() == null ? "" : config.timeoutMs()) + "\n"
                + (credentialId == null ? "" : credentialId + "\n" + credentialVersion) + "\n";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return "v1:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}

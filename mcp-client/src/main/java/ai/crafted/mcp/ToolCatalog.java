package ai.crafted.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.erdtman.jcs.JsonCanonicalizer;

import com.fasterxml.jackson.databind.JsonNode;

import ai.crafted.events.ToolDescriptor;

/**
 * Everything a server listed in {@code tools/list} (all pages, in the server's order).
 *
 * @param tools           the descriptors the product keeps (name, title, description, input schema, annotations)
 * @param version         {@code "sha256:"} and the hex SHA-256 over the full tool objects as received,
 *                        each in RFC 8785 canonical form (JCS), in order: any change the server makes to
 *                        any field of any tool (output schema, icons, {@code _meta}, order) changes it
 * @param protocolVersion the MCP protocol version the listing used
 * @param ttlMs           how long the server says the list stays fresh (2026-07-28 {@code ttlMs}, the
 *                        smallest over all pages), or null when it did not say
 * @param cacheScope      {@code "public"} (the same list for every caller) or {@code "private"} (it may
 *                        depend on the credential), as the server said (2026-07-28 {@code cacheScope});
 *                        null when it did not say, which the product treats as private
 * @param toolHashes      per tool, in the same order: {@code "sha256:"} and the hex SHA-256 of that
 *                        tool object as received, in RFC 8785 canonical form (a tool's version:
 *                        any change to any of its fields changes it); null only for catalogs made
 *                        without raw objects (tests)
 */
public record ToolCatalog(List<ToolDescriptor> tools, String version, String protocolVersion, Long ttlMs,
        String cacheScope, List<String> toolHashes) {

    public ToolCatalog(List<ToolDescriptor> tools, String version) {
        this(tools, version, null, null, null, null);
    }

    /** The catalog of the raw tool objects, in order; {@code descriptors} are their parsed forms. */
    public static ToolCatalog of(List<JsonNode> rawTools, List<ToolDescriptor> descriptors) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            List<String> toolHashes = new ArrayList<>(rawTools.size());
            for (JsonNode tool : rawTools) {
                byte[] canonical = new JsonCanonicalizer(tool.toString()).getEncodedUTF8();
                sha256.update(canonical);
                sha256.update((byte) '\n');
                toolHashes.add("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical)));
            }
            return new ToolCatalog(List.copyOf(descriptors), "sha256:" + HexFormat.of().formatHex(sha256.digest()), null, null,
                    null, List.copyOf(toolHashes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        } catch (IOException e) {
            throw new UncheckedIOException("a tool object could not be canonicalised", e);
        }
    }

    /** This catalog with the protocol version and caching hints of its listing. */
    public ToolCatalog withListing(String protocol, Long ttl, String scope) {
        return new ToolCatalog(tools, version, protocol, ttl, scope, toolHashes);
    }

    /** With other tools (redacted, say), the same version and hints. */
    public ToolCatalog withTools(List<ToolDescriptor> replaced) {
        return new ToolCatalog(List.copyOf(replaced), version, protocolVersion, ttlMs, cacheScope, toolHashes);
    }
}

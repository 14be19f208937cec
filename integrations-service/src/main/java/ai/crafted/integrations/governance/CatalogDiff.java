package ai.crafted.integrations.governance;

import java.util.List;

/**
 * What a catalog version changed against the one before it (the first version adds every tool).
 * A renamed tool is one removed and one added: the name is the tool's identity in MCP.
 *
 * @param added   names of tools the previous version did not list, in catalog order
 * @param removed names of tools the previous version listed and this one does not
 * @param changed tools listed by both under the same name whose hash differs
 */
public record CatalogDiff(List<String> added, List<String> removed, List<Changed> changed) {

    /**
     * @param fields       which of {@code title}, {@code description}, {@code inputSchema},
     *                     {@code annotations} changed, or {@code ["other"]} when only a field we do
     *                     not keep changed (the raw tool object's hash differs)
     * @param previousHash the hash in the previous version
     * @param hash         the hash now
     */
    public record Changed(String name, List<String> fields, String previousHash, String hash) {
    }
}

package ai.crafted.mcp.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The request headers 2026-07-28 derives from the body (specification 2026-07-28,
 * basic/transports, "Standard headers" and "Custom headers", SEP-2243): {@code Mcp-Name} and
 * {@code Mcp-Param-{X}} for each tool argument whose schema property says
 * {@code "x-mcp-header": "X"}. Values that are not plain visible ASCII travel base64-encoded as
 * {@code =?base64?…?=}. A tool whose {@code x-mcp-header} declarations break the rules must not
 * be offered (the client cannot send its headers correctly), see {@link #problemIn}.
 */
public final class ModernHeaders {

    static final String PARAM_PREFIX = "Mcp-Param-";
    /** An RFC 9110 token: the only header name suffixes allowed. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Set<String> HEADER_TYPES = Set.of("string", "integer", "boolean");

    private ModernHeaders() {
    }

    /**
     * The value as a header: as is when non-empty, without leading or trailing spaces and only of
     * characters 0x20–0x7E (and not itself looking like the sentinel); otherwise
     * {@code =?base64?<base64 of its UTF-8>?=}.
     */
    public static String value(String text) {
        boolean plain = !text.isEmpty() && text.equals(text.strip()) && !(text.startsWith("=?base64?") && text.endsWith("?="));
        for (int i = 0; plain && i < text.length(); i++) {
            char c = text.charAt(i);
            plain = c >= 0x20 && c <= 0x7E;
        }
        return plain ? text
                : "=?base64?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** One {@code x-mcp-header} declaration: the argument path (property names) and the header suffix. */
    record Declaration(List<String> path, String name) {
    }

    /**
     * Why the tool's {@code x-mcp-header} declarations are invalid (not an RFC 9110 token, on a type
     * other than string, integer or boolean, duplicated ignoring case, or reachable other than
     * through {@code properties}), or null when they are fine (or there are none).
     */
    public static String problemIn(JsonNode inputSchema) {
        List<Declaration> found = new ArrayList<>();
        return walk(inputSchema, new ArrayList<>(), true, found, new HashSet<>());
    }

    /**
     * The {@code Mcp-Param-*} headers for a call with {@code arguments}: one per declared property
     * whose argument is present and not null (integers in decimal, booleans as true/false).
     */
    public static Map<String, String> paramHeaders(JsonNode inputSchema, JsonNode arguments) {
        List<Declaration> found = new ArrayList<>();
        if (inputSchema == null || walk(inputSchema, new ArrayList<>(), true, found, new HashSet<>()) != null) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Declaration declaration : found) {
            JsonNode value = arguments;
            for (String key : declaration.path()) {
                value = value == null ? null : value.get(key);
            }
            if (value == null || value.isNull() || value.isContainerNode()) {
                continue;
            }
            headers.put(PARAM_PREFIX + declaration.name(), value.isTextual() ? value(value.asText())
                    : value.isIntegralNumber() ? value.bigIntegerValue().toString() : value(value.asText()));
        }
        return headers;
    }

    private static String walk(JsonNode node, List<String> path, boolean reachable, List<Declaration> found,
            Set<String> seen) {
        if (node == null || !node.isContainerNode()) {
            return null;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                String problem = walk(item, path, false, found, seen);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        JsonNode header = node.get("x-mcp-header");
        if (header != null) {
            String where = path.isEmpty() ? "the schema root" : "'" + String.join(".", path) + "'";
            if (!reachable || path.isEmpty()) {
                return "x-mcp-header at " + where + ", which is not a property reached through properties";
            }
            if (!header.isTextual() || !TOKEN.matcher(header.asText()).matches()) {
                return "x-mcp-header of " + where + " is not a valid header name";
            }
            if (!HEADER_TYPES.contains(node.path("type").asText())) {
                return "x-mcp-header on " + where + " of type " + node.path("type").asText("(none)")
                        + " (only string, integer and boolean)";
            }
            if (!seen.add(header.asText().toLowerCase(java.util.Locale.ROOT))) {
                return "x-mcp-header '" + header.asText() + "' is declared twice";
            }
            found.add(new Declaration(List.copyOf(path), header.asText()));
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String problem = null;
            if (field.getKey().equals("properties") && field.getValue().isObject()) {
                Iterator<Map.Entry<String, JsonNode>> properties = field.getValue().fields();
                while (problem == null && properties.hasNext()) {
                    Map.Entry<String, JsonNode> property = properties.next();
                    List<String> deeper = new ArrayList<>(path);
                    deeper.add(property.getKey());
                    problem = walk(property.getValue(), deeper, reachable, found, seen);
                }
            } else if (!field.getKey().equals("x-mcp-header")) {
                problem = walk(field.getValue(), path, false, found, seen);
            }
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}

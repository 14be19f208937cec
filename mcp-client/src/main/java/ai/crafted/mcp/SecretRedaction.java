package ai.crafted.mcp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import ai.crafted.events.ToolDescriptor;

/**
 * Removes an integration's known secret values from text an MCP server sends back, before it is
 * stored, published, logged or shown to a model: servers echo the credential in error messages
 * ("invalid token abc…") and tool results. Every occurrence of a secret is replaced with
 * {@value #MARK}, in the forms it is likely to come back in, matched case-insensitively: as
 * sent, JSON-escaped, percent-encoded (form and RFC 3986 style), hex, and base64 (standard and
 * URL-safe alphabets, with and without padding, also inside a longer value such as a Basic
 * credential {@code base64(user:secret)}). A credential header {@code Bearer <token>} counts the
 * token alone as a secret too. Not caught: a secret the server cut short, reversed or escaped
 * character by character ({@code \u0041}, {@code &#65;}). Values shorter than {@value #MIN_LENGTH} characters are not redacted (they would
 * blank out ordinary text; credentials are longer).
 */
public final class SecretRedaction {

    /** What replaces a secret. */
    public static final String MARK = "[redacted]";
    /** Shortest secret that is redacted. */
    public static final int MIN_LENGTH = 6;

    private static final SecretRedaction NONE = new SecretRedaction(null);

    /**
     * Every form of every secret as one case-insensitive alternation, longest first so a longer
     * form is replaced before a part of it; null when there is nothing to redact.
     */
    private final Pattern pattern;

    private SecretRedaction(Pattern pattern) {
        this.pattern = pattern;
    }

    /** Redaction of the values of an endpoint's credential headers ({@link McpEndpoint#headers()}). */
    public static SecretRedaction ofHeaders(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return NONE;
        }
        List<String> secrets = new ArrayList<>();
        for (String value : headers.values()) {
            secrets.add(value);
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                secrets.add(value.substring(7).trim());
            }
        }
        return of(secrets);
    }

    /** Redaction of these secret values (nulls and values under {@link #MIN_LENGTH} characters are ignored). */
    public static SecretRedaction of(Collection<String> secrets) {
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret == null || secret.length() < MIN_LENGTH) {
                continue;
            }
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            forms.add(secret);
            forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
            String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
            forms.add(form);
            forms.add(form.replace("+", "%20"));
            forms.add(HexFormat.of().formatHex(bytes));
            for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                String encoded = encoder.encodeToString(bytes);
                forms.add(encoded);
                forms.add(encoded.replace("=", ""));
                forms.addAll(unalignedBase64(encoder, bytes));
            }
        }
        forms.removeIf(f -> f.length() < MIN_LENGTH);
        if (forms.isEmpty()) {
            return NONE;
        }
        List<String> ordered = new ArrayList<>(forms);
        ordered.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder alternatives = new StringBuilder();
        for (String form : ordered) {
            alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(form));
        }
        return new SecretRedaction(Pattern.compile(alternatives.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    /**
     * The part of the secret's base64 that does not depend on what surrounds it when it sits at
     * byte offset 1 or 2 (mod 3) of a longer encoded value, e.g. {@code user:<secret>} in a Basic
     * credential: the characters that mix in neighbouring bytes are left out.
     */
    private static List<String> unalignedBase64(Base64.Encoder encoder, byte[] secret) {
        List<String> parts = new ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + secret.length];
            System.arraycopy(secret, 0, shifted, offset, secret.length);
            String encoded = encoder.encodeToString(shifted);
            int start = offset == 0 ? 0 : offset + 1;
            int end = shifted.length / 3 * 4;
            if (end - start >= 8) {
                parts.add(encoded.substring(start, end));
            }
        }
        return parts;
    }

    /** Whether there is anything to redact. */
    public boolean isEmpty() {
        return pattern == null;
    }

    /** The text with every known form of every secret replaced; null stays null. */
    public String apply(String text) {
        if (text == null || pattern == null) {
            return text;
        }
        return pattern.matcher(text).replaceAll(Matcher.quoteReplacement(MARK));
    }

    /** A copy of the JSON value with every string (and object key) redacted; the input is not changed. */
    public JsonNode apply(JsonNode node) {
        if (node == null || pattern == null) {
            return node;
        }
        if (node.isTextual()) {
            String redacted = apply(node.textValue());
            return redacted.equals(node.textValue()) ? node : TextNode.valueOf(redacted);
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(item -> copy.add(apply(item)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(apply(field.getKey()), apply(field.getValue()));
            }
            return copy;
        }
        return node;
    }

    /** A tool descriptor with its every text redacted. */
    public ToolDescriptor apply(ToolDescriptor tool) {
        if (pattern == null) {
            return tool;
        }
        return new ToolDescriptor(apply(tool.name()), apply(tool.title()), apply(tool.description()),
                apply(tool.inputSchema()), apply(tool.annotations()));
    }

    /**
     * The failure itself when its message holds no secret; otherwise a copy with the message
     * redacted and no cause (an {@link McpException} keeps its kind and HTTP status, anything
     * else becomes an {@link IllegalStateException}).
     */
    public Throwable apply(Throwable failure) {
        if (pattern == null || failure.getMessage() == null) {
            return failure;
        }
        String redacted = apply(failure.getMessage());
        if (redacted.equals(failure.getMessage())) {
            return failure;
        }
        return failure instanceof McpException e ? new McpException(e.kind(), redacted, e.httpStatus(), null, e.rpcCode(), null)
                : new IllegalStateException(redacted);
    }
}

package ai.crafted.gateway.chat;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.buffer.Buffer;

import ai.crafted.gateway.tools.ToolSet;

/**
 * Encodes a loop round's request for the provider: the conversation (without {@code tools}) is
 * written by Jackson, and the surface's {@code tools} array, encoded once when the surface was
 * built, is spliced in as bytes before the closing brace, so 60 tool schemas are not walked and
 * written again on every request and round.
 */
final class UpstreamBody {

    private static final byte[] TOOLS_FIELD = ",\"tools\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private UpstreamBody() {
    }

    /**
     * @param request the round's request; must not hold {@code tools}
     * @param tools   the injected tools; with none offered the body has no {@code tools} (an
     *                empty array is refused by providers)
     */
    static Buffer encode(ObjectMapper json, ObjectNode request, ToolSet tools) {
        byte[] conversation;
        try {
            conversation = json.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tools.openAiTools().isEmpty()) {
            return Buffer.buffer(conversation);
        }
        // Jackson writes an object compactly: "{...}" with the brace as the last byte. A request
        // always has fields (model, messages), so a comma is right before "tools".
        int close = conversation.length - 1;
        Buffer body = Buffer.buffer(conversation.length + TOOLS_FIELD.length + tools.encodedTools().length);
        body.appendBytes(conversation, 0, close).appendBytes(TOOLS_FIELD).appendBytes(tools.encodedTools())
                .appendByte((byte) '}');
        return body;
    }
}

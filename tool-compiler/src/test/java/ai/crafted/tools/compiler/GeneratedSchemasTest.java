package ai.crafted.tools.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.events.ToolCompatibility;
import ai.crafted.events.ToolDescriptor;

/**
 * Thousands of generated input schemas (seeded, so a failure repeats): the compiler never throws,
 * every tool is either sent or left out with a reason, and no provider refuses what is sent.
 */
class GeneratedSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] TYPES = {"string", "integer", "number", "boolean", "object", "array", "null"};
    private static final String[] EXTRAS = {"description", "title", "default", "examples", "format", "minLength", "maxLength",
        "minimum", "maximum", "exclusiveMinimum", "pattern", "enum", "const", "additionalProperties", "uniqueItems",
        "minItems", "$comment", "x-vendor", "nullable", "not", "patternProperties", "oneOf", "allOf", "anyOf", "$ref"};

    @Test
    void noProviderRefusesWhatTheCompilerSends() {
        Random random = new Random(20261201);
        int sent = 0;
        int left = 0;
        for (int batch = 0; batch < 100; batch++) {
            List<ToolDescriptor> tools = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ObjectNode root = random.nextInt(10) == 0 ? (ObjectNode) schema(random, 0) : object(random, 0);
                if (random.nextInt(6) == 0) {
                    root.putObject("$defs").set("D", schema(random, 2));
                }
                if (random.nextInt(8) == 0) {
                    root.put("$schema", random.nextBoolean() ? "http://json-schema.org/draft-07/schema#"
                            : "https://json-schema.org/draft/2020-12/schema");
                }
                tools.add(new ToolDescriptor("t" + i, null, "x".repeat(random.nextInt(1_500)), root, null));
            }
            var compiled = ToolCompiler.compile(tools);
            for (ToolProfile profile : ToolProfile.values()) {
                var assembled = ToolsArrays.assemble(List.of(new ToolsArrays.Source<>("p",
                        ToolsArrays.prepare("gen", tools, compiled, profile))), profile, 128);
                ObjectNode request = JSON.createObjectNode().put("model", "m");
                request.set("tools", assembled.tools());
                assertThat(ToolCompilerTest.rulesOf(profile).problems(request))
                        .as("%s, batch %d", profile.id(), batch).isEmpty();
                assertThat(assembled.omitted()).allSatisfy(o -> assertThat(o.reason()).isNotBlank());
                sent += assembled.byName().size();
                left += assembled.omitted().size();
            }
            compiled.forEach(tool -> tool.forms().values().forEach(form ->
                    assertThat(form.status() == ToolCompatibility.INCOMPATIBLE).isEqualTo(form.reason() != null)));
        }
        assertThat(sent).as("the generator must produce sendable tools too (sent %d, left out %d)", sent, left)
                .isGreaterThan(left / 4);
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode node = NODES.objectNode();
        if (random.nextInt(8) != 0) {
            node.put("type", "object");
        }
        if (random.nextInt(6) != 0) {
            ObjectNode properties = node.putObject("properties");
            int n = random.nextInt(4);
            ArrayNode required = NODES.arrayNode();
            for (int i = 0; i < n; i++) {
                properties.set("p" + i, schema(random, depth + 1));
                if (random.nextBoolean()) {
                    required.add("p" + i);
                }
            }
            if (!required.isEmpty() || random.nextInt(5) == 0) {
                node.set("required", required);
            }
        }
        extras(node, random, depth);
        return node;
    }

    private static JsonNode schema(Random random, int depth) {
        if (depth > 0 && random.nextInt(25) == 0) {
            return NODES.booleanNode(random.nextInt(4) != 0); // true (any value) or false (none)
        }
        if (depth > 3 || random.nextInt(12) == 0) {
            return random.nextInt(4) == 0 ? NODES.objectNode() : NODES.objectNode().put("type", TYPES[random.nextInt(4)]);
        }
        String type = TYPES[random.nextInt(TYPES.length)];
        if (type.equals("object")) {
            return object(random, depth);
        }
        ObjectNode node = NODES.objectNode();
        if (random.nextInt(5) == 0) {
            node.putArray("type").add(type).add("null");
        } else if (random.nextInt(10) != 0) {
            node.put("type", type);
        }
        if (type.equals("array") && random.nextInt(4) != 0) {
            node.set("items", schema(random, depth + 1));
        }
        extras(node, random, depth);
        return node;
    }

    private static void extras(ObjectNode node, Random random, int depth) {
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
            String key = EXTRAS[random.nextInt(EXTRAS.length)];
            switch (key) {
                case "description", "title", "pattern", "$comment" -> node.put(key, "text");
                case "format" -> node.put(key, new String[] {"uri", "date-time", "email", "int32", "float", "uuid"}[random.nextInt(6)]);
                case "minLength", "maxLength", "minItems", "minimum", "maximum", "exclusiveMinimum" -> node.put(key, random.nextInt(5));
                case "default" -> node.put(key, "d");
                case "examples" -> node.putArray(key).add("e");
                case "enum" -> {
                    ArrayNode values = node.putArray(key);
                    values.add("a");
                    if (random.nextBoolean()) {
                        values.add(random.nextBoolean() ? NODES.numberNode(1) : NODES.nullNode());
                    }
                }
                case "const" -> node.put(key, random.nextBoolean() ? "c" : "1");
                case "additionalProperties" -> {
                    if (random.nextBoolean()) {
                        node.put(key, random.nextBoolean());
                    } else {
                        node.set(key, schema(random, depth + 2));
                    }
                }
                case "uniqueItems", "nullable" -> node.put(key, true);
                case "x-vendor" -> node.put(key, 1);
                case "not" -> node.putObject(key);
                case "patternProperties" -> node.putObject(key).set("^x", schema(random, depth + 2));
                case "oneOf", "allOf", "anyOf" -> {
                    ArrayNode branches = node.putArray(key);
                    for (int b = 0; b < 1 + random.nextInt(2); b++) {
                        branches.add(schema(random, depth + 2));
                    }
                }
                case "$ref" -> node.put(key, random.nextInt(3) == 0 ? "#/$defs/Missing" : "#/$defs/D");
                default -> throw new IllegalStateException(key);
            }
        }
    }
}

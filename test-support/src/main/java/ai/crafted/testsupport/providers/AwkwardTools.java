package ai.crafted.testsupport.providers;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.crafted.events.ToolDescriptor;

/**
 * A catalog of deliberately awkward MCP tools, several of each kind that real servers send and
 * providers refuse: object schemas without properties, schemas without type, empty and missing
 * schemas, long descriptions, references (inline-able, draft-07, recursive, dangling, remote),
 * arrays without items, Zod's output, maps, root-level combinators, const, non-string enums,
 * type lists, formats, invalid schemas, deep nesting, odd names. Shared by the compiler's tests
 * and the gateway's provider tests.
 */
public final class AwkwardTools {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A description of 3,100 characters (the value handed over with issue 15), words of 9 letters. */
    public static final String LONG_DESCRIPTION = ("Searches " + "the order history by customer and date. ".repeat(80)).substring(0, 3100);

    private AwkwardTools() {
    }

    /**
     * {@link #catalog()} without the tool nested 350 levels deep: some JSON clients (REST Assured's
     * Groovy JsonPath, say) recurse per level and overflow on it, which is their limit, not the product's.
     */
    public static List<ToolDescriptor> shallowCatalog() {
        return catalog().stream().filter(t -> !t.name().equals("deeply_nested")).toList();
    }

    public static List<ToolDescriptor> catalog() {
        List<ToolDescriptor> tools = new ArrayList<>();
        tools.add(tool("object_without_properties", "{\"type\":\"object\"}"));
        tools.add(tool("no_type", "{\"properties\":{\"q\":{\"type\":\"string\"}},\"required\":[\"q\"]}"));
        tools.add(tool("empty_schema", "{}"));
        tools.add(new ToolDescriptor("missing_schema", null, "no inputSchema at all", null, null));
        tools.add(tool("true_schema", "true"));
        tools.add(new ToolDescriptor("long_description", null, LONG_DESCRIPTION,
                read("{\"type\":\"object\",\"properties\":{\"customer\":{\"type\":\"string\"}}}"), null));
        tools.add(new ToolDescriptor("description_1025", null, "x".repeat(1025), read("{\"type\":\"object\",\"properties\":{}}"), null));
        tools.add(new ToolDescriptor("only_title", "Looks up the weather", null, read("{\"type\":\"object\",\"properties\":{}}"), null));
        tools.add(tool("root_array", "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"));
        tools.add(tool("root_string", "{\"type\":\"string\"}"));
        tools.add(tool("false_schema", "false"));
        tools.add(tool("refs_2020", "{\"type\":\"object\",\"properties\":{\"home\":{\"$ref\":\"#/$defs/Address\"},"
                + "\"work\":{\"$ref\":\"#/$defs/Address\",\"description\":\"office\"}},\"$defs\":{\"Address\":{\"type\":\"object\","
                + "\"properties\":{\"street\":{\"type\":\"string\"},\"zip\":{\"type\":\"string\"}},\"required\":[\"street\"]}}}"));
        tools.add(tool("refs_draft07", "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                + "\"properties\":{\"item\":{\"$ref\":\"#/definitions/Item\"}},\"definitions\":{\"Item\":{\"type\":\"object\","
                + "\"properties\":{\"sku\":{\"type\":\"string\"}},\"required\":[\"sku\"],\"additionalProperties\":false}}}"));
        tools.add(tool("recursive_tree", "{\"type\":\"object\",\"properties\":{\"root\":{\"$ref\":\"#/$defs/Node\"}},"
                + "\"required\":[\"root\"],\"additionalProperties\":false,\"$defs\":{\"Node\":{\"type\":\"object\",\"properties\":{\"label\":"
                + "{\"type\":\"string\"},\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Node\"}}},"
                + "\"required\":[\"label\",\"children\"],\"additionalProperties\":false}}}"));
        tools.add(tool("dangling_ref", "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/Missing\"}}}"));
        tools.add(tool("remote_ref", "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"https://example.com/a.json\"}}}"));
        tools.add(tool("array_without_items", "{\"type\":\"object\",\"properties\":{\"tags\":{\"type\":\"array\"},"
                + "\"matrix\":{\"type\":\"array\",\"items\":{\"type\":\"array\"}}}}"));
        tools.add(tool("zod_not_anyof", "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                + "\"properties\":{\"x\":{\"anyOf\":[{\"not\":{}},{\"type\":\"string\"}]}},\"additionalProperties\":false}"));
        tools.add(tool("zod_record", "{\"type\":\"object\",\"properties\":{\"meta\":{\"type\":\"object\",\"additionalProperties\":{}}},"
                + "\"required\":[\"meta\"]}"));
        tools.add(tool("root_anyof_required", "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},\"email\":"
                + "{\"type\":\"string\"}},\"anyOf\":[{\"required\":[\"id\"]},{\"required\":[\"email\"]}]}"));
        tools.add(tool("root_oneof_objects", "{\"oneOf\":[{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}},"
                + "{\"type\":\"object\",\"properties\":{\"email\":{\"type\":\"string\"}}}]}"));
        tools.add(tool("const_enum_type_list", "{\"type\":\"object\",\"properties\":{\"kind\":{\"const\":\"book\"},\"level\":"
                + "{\"type\":\"integer\",\"enum\":[1,2]},\"note\":{\"type\":[\"string\",\"null\"]}}}"));
        tools.add(tool("string_enums", "{\"type\":\"object\",\"properties\":{\"size\":{\"type\":\"string\",\"enum\":[\"s\",\"m\",\"l\"]},"
                + "\"mode\":{\"enum\":[\"fast\",\"exact\",null]}},\"required\":[\"size\"]}"));
        tools.add(tool("formats_and_bounds", "{\"type\":\"object\",\"properties\":{\"site\":{\"type\":\"string\",\"format\":\"uri\","
                + "\"minLength\":3,\"maxLength\":200},\"n\":{\"type\":\"integer\",\"format\":\"int32\",\"minimum\":0,\"exclusiveMaximum\":10},"
                + "\"when\":{\"type\":\"string\",\"format\":\"date-time\"},\"ids\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
                + "\"uniqueItems\":true}},\"required\":[\"site\"]}"));
        tools.add(tool("allof_mergeable", "{\"allOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},"
                + "\"required\":[\"a\"]},{\"properties\":{\"b\":{\"type\":\"integer\"}}}]}"));
        tools.add(tool("allof_overlapping", "{\"type\":\"object\",\"properties\":{\"a\":{\"allOf\":[{\"type\":\"string\",\"pattern\":\"^a\"},"
                + "{\"pattern\":\"b$\"}]}}}"));
        tools.add(tool("invalid_type", "{\"type\":\"objekt\"}"));
        tools.add(tool("invalid_properties", "{\"type\":\"object\",\"properties\":5}"));
        tools.add(tool("pattern_properties", "{\"type\":\"object\",\"properties\":{\"env\":{\"type\":\"object\",\"patternProperties\":"
                + "{\"^[A-Z_]+$\":{\"type\":\"string\"}}}}}"));
        tools.add(tool("annotations", "{\"type\":\"object\",\"title\":\"Args\",\"properties\":{\"city\":{\"type\":\"string\","
                + "\"default\":\"Paris\",\"examples\":[\"Rome\"],\"deprecated\":false,\"x-order\":1}},\"$comment\":\"generated\"}"));
        tools.add(tool("deep_nesting", deep(12)));
        tools.add(tool("optional_nested", "{\"type\":\"object\",\"properties\":{\"filter\":{\"type\":\"object\",\"properties\":"
                + "{\"since\":{\"type\":\"string\",\"format\":\"date\"},\"rows\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
                + "\"properties\":{\"name\":{\"type\":\"string\"},\"limit\":{\"type\":\"integer\"}},\"required\":[\"name\"]}}}}},"
                + "\"required\":[]}"));
        tools.add(tool("tickets.search/v2", "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}"));
        tools.add(tool("1st-tool", "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}"));
        tools.add(tool("property-names", "{\"type\":\"object\",\"properties\":{\"user-id\":{\"type\":\"string\"},\"a.b\":"
                + "{\"type\":\"number\"}}}"));
        // Kinds found by review: refs to boolean schemas, property names that are also keywords,
        // nesting deep enough to overflow a recursive validator, free-form nested objects, a root
        // map, object properties combined with anyOf branches.
        tools.add(tool("ref_to_true_root", "{\"$ref\":\"#/$defs/A\",\"$defs\":{\"A\":true}}"));
        tools.add(tool("property_named_default", "{\"type\":\"object\",\"properties\":{\"default\":{\"$ref\":\"#/$defs/V\"},"
                + "\"enum\":{\"$ref\":\"#/$defs/V\"},\"x\":{\"$ref\":\"#/$defs/V\"}},\"$defs\":{\"V\":{\"type\":\"string\"}}}"));
        tools.add(tool("deeply_nested", deep(350)));
        tools.add(tool("free_form_nested", "{\"type\":\"object\",\"properties\":{\"meta\":{\"type\":\"object\"},"
                + "\"q\":{\"type\":\"string\"}},\"required\":[\"q\"]}"));
        tools.add(tool("root_map", "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}"));
        tools.add(tool("object_with_anyof_branches", "{\"type\":\"object\",\"properties\":{\"o\":{\"type\":\"object\","
                + "\"properties\":{\"k\":{\"type\":\"string\"}},\"anyOf\":[{\"properties\":{\"x\":{\"type\":\"string\"}},"
                + "\"required\":[\"x\"]},{\"properties\":{\"y\":{\"type\":\"string\"}},\"required\":[\"y\"]}]}}}"));
        tools.add(tool("boolean_subschemas", "{\"type\":\"object\",\"properties\":{\"anything\":true,\"list\":{\"type\":\"array\","
                + "\"items\":true},\"choice\":{\"anyOf\":[{\"type\":\"string\"},true]}}}"));
        tools.add(tool("false_property", "{\"type\":\"object\",\"properties\":{\"never\":false,\"q\":{\"type\":\"string\"}}}"));
        return tools;
    }

    private static String deep(int levels) {
        String schema = "{\"type\":\"string\"}";
        for (int i = 0; i < levels; i++) {
            schema = "{\"type\":\"object\",\"properties\":{\"l" + i + "\":" + schema + "},\"required\":[\"l" + i + "\"]}";
        }
        return schema;
    }

    public static ToolDescriptor tool(String name, String schema) {
        return new ToolDescriptor(name, null, "Tool " + name, read(schema), null);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}

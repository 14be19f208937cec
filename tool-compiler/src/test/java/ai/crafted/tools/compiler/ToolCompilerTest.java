package ai.crafted.tools.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.CompiledTool;
import ai.crafted.events.EventJson;
import ai.crafted.events.ToolCompatibility;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.ToolForm;
import ai.crafted.testsupport.providers.AwkwardTools;
import ai.crafted.testsupport.providers.ProviderToolRules;

class ToolCompilerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ToolDescriptor> CATALOG = AwkwardTools.catalog();
    private static final Map<String, CompiledTool> COMPILED = ToolCompiler.compile(CATALOG).stream()
            .collect(Collectors.toMap(CompiledTool::name, Function.identity()));

    static ProviderToolRules rulesOf(ToolProfile profile) {
        return switch (profile) {
            case OPENAI, OPENAI_STRICT -> ProviderToolRules.openAi();
            case ANTHROPIC -> ProviderToolRules.anthropic();
            case GEMINI -> ProviderToolRules.gemini();
        };
    }

    @Test
    void eachProviderAcceptsEveryToolItIsSentAndTheOthersAreNamedWithAReason() {
        for (ToolProfile profile : ToolProfile.values()) {
            var assembled = ToolsArrays.assemble(List.of(new ToolsArrays.Source<>("awkward",
                    ToolsArrays.prepare("awkward", CATALOG, ToolCompiler.compile(CATALOG), profile))), profile, 128);
            ObjectNode request = JSON.createObjectNode().put("model", "m");
            request.set("tools", assembled.tools());

            assertThat(rulesOf(profile).problems(request)).as(profile.id()).isEmpty();
            assertThat(assembled.byName().size() + assembled.omitted().size()).isEqualTo(CATALOG.size());
            assertThat(assembled.omitted()).allSatisfy(o -> assertThat(o.reason()).isNotBlank());
            assertThat(assembled.byName().size()).as(profile.id() + " offers most of the catalog").isGreaterThan(CATALOG.size() / 2);
        }
    }

    @Test
    void theProvidersRulesRefuseTheCatalogAsTheServerSentIt() {
        // What the gateway sent before the compiler: the validators must be able to fail.
        ArrayNode raw = JSON.createArrayNode();
        for (ToolDescriptor tool : CATALOG) {
            if (tool.inputSchema() != null && ToolCompiler.depth(tool.inputSchema()) > ToolCompiler.MAX_DEPTH) {
                continue; // the validators recurse like the providers' parsers; this one is the compiler's to refuse
            }
            ObjectNode function = raw.addObject().put("type", "function").putObject("function")
                    .put("name", tool.name().replaceAll("[^a-zA-Z0-9_-]", "_"));
            if (tool.description() != null) {
                function.put("description", tool.description());
            }
            if (tool.inputSchema() != null) {
                function.set("parameters", tool.inputSchema());
            }
        }
        ObjectNode request = JSON.createObjectNode().put("model", "m");
        request.set("tools", raw);
        assertThat(ProviderToolRules.openAi().problems(request)).anyMatch(p -> p.contains("object schema missing properties"))
                .anyMatch(p -> p.contains("string_above_max_length")).anyMatch(p -> p.contains("array schema missing items"));
        assertThat(ProviderToolRules.anthropic().problems(request)).anyMatch(p -> p.contains("top level"));
        assertThat(ProviderToolRules.gemini().problems(request)).anyMatch(p -> p.contains("Unknown name \"$schema\""));
    }

    @Test
    void theHandedOverSchemasAreNormalisedForEveryProfile() {
        for (String name : List.of("object_without_properties", "no_type", "empty_schema", "missing_schema", "true_schema")) {
            for (ToolProfile profile : ToolProfile.values()) {
                ToolForm form = form(name, profile);
                assertThat(form.status()).as(name + " " + profile.id()).isEqualTo(ToolCompatibility.NORMALISED);
                assertThat(form.changes()).isNotEmpty();
            }
            ToolForm openai = form(name, ToolProfile.OPENAI);
            assertThat(openai.parameters().get("type").asText()).isEqualTo("object");
            assertThat(openai.parameters().get("properties").isObject()).isTrue();
        }
        assertThat(form("object_without_properties", ToolProfile.OPENAI).changes())
                .anyMatch(c -> c.startsWith("added \"properties\": {}"));
        assertThat(form("no_type", ToolProfile.ANTHROPIC).parameters().get("required").toString()).isEqualTo("[\"q\"]");
    }

    @Test
    void aLongDescriptionIsCutAtAWordBoundaryWithAMarkerWhereTheProfileHasALimit() {
        String original = AwkwardTools.LONG_DESCRIPTION;
        for (ToolProfile profile : List.of(ToolProfile.OPENAI, ToolProfile.OPENAI_STRICT)) {
            ToolForm form = form("long_description", profile);
            assertThat(form.description()).hasSizeLessThanOrEqualTo(1024).contains(" … [cut: ").endsWith(" of 3,100 characters]");
            String kept = form.description().substring(0, form.description().indexOf(" … [cut: "));
            assertThat(original).startsWith(kept);
            assertThat(Character.isWhitespace(original.charAt(kept.length()))).as("cut between words").isTrue();
            assertThat(form.changes()).anyMatch(c -> c.startsWith("cut the description"));
        }
        assertThat(form("long_description", ToolProfile.ANTHROPIC).description()).as("no documented limit").isNull();
        assertThat(form("description_1025", ToolProfile.OPENAI).description()).hasSizeLessThanOrEqualTo(1024);
    }

    @Test
    void whatCannotBeSentIsIncompatibleWithAReasonAUserCanActOn() {
        for (ToolProfile profile : ToolProfile.values()) {
            assertThat(form("root_array", profile).reason()).contains("not an object");
            assertThat(form("invalid_type", profile).reason()).contains("not a valid JSON Schema");
            assertThat(form("invalid_properties", profile).reason()).contains("not a valid JSON Schema");
            assertThat(form("dangling_ref", profile).reason()).contains("$ref to nothing");
            assertThat(form("remote_ref", profile).reason()).contains("another document");
            assertThat(form("false_schema", profile).reason()).contains("false");
        }
        assertThat(form("recursive_tree", ToolProfile.GEMINI).reason()).contains("recursive");
        assertThat(form("recursive_tree", ToolProfile.OPENAI).status()).isEqualTo(ToolCompatibility.OK);
        assertThat(form("zod_not_anyof", ToolProfile.OPENAI_STRICT).reason()).contains("\"not\"");
        assertThat(form("zod_record", ToolProfile.GEMINI).reason()).contains("map");
        assertThat(form("zod_record", ToolProfile.OPENAI_STRICT).reason()).contains("additionalProperties");
        assertThat(form("root_anyof_required", ToolProfile.ANTHROPIC).reason()).contains("top level");
        assertThat(form("const_enum_type_list", ToolProfile.GEMINI).reason()).contains("non-string");
        assertThat(form("deep_nesting", ToolProfile.OPENAI_STRICT).reason()).contains("levels deep");
        assertThat(form("root_oneof_objects", ToolProfile.OPENAI).reason()).contains("oneOf at the top level");
        assertThat(form("root_anyof_required", ToolProfile.OPENAI).reason()).contains("anyOf at the top level");
        assertThat(form("free_form_nested", ToolProfile.OPENAI_STRICT).reason()).contains("free-form object");
        assertThat(form("free_form_nested", ToolProfile.OPENAI).status()).isEqualTo(ToolCompatibility.OK);
        assertThat(form("root_map", ToolProfile.GEMINI).reason()).contains("map");
        assertThat(form("object_with_anyof_branches", ToolProfile.OPENAI_STRICT).reason()).contains("anyOf");
        for (ToolProfile profile : ToolProfile.values()) {
            assertThat(form("deeply_nested", profile).reason()).as("no stack overflow").contains("JSON levels deep");
        }
        assertThat(form("false_property", ToolProfile.GEMINI).reason()).contains("is false");
        assertThat(form("false_property", ToolProfile.OPENAI_STRICT).reason()).contains("is false");
        assertThat(form("boolean_subschemas", ToolProfile.GEMINI).status()).isEqualTo(ToolCompatibility.INCOMPATIBLE);
        assertThat(form("boolean_subschemas", ToolProfile.OPENAI).status()).isEqualTo(ToolCompatibility.OK);
    }

    @Test
    void aSlugThatGivesNamesAProviderRefusesLeavesItsToolsOutWithTheReason() {
        List<ToolDescriptor> one = List.of(AwkwardTools.tool("lookup", "{\"type\":\"object\",\"properties\":{}}"));
        List<PreparedTool> gemini = ToolsArrays.prepare("1password", one, ToolCompiler.compile(one), ToolProfile.GEMINI);
        assertThat(gemini.get(0).offered()).isFalse();
        assertThat(gemini.get(0).omitted()).contains("1password__lookup").contains("gemini's rule");
        assertThat(ToolsArrays.nameProblem("1password__lookup", ToolProfile.OPENAI)).isEmpty();
        assertThat(ToolsArrays.prepare("1password", one, ToolCompiler.compile(one), ToolProfile.OPENAI).get(0).offered()).isTrue();
    }

    @Test
    void oddButValidSchemasNeverBreakTheCompiler() {
        // A $ref to a boolean schema at the root; property names that are also keywords.
        assertThat(form("ref_to_true_root", ToolProfile.OPENAI).status()).isNotEqualTo(ToolCompatibility.INCOMPATIBLE);
        ToolForm named = form("property_named_default", ToolProfile.OPENAI);
        assertThat(named.parameters().toString()).doesNotContain("$ref");
        assertThat(named.parameters().at("/properties/default/type").asText()).isEqualTo("string");
        assertThat(named.parameters().at("/properties/enum/type").asText()).isEqualTo("string");
    }

    @Test
    void meaningPreservingRewritesAreListed() {
        ToolForm refs = form("refs_2020", ToolProfile.GEMINI);
        assertThat(refs.parameters().at("/properties/home/properties/street/type").asText()).isEqualTo("string");
        assertThat(refs.parameters().at("/properties/work/description").asText()).isEqualTo("office");
        assertThat(refs.parameters().has("$defs")).isFalse();
        assertThat(refs.changes()).anyMatch(c -> c.startsWith("inlined $ref \"#/$defs/Address\""));

        ToolForm draft07 = form("refs_draft07", ToolProfile.ANTHROPIC);
        assertThat(draft07.parameters().has("$schema")).isFalse();
        assertThat(draft07.parameters().at("/properties/item/properties/sku/type").asText()).isEqualTo("string");

        ToolForm gemini = form("formats_and_bounds", ToolProfile.GEMINI);
        assertThat(gemini.parameters().at("/properties/site/format").isMissingNode()).isTrue();
        assertThat(gemini.parameters().at("/properties/site/description").asText()).contains("format: \"uri\"");
        assertThat(gemini.parameters().at("/properties/when/format").asText()).isEqualTo("date-time");
        assertThat(gemini.parameters().at("/properties/n/format").asText()).isEqualTo("int32");

        ToolForm merged = form("allof_mergeable", ToolProfile.OPENAI_STRICT);
        assertThat(merged.parameters().at("/properties/b/type").toString()).isEqualTo("[\"integer\",\"null\"]");
        assertThat(merged.parameters().get("required").toString()).isEqualTo("[\"a\",\"b\"]");

        ToolForm enums = form("string_enums", ToolProfile.GEMINI);
        assertThat(enums.parameters().at("/properties/mode/nullable").asBoolean()).isTrue();
        assertThat(enums.parameters().at("/properties/mode/enum").toString()).isEqualTo("[\"fast\",\"exact\"]");
    }

    @Test
    void strictModeRecordsWhereANullMeansNotGiven() {
        ToolForm form = form("optional_nested", ToolProfile.OPENAI_STRICT);
        assertThat(form.nullMeansAbsent()).containsExactlyInAnyOrder("/filter", "/filter/since", "/filter/rows",
                "/filter/rows/*/limit");
        assertThat(form("optional_nested", ToolProfile.OPENAI).nullMeansAbsent()).isEmpty();
    }

    @Test
    void compilingIsDeterministicAndSurvivesTheEventRoundTrip() {
        assertThat(ToolCompiler.compile(CATALOG)).isEqualTo(ToolCompiler.compile(CATALOG));
        CatalogUpdatedEvent event = new CatalogUpdatedEvent(1, null, null, null, null, 1, "f", "v", CATALOG, null, null,
                null, null, null, ToolCompiler.VERSION, ToolCompiler.compile(CATALOG), null, null);
        CatalogUpdatedEvent read = EventJson.read(EventJson.write(event), CatalogUpdatedEvent.class);
        assertThat(ToolCompiler.compiledOf(read)).isEqualTo(event.compiled());
        CatalogUpdatedEvent other = new CatalogUpdatedEvent(1, null, null, null, null, 1, "f", "v", CATALOG, null, null,
                null, null, null, "an older compiler", List.of(), null, null);
        assertThat(ToolCompiler.compiledOf(other)).as("recompiled").isEqualTo(event.compiled());
    }

    @Test
    void anOkToolCarriesOnlyItsStatus() throws Exception {
        ToolDescriptor plain = new ToolDescriptor("plain", null, "d", JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}},\"required\":[\"q\"]}"), null);
        ToolForm form = ToolCompiler.compile(plain).forms().get("openai");
        assertThat(form.status()).isEqualTo(ToolCompatibility.OK);
        assertThat(JSON.readTree(EventJson.write(form))).isEqualTo(JSON.readTree("{\"status\":\"ok\"}"));
    }

    private static ToolForm form(String tool, ToolProfile profile) {
        return COMPILED.get(tool).forms().get(profile.id());
    }
}

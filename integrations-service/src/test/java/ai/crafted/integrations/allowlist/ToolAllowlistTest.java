package ai.crafted.integrations.allowlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import ai.crafted.events.ToolRef;
import ai.crafted.integrations.error.FieldProblem;

/** The allowlist's rules without Quarkus: shape, plugins, storage. */
class ToolAllowlistTest {

    private static final UUID CRM = UUID.randomUUID();
    private static final UUID DOCS = UUID.randomUUID();

    @Test
    void nullIsEveryToolAndHasNoProblemsWhileEmptyIsNoTool() {
        assertThat(ToolAllowlist.problemsOf(null, "c")).isEmpty();
        assertThat(ToolAllowlist.format(null)).isNull();
        assertThat(ToolAllowlist.parse(null)).isNull();
        assertThat(ToolAllowlist.parse(ToolAllowlist.format(List.of()))).isEmpty();
        assertThat(ToolAllowlist.refs(null)).isNull();
    }

    @Test
    void eachMalformedEntryIsNamedByItsIndexWithTheSurfacesCode() {
        List<AllowedTool> tools = Arrays.asList(new AllowedTool(CRM, "ok"), null, new AllowedTool(null, " "),
                new AllowedTool(CRM, "x".repeat(129)), new AllowedTool(CRM, "x".repeat(128)));
        assertThat(ToolAllowlist.problemsOf(tools, "invalid_whatsapp_app")).extracting(FieldProblem::field)
                .containsExactly("allowedTools[1]", "allowedTools[2].pluginId", "allowedTools[2].name", "allowedTools[3].name");
        assertThat(ToolAllowlist.problemsOf(tools, "invalid_whatsapp_app")).extracting(FieldProblem::code)
                .containsOnly("invalid_whatsapp_app");
    }

    @Test
    void atMostFiveHundredEntries() {
        List<AllowedTool> many = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            many.add(new AllowedTool(CRM, "t" + i));
        }
        assertThat(ToolAllowlist.problemsOf(many, "c")).extracting(FieldProblem::field).containsExactly("allowedTools");
        assertThat(ToolAllowlist.problemsOf(many.subList(0, 500), "c")).isEmpty();
    }

    @Test
    void anEntryOutsideTheOrganisationOrTheSelectionIsRefused() {
        List<AllowedTool> tools = List.of(new AllowedTool(CRM, "a"), new AllowedTool(DOCS, "b"));
        assertThat(ToolAllowlist.outsideProblems(tools, Set.of(CRM, DOCS), null, "c")).isEmpty();
        assertThat(ToolAllowlist.outsideProblems(tools, Set.of(CRM, DOCS), List.of(CRM), "c")).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("allowedTools[1].pluginId"))
                .satisfies(p -> assertThat(p.message()).contains("mcpPluginIds"));
        assertThat(ToolAllowlist.outsideProblems(tools, Set.of(DOCS), null, "c")).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("allowedTools[0].pluginId"))
                .satisfies(p -> assertThat(p.message()).contains("not an MCP integration of this organisation"));
    }

    @Test
    void duplicatesCollapseInOrderAndEntriesFollowTheirPlugins() {
        List<AllowedTool> tools = List.of(new AllowedTool(DOCS, "b"), new AllowedTool(CRM, "a"), new AllowedTool(DOCS, "b"));
        assertThat(ToolAllowlist.distinct(tools)).containsExactly(new AllowedTool(DOCS, "b"), new AllowedTool(CRM, "a"));
        assertThat(ToolAllowlist.within(tools, List.of(CRM))).containsExactly(new AllowedTool(CRM, "a"));
        assertThat(ToolAllowlist.within(null, List.of(CRM))).isNull();
        assertThat(ToolAllowlist.parse(ToolAllowlist.format(tools))).isEqualTo(tools);
        assertThat(ToolAllowlist.refs(tools)).first().isEqualTo(new ToolRef(DOCS, "b"));
    }
}

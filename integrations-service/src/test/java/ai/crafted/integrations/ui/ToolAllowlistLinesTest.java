package ai.crafted.integrations.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import ai.crafted.integrations.allowlist.AllowedTool;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.FieldProblem;
import ai.crafted.integrations.error.InvalidFields;

/** The forms' allowlist lines, without Quarkus. */
class ToolAllowlistLinesTest {

    private static final UUID CRM = UUID.randomUUID();
    private static final Map<String, UUID> SLUGS = Map.of("crm", CRM);

    @Test
    void linesNameToolsBySlugAndTheChoiceSaysWhetherTheyCount() {
        assertThat(ToolAllowlistLines.parse(null, "", SLUGS, "c").tools()).isNull();
        assertThat(ToolAllowlistLines.parse("all", "  ", SLUGS, "c").tools()).isNull();
        assertThat(ToolAllowlistLines.parse("some", "", SLUGS, "c").tools()).isEmpty();
        assertThat(ToolAllowlistLines.parse("some", "crm/lookup\r\n\n  crm / find/by-id \n", SLUGS, "c").tools())
                .containsExactly(new AllowedTool(CRM, "lookup"), new AllowedTool(CRM, "find/by-id"));
        assertThat(ToolAllowlistLines.linesOf(List.of(new AllowedTool(CRM, "lookup")), Map.of(CRM, "crm"))).isEqualTo("crm/lookup\n");
    }

    @Test
    void badLinesAreFieldErrorsOfTheTextarea() {
        for (String[] bad : new String[][] { { "all", "crm/lookup" }, { "most", "" }, { "some", "lookup" },
                { "some", "crm/" }, { "some", "/lookup" }, { "some", "billing/invoice" } }) {
            assertThatThrownBy(() -> ToolAllowlistLines.parse(bad[0], bad[1], SLUGS, "c")).as(String.join(" ", bad))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("allowedTools"));
        }
    }

    @Test
    void theApisProblemWithAnEntryNamesTheLine() {
        var lines = ToolAllowlistLines.parse("some", "crm/a\n\ncrm/" + "x".repeat(129), SLUGS, "c");
        var relabelled = lines.relabel(InvalidFields.of(List.of(FieldProblem.invalid("c", "allowedTools[1].name",
                "must be at most 128 characters"), FieldProblem.invalid("c", "name", "is required"))));
        assertThat(InvalidFields.problemsOf(relabelled)).extracting(FieldProblem::field).containsExactly("allowedTools", "name");
        assertThat(InvalidFields.problemsOf(relabelled).get(0).problem()).startsWith("“crm/xxx").endsWith("must be at most 128 characters");
    }
}

package ai.crafted.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ToolResultTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSummaryWithStructuredContentReachesTheModelWithTheData() throws Exception {
        // The handed-over value: the summary alone reached the model and the data was lost.
        String text = ToolResultText.of(JSON.readTree("""
                {"content":[{"type":"text","text":"Found 2 orders."}],
                 "structuredContent":{"orders":[{"id":"A-1","total":12.5},{"id":"A-2","total":3}]}}"""));
        assertThat(text).startsWith("Found 2 orders.").contains("structuredContent: {\"orders\":[{\"id\":\"A-1\"");
    }

    @Test
    void structuredContentIsNotRepeatedWhenTheTextAlreadyIsThatJson() throws Exception {
        String text = ToolResultText.of(JSON.readTree("""
                {"content":[{"type":"text","text":"{\\"temperature\\": 21.5, \\"unit\\": \\"C\\"}"}],
                 "structuredContent":{"unit":"C","temperature":21.5}}"""));
        assertThat(text).isEqualTo("{\"temperature\": 21.5, \"unit\": \"C\"}");
    }

    @Test
    void onlyStructuredContentOrNothingAtAll() throws Exception {
        assertThat(ToolResultText.of(JSON.readTree("{\"content\":[],\"structuredContent\":{\"ok\":true}}"))).isEqualTo("{\"ok\":true}");
        assertThat(ToolResultText.of(JSON.readTree("{\"content\":[]}"))).isEqualTo("(the tool returned no content)");
        assertThat(ToolResultText.of(JSON.readTree("""
                {"content":[{"type":"image","data":"AAAA","mimeType":"image/png"},{"type":"resource_link","uri":"file:///x"}]}""")))
                .isEqualTo("[image content (image/png) omitted]\n[resource link file:///x]");
    }

    @Test
    void resultsAreCutToTheirBudgetAndTheModelIsTold() {
        ToolResultBudget budget = new ToolResultBudget(65_536, 262_144);
        String huge = "x".repeat(1_000_018); // the handed-over size
        String fitted = budget.fit(List.of(huge)).get(0);
        assertThat(fitted).startsWith("x".repeat(65_536)).contains("cut to 65536 of 1000018 characters");
        assertThat(fitted.length()).isLessThan(65_536 + 200);
        assertThat(budget.fit(List.of("short"))).containsExactly("short");
    }

    @Test
    void oneRoundSharesItsBudgetFairlyAndSmallResultsStayWhole() {
        ToolResultBudget budget = new ToolResultBudget(1000, 1500);
        List<String> fitted = budget.fit(List.of("a".repeat(100), "b".repeat(5000), "c".repeat(5000)));
        assertThat(fitted.get(0)).isEqualTo("a".repeat(100));
        assertThat(fitted.get(1)).startsWith("b".repeat(700)).doesNotStartWith("b".repeat(701)).contains("cut to 700 of 5000");
        assertThat(fitted.get(2)).startsWith("c".repeat(700)).contains("cut to 700 of 5000");
    }

    @Test
    void eachServerMayHaveItsOwnLimitUpToTheHardCap() {
        ToolResultBudget budget = new ToolResultBudget(65_536, 4_000_000);
        String huge = "y".repeat(1_500_000);
        List<String> fitted = budget.fit(List.of(huge, huge, huge, "z".repeat(1_000)), java.util.Arrays.asList(300, 200_000, 2_000_000, null));
        assertThat(fitted.get(0)).contains("cut to 300 of 1500000");
        assertThat(fitted.get(1)).contains("cut to 200000 of 1500000");
        assertThat(fitted.get(2)).as("the hard cap").contains("cut to 1048576 of 1500000");
        assertThat(fitted.get(3)).isEqualTo("z".repeat(1_000));
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00".repeat(10);
        String fitted = new ToolResultBudget(5, 100).fit(List.of(emoji)).get(0);
        String kept = fitted.substring(0, fitted.indexOf('\n'));
        assertThat(kept).isEqualTo("\uD83D\uDE00".repeat(2));
    }
}

package ai.crafted.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolNamesTest {

    @Test
    void validNamesArePrefixedWithTheSlugAsTheSpecShows() {
        assertThat(ToolNames.exposedName("support-crm", "lookup_customer")).isEqualTo("support-crm__lookup_customer");
    }

    @Test
    void invalidCharactersAndOverlongNamesGetADeterministicHashedName() {
        String dotted = ToolNames.exposedName("crm", "customers.lookup");
        assertThat(dotted).matches("^[a-zA-Z0-9_-]{1,64}$").startsWith("crm__customers_lookup_");
        assertThat(ToolNames.exposedName("crm", "customers.lookup")).isEqualTo(dotted);

        String longName = ToolNames.exposedName("a-very-long-plugin-slug-of-32-ch", "and_an_even_longer_tool_name_that_does_not_fit");
        assertThat(longName).hasSizeLessThanOrEqualTo(64).matches("^[a-zA-Z0-9_-]+$");
    }

    @Test
    void namesThatSanitiseAlikeStayDistinct() {
        assertThat(ToolNames.exposedName("crm", "a.b")).isNotEqualTo(ToolNames.exposedName("crm", "a b"));
        assertThat(ToolNames.alternative("crm", "a_b", 1)).isNotEqualTo(ToolNames.exposedName("crm", "a_b"));
    }
}

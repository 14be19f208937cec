package ai.crafted.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalUuidTest {

    @Test
    void readsTheCanonicalFormInEitherCase() {
        UUID id = UUID.randomUUID();
        assertThat(CanonicalUuid.parse(id.toString())).contains(id);
        assertThat(CanonicalUuid.parse(id.toString().toUpperCase())).contains(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1-2-3-4-5", // UUID.fromString takes it as 00000001-0002-0003-0004-000000000005
            "0000000001-0002-0003-0004-000000000005",
            "+0000001-0002-0003-0004-000000000005",
            "１２３４５６７８-1234-1234-1234-123456789012", // fullwidth digits: Character.digit reads them
            "١٢٣٤٥٦٧٨-1234-1234-1234-123456789012", // Arabic-Indic digits
            "12345678-1234-1234-1234-12345678901g",
            "12345678_1234-1234-1234-123456789012",
            "123456781234-1234-1234-1234-12345678",
            "12345678-1234-1234-1234-123456789012 ",
            " 12345678-1234-1234-1234-123456789012",
            "12345678-1234-1234-1234-1234567890\u0000",
            "{12345678-1234-1234-1234-123456789012}",
            "",
            "not-a-uuid" })
    void refusesEverythingElse(String text) {
        assertThat(CanonicalUuid.parse(text)).isEmpty();
        assertThat(CanonicalUuid.is(text)).isFalse();
    }

    @Test
    void refusesNullWithoutThrowing() {
        assertThat(CanonicalUuid.parse(null)).isEmpty();
    }

    @Test
    void everyNonHexCharacterInAnyDigitPositionIsRefused() {
        String valid = "0123abcd-ef01-2345-6789-abcdef012345";
        for (int position = 0; position < valid.length(); position++) {
            for (char c = 0; c < 0x3100; c++) {
                String text = valid.substring(0, position) + c + valid.substring(position + 1);
                boolean dashPosition = position == 8 || position == 13 || position == 18 || position == 23;
                boolean expected = dashPosition ? c == '-' : "0123456789abcdefABCDEF".indexOf(c) >= 0;
                assertThat(CanonicalUuid.is(text)).as("U+%04X at %d", (int) c, position).isEqualTo(expected);
            }
        }
    }
}

package ai.crafted.integrations.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The README's error table lists every code the control-panel API can return. */
class ErrorCodesDocumentedTest {

    @Test
    void everyErrorCodeIsARowOfTheReadmeErrorTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> codes = new ArrayList<>();
        for (Field field : ErrorCodes.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                codes.add((String) field.get(null));
            }
        }
        assertThat(codes).hasSizeGreaterThanOrEqualTo(15);
        for (String code : codes) {
            assertThat(readme).as("README error table row for " + code).containsPattern("\\| \\d{3} \\| `" + code + "` \\|");
        }
    }
}

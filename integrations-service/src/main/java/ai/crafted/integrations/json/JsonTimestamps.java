package ai.crafted.integrations.json;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/** The API writes every instant as ISO-8601 UTC with exactly three fraction digits, as the spec shows. */
@Singleton
public class JsonTimestamps implements ObjectMapperCustomizer {

    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("crafted-timestamps").addSerializer(Instant.class,
                new StdSerializer<>(Instant.class) {
                    @Override
                    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
                            throws IOException {
                        gen.writeString(FORMAT.format(value));
                    }
                }));
    }
}

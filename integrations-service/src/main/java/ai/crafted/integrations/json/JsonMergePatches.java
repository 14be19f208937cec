package ai.crafted.integrations.json;

import jakarta.inject.Singleton;

import org.openapitools.jackson.nullable.JsonNullableModule;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Lets request records tell an absent field from an explicit null ({@code JsonNullable}), which
 * JSON merge patches (RFC 7396) need: absent keeps, null clears.
 */
@Singleton
public class JsonMergePatches implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new JsonNullableModule());
    }
}

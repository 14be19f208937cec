package ai.crafted.integrations.json;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import ai.crafted.http.CanonicalUuid;

/**
 * Path and query parameters typed {@link UUID} accept only the canonical 36-character form
 * ({@link CanonicalUuid}); the framework's default, {@link UUID#fromString}, also reads
 * {@code 1-2-3-4-5} or fullwidth digits, so one record would answer under many URLs. A refused
 * value fails the conversion, which JAX-RS answers with 404 for a path parameter (Jakarta REST
 * 3.1, section 3.2), rendered by the API's error mapper as {@code not_found}, "ids are UUIDs".
 */
@Provider
public class CanonicalUuidParameters implements ParamConverterProvider {

    private static final ParamConverter<UUID> CONVERTER = new ParamConverter<>() {
        @Override
        public UUID fromString(String value) {
            return CanonicalUuid.parse(value).orElseThrow(() -> new IllegalArgumentException("ids are UUIDs"));
        }

        @Override
        public String toString(UUID value) {
            return value.toString();
        }
    };

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        return rawType == UUID.class ? (ParamConverter<T>) CONVERTER : null;
    }
}

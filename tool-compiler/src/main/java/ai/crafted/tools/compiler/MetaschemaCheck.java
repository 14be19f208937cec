package ai.crafted.tools.compiler;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * Whether a tool's {@code inputSchema} is a JSON Schema at all, checked against its dialect's
 * metaschema with networknt's json-schema-validator (bundled metaschemas, no network). The
 * dialect is the one {@code $schema} names; without it 2020-12, the default the MCP
 * specification (2025-11-25, "JSON Schema Usage") gives tool schemas.
 */
final class MetaschemaCheck {

    /** Metaschemas come from the library's jar only: a tool schema never makes us fetch anything. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
    private static final Map<SpecificationVersion, Schema> METASCHEMAS = new ConcurrentHashMap<>();

    private MetaschemaCheck() {
    }

    /** Why {@code schema} is not valid for its dialect, in words; empty when it is. */
    static Optional<String> problem(JsonNode schema) {
        // The library finds its bundled metaschemas through the thread's context class loader,
        // which on Kafka and Vert.x threads of a packaged Quarkus app is not the one that has its
        // jar (it then tried the network: two minutes on the first refresh without internet).
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(MetaschemaCheck.class.getClassLoader());
        try {
            return check(schema);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Optional<String> check(JsonNode schema) {
        SpecificationVersion dialect = Optional.ofNullable(schema.get("$schema")).filter(JsonNode::isTextual)
                .flatMap(s -> SpecificationVersion.fromDialectId(normalise(s.asText())))
                .orElse(SpecificationVersion.DRAFT_2020_12);
        Schema metaschema = METASCHEMAS.computeIfAbsent(dialect, d -> REGISTRY.getSchema(SchemaLocation.of(d.getDialectId())));
        List<Error> errors = metaschema.validate(schema);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        Error first = errors.get(0);
        String at = first.getInstanceLocation() == null ? "" : first.getInstanceLocation().toString();
        return Optional.of("the input schema is not a valid JSON Schema (" + dialectName(dialect) + "): "
                + first.getMessage() + (at.isEmpty() || at.equals("$") ? "" : " at " + at));
    }

    /** Writers vary in the trailing '#' and in http/https; the registry knows one spelling each. */
    private static String normalise(String id) {
        String bare = id.endsWith("#") ? id.substring(0, id.length() - 1) : id;
        for (SpecificationVersion v : SpecificationVersion.values()) {
            String known = v.getDialectId();
            String knownBare = known.endsWith("#") ? known.substring(0, known.length() - 1) : known;
            if (knownBare.replace("https://", "http://").equals(bare.replace("https://", "http://"))) {
                return known;
            }
        }
        return id;
    }

    private static String dialectName(SpecificationVersion dialect) {
        return switch (dialect) {
            case DRAFT_4 -> "draft-04";
            case DRAFT_6 -> "draft-06";
            case DRAFT_7 -> "draft-07";
            case DRAFT_2019_09 -> "2019-09";
            case DRAFT_2020_12 -> "2020-12";
        };
    }
}

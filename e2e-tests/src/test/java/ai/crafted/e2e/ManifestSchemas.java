package ai.crafted.e2e;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Validates a Kubernetes manifest (one YAML document as a tree) offline, without a cluster:
 * <ul>
 * <li>built-in kinds and the Gateway API against the fabric8 Kubernetes object model (the API's
 * field names and types, generated from Kubernetes' OpenAPI; a field the model does not know is an
 * error, as with {@code kubectl apply --validate=strict});</li>
 * <li>operators' custom resources against the OpenAPI schema of their CustomResourceDefinition,
 * committed under {@code deploy/k8s/schemas/} (README there says from which release), where every
 * object with declared properties is closed unless the CRD preserves unknown fields.</li>
 * </ul>
 * A kind that is in neither is refused too, so no manifest goes unchecked.
 */
final class ManifestSchemas {

    /** No scalar coercion: the API server refuses {@code runAsNonRoot: "true"} or {@code replicas: "2"}, so must we. */
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.coercionConfigDefaults().setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.String,
                com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
        JSON.disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);
    }
    /** apiVersion + "/" + kind → the fabric8 model class. */
    private static final Map<String, Class<?>> MODELS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Namespace", Namespace.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "gateway.networking.k8s.io/v1/Gateway", Gateway.class,
            "gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class);
    private static final SchemaRegistry OPENAPI = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(),
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

    private final Path schemaDirectory;
    private final Map<String, Schema> crdSchemas = new ConcurrentHashMap<>();

    /** @param schemaDirectory the folder of {@code <group>_<version>_<Kind>.json} CRD schemas */
    ManifestSchemas(Path schemaDirectory) {
        this.schemaDirectory = schemaDirectory;
    }

    /** What is wrong with {@code manifest}, one line per problem with its JSON path; empty when valid. */
    List<String> problems(JsonNode manifest) {
        String apiVersion = manifest.path("apiVersion").asText();
        String kind = manifest.path("kind").asText();
        Class<?> model = MODELS.get(apiVersion + "/" + kind);
        if (model != null) {
            return modelProblems(manifest, model);
        }
        Path schema = schemaDirectory.resolve(apiVersion.replace('/', '_') + "_" + kind + ".json");
        if (!Files.exists(schema)) {
            return List.of("no schema for " + apiVersion + " " + kind + ": add its model or its CRD schema (deploy/k8s/schemas)");
        }
        return crdSchemas.computeIfAbsent(schema.toString(), s -> load(schema)).validate(manifest).stream()
                .map(error -> error.getInstanceLocation() + ": " + error.getMessage()).toList();
    }

    private static List<String> modelProblems(JsonNode manifest, Class<?> model) {
        Object object;
        try {
            object = JSON.treeToValue(manifest, model);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of(e.getOriginalMessage());
        }
        List<String> problems = new ArrayList<>();
        unknownFields(object, "$", problems, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return problems;
    }

    /**
     * fabric8's model keeps fields it does not know in {@code additionalProperties} instead of
     * failing: walk the object graph and report every such field with its path.
     */
    private static void unknownFields(Object value, String path, List<String> problems, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, problems, seen));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties") && fieldValue instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> problems.add(path + "." + key + ": not a field of " + value.getClass().getSimpleName()));
                } else {
                    unknownFields(fieldValue, path + "." + field.getName(), problems, seen);
                }
            }
        }
    }

    private static Schema load(Path file) {
        try {
            ObjectNode schema = (ObjectNode) JSON.readTree(file.toFile());
            // Every custom resource has these; some CRDs leave them out of their schema.
            ObjectNode root = schema.with("properties");
            root.putIfAbsent("apiVersion", JSON.createObjectNode().put("type", "string"));
            root.putIfAbsent("kind", JSON.createObjectNode().put("type", "string"));
            root.putIfAbsent("metadata", JSON.createObjectNode().put("type", "object"));
            closeObjects(schema);
            return OPENAPI.getSchema(schema);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /**
     * The API server prunes fields a structural CRD schema does not declare (and strict validation
     * reports them); JSON Schema allows them unless told: close every object schema that declares
     * properties and neither preserves unknown fields nor says what else it allows.
     */
    private static void closeObjects(JsonNode node) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        if (schema.has("properties") && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                && !schema.has("additionalProperties")) {
            schema.put("additionalProperties", false);
        }
        schema.path("properties").forEach(ManifestSchemas::closeObjects);
        closeObjects(schema.path("items"));
        closeObjects(schema.path("additionalProperties"));
        // Not inside allOf/anyOf/oneOf: structural CRD schemas use those only to add constraints
        // (required, patterns) to the properties declared beside them.
    }
}

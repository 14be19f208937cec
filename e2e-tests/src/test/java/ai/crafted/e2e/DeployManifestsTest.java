package ai.crafted.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import ai.crafted.events.TopicSpec;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.stack.LocalStack;
import ai.crafted.testsupport.stack.ServiceSpec;

/** Every manifest under deploy/ parses and agrees with the services' own configuration. */
class DeployManifestsTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Path ROOT = Path.of(System.getProperty("crafted.repo.root", "..")).toAbsolutePath().normalize();
    private static final List<JsonNode> K8S = new ArrayList<>();

    @BeforeAll
    static void parseEveryManifest() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("deploy/k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                try (var parser = new YAMLFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).readAll().stream().filter(d -> !d.isNull()).forEach(K8S::add);
                }
            }
        }
        assertThat(K8S).isNotEmpty();
    }

    @Test
    void everyServiceHasADeploymentWithProbesOnTheManagementPortResourcesAndItsConfiguredPort() throws IOException {
        for (ServiceSpec spec : LocalStack.SERVICES) {
            Properties config = applicationProperties(spec.name());
            JsonNode deployment = resource("Deployment", spec.name());
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            assertThat(container.path("image").asText()).as(spec.name()).isEqualTo(image(config));
            assertThat(container.at("/ports/0/containerPort").asInt()).as(spec.name())
                    .isEqualTo(Integer.parseInt(config.getProperty("quarkus.http.port")));
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            // Health, metrics and OpenAPI are on the management interface (port 9000 in prod), not in the Service.
            assertThat(config.getProperty("quarkus.management.enabled")).as(spec.name()).isEqualTo("true");
            assertThat(container.at("/ports/1/name").asText()).isEqualTo("management");
            assertThat(container.at("/ports/1/containerPort").asInt()).isEqualTo(9000);
            assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("management");
            assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("management");
            assertThat(resource("Service", spec.name()).path("spec").path("ports")).as(spec.name())
                    .allSatisfy(port -> assertThat(port.path("port").asInt()).isNotEqualTo(9000));
            assertThat(container.at("/resources/requests/cpu").asText()).isNotEmpty();
            assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
            List<JsonNode> env = new ArrayList<>();
            container.path("env").forEach(env::add);
            assertThat(env).as(spec.name() + " gets secrets only through Secret references")
                    .filteredOn(e -> e.path("name").asText().matches(".*(KEYRING|PASSWORD|API_KEY).*"))
                    .allSatisfy(e -> assertThat(e.at("/valueFrom/secretKeyRef/name").asText()).isNotEmpty());
            assertThat(resource("Service", spec.name()).at("/spec/ports/0/port").asInt())
                    .isEqualTo(Integer.parseInt(config.getProperty("quarkus.http.port")));
            if (spec.database() != null) {
                assertThat(env).anySatisfy(e -> assertThat(e.path("value").asText()).endsWith("/" + spec.database()));
            }
        }
    }

    @Test
    void everyTopicTheServicesUseIsDeclaredWithItsCleanupPolicy() throws IOException {
        Map<String, JsonNode> declared = new HashMap<>();
        K8S.stream().filter(d -> d.path("kind").asText().equals("KafkaTopic"))
                .forEach(d -> declared.put(d.at("/spec/topicName").asText(), d));
        for (TopicSpec topic : Topics.ALL) {
            JsonNode resource = declared.get(topic.name());
            assertThat(resource).as(topic.name()).isNotNull();
            assertThat(resource.at("/spec/partitions").asInt()).isGreaterThanOrEqualTo(topic.partitions());
            assertThat(resource.at("/spec/config/cleanup.policy").asText()).as(topic.name())
                    .isEqualTo(topic.compacted() ? "compact" : "delete");
        }
        for (ServiceSpec spec : LocalStack.SERVICES) {
            applicationProperties(spec.name()).forEach((key, value) -> {
                String k = key.toString();
                if (k.startsWith("mp.messaging.") && (k.endsWith(".topic") || k.endsWith(".dead-letter-queue.topic"))) {
                    assertThat(declared).as(spec.name() + ": " + k).containsKey(value.toString());
                }
            });
        }
    }

    @Test
    void theComposeFileRunsEveryServiceOnItsPortAndTheDatabasesExist() throws IOException {
        JsonNode compose = YAML.readTree(ROOT.resolve("deploy/compose/docker-compose.yml").toFile());
        for (ServiceSpec spec : LocalStack.SERVICES) {
            JsonNode service = compose.at("/services/" + spec.name());
            assertThat(service.path("image").asText()).isEqualTo(image(applicationProperties(spec.name())));
            assertThat(service.at("/ports/0").asText()).isEqualTo(spec.port() + ":" + spec.port());
        }
        String init = Files.readString(ROOT.resolve("deploy/compose/init-databases.sql"));
        assertThat(init).contains("create database catalog").contains("create database whatsapp");
        assertThat(resource("Cluster", "crafted-pg").at("/spec/bootstrap/initdb/database").asText()).isEqualTo("integrations");
    }

    /** The image the Quarkus container-image extension builds for a service. */
    private static String image(Properties config) {
        return config.getProperty("quarkus.container-image.registry") + "/" + config.getProperty("quarkus.container-image.group")
                + "/" + config.getProperty("quarkus.application.name") + ":" + config.getProperty("quarkus.container-image.tag");
    }

    private static JsonNode resource(String kind, String name) {
        return K8S.stream().filter(d -> d.path("kind").asText().equals(kind) && d.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/k8s"));
    }

    private static Properties applicationProperties(String service) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ROOT.resolve(service + "/src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }
}

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
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import ai.crafted.events.TopicSpec;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.stack.LocalStack;
import ai.crafted.testsupport.stack.ServiceSpec;

/**
 * Every manifest under deploy/ is valid against its schema, agrees with the services' own
 * configuration, and holds what a platform team asks of a production deploy: hardened pods,
 * disruption budgets, spreading, autoscaling within the partitions, a termination grace that
 * covers each service's shutdown, default-deny NetworkPolicies with the database and Kafka
 * reachable only from their owners and no private or metadata address from the services, and the
 * three public surfaces behind TLS with body limits and streaming-friendly timeouts. Pod
 * hardening, disruption budgets and spreading are checked for every Deployment found, so a new one
 * without a PodDisruptionBudget or a securityContext fails here; termination, database and network
 * checks go over the services.
 */
class DeployManifestsTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Path ROOT = Path.of(System.getProperty("crafted.repo.root", "..")).toAbsolutePath().normalize();
    /** Every document of the files under deploy/k8s (kustomizations left out). */
    private static final List<JsonNode> FILES = new ArrayList<>();
    /** What the checks look at: the built production overlay where kubectl exists, else {@link #FILES}. */
    private static final List<JsonNode> K8S = new ArrayList<>();
    private static final String NAMESPACE = "crafted";
    /** One validator for every test: each CRD schema is read and compiled once. */
    private static final ManifestSchemas SCHEMAS = new ManifestSchemas(ROOT.resolve("deploy/k8s/schemas"));
    private static final Map<String, Properties> CONFIG = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Each service's stop after SIGTERM with nothing in flight, rounded up, as measured (README,
     * Shutdown: 2.8, 2.0, 1.9 and 3.6 s): the grace must cover preStop + drain + this.
     */
    private static final Map<String, Integer> MEASURED_IDLE_STOP_SECONDS = Map.of(
            "integrations-service", 3, "catalog-refresher", 2, "gateway-service", 2, "whatsapp-worker", 4);

    @BeforeAll
    static void parseEveryManifest() throws Exception {
        try (Stream<Path> files = Files.walk(ROOT.resolve("deploy/k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                try (var parser = new YAMLFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).readAll().stream()
                            .filter(d -> !d.isNull() && !d.path("kind").asText().equals("Kustomization")).forEach(FILES::add);
                }
            }
        }
        assertThat(FILES).isNotEmpty();
        // Check what is deployed: the production overlay as kustomize builds it (its patches could
        // undo what the base files say), or the files themselves where kubectl is not installed.
        K8S.addAll(kubectl() == null ? FILES : productionOverlay());
    }

    private static Path kubectl() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static List<JsonNode> productionOverlay() throws Exception {
        Process build = new ProcessBuilder(kubectl().toString(), "kustomize", ROOT.resolve("deploy/k8s/overlays/production").toString())
                .redirectErrorStream(true).start();
        byte[] output = build.getInputStream().readAllBytes();
        assertThat(build.waitFor()).as(new String(output, java.nio.charset.StandardCharsets.UTF_8)).isZero();
        try (var parser = new YAMLFactory().createParser(output)) {
            return YAML.readValues(parser, JsonNode.class).readAll();
        }
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
                    .filteredOn(e -> e.path("name").asText().matches(".*(KEYRING|PASSWORD|SECRET|TOKEN|_KEY|KEY_ID).*"))
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
        ofKind("KafkaTopic").stream()
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

    @Test
    void everyManifestIsValidAgainstTheKubernetesOrItsCustomResourceSchema() {
        SoftAssertions.assertSoftly(softly -> K8S.forEach(manifest -> softly.assertThat(SCHEMAS.problems(manifest))
                .as(manifest.path("kind").asText() + " " + manifest.at("/metadata/name").asText()).isEmpty()));
    }

    @Test
    void theSchemaCheckRefusesUnknownFieldsWrongTypesAndUncheckedKinds() {
        ObjectNode deployment = resource("Deployment", "gateway-service").deepCopy();
        ((ObjectNode) deployment.at("/spec/template/spec")).set("securityContex", deployment.at("/spec/template/spec/securityContext"));
        assertThat(SCHEMAS.problems(deployment)).singleElement().asString().contains("securityContex");

        ObjectNode budget = resource("PodDisruptionBudget", "gateway-service").deepCopy();
        ((ObjectNode) budget.path("spec")).putArray("selector");
        assertThat(SCHEMAS.problems(budget)).as("a selector given as a list").isNotEmpty();

        ObjectNode topic = ofKind("KafkaTopic").stream().findFirst().orElseThrow().deepCopy();
        ((ObjectNode) topic.path("spec")).put("partitions", "three");
        ((ObjectNode) topic.path("spec")).put("partition", 3);
        assertThat(SCHEMAS.problems(topic)).hasSize(2);

        ObjectNode policy = resource("BackendTrafficPolicy", "openai-api").deepCopy();
        ((ObjectNode) policy.path("spec")).putObject("requestBuffer").put("limt", "1Mi");
        assertThat(SCHEMAS.problems(policy)).singleElement().asString().contains("limt");

        ObjectNode unknown = YAML.createObjectNode().put("apiVersion", "example.com/v1").put("kind", "Widget");
        assertThat(SCHEMAS.problems(unknown)).singleElement().asString().contains("no schema");
    }

    @Test
    void everyDeploymentRunsAsNonRootReadOnlyWithoutCapabilitiesOrAServiceAccountToken() {
        assertThat(deployments()).hasSizeGreaterThanOrEqualTo(LocalStack.SERVICES.size());
        SoftAssertions.assertSoftly(softly -> {
            for (JsonNode deployment : deployments()) {
                String name = deployment.at("/metadata/name").asText();
                JsonNode pod = deployment.at("/spec/template/spec");
                softly.assertThat(pod.path("automountServiceAccountToken").isBoolean() && !pod.path("automountServiceAccountToken").asBoolean())
                        .as(name + ": automountServiceAccountToken false").isTrue();
                softly.assertThat(pod.at("/securityContext/runAsNonRoot").isBoolean() && pod.at("/securityContext/runAsNonRoot").asBoolean())
                        .as(name + ": runAsNonRoot").isTrue();
                softly.assertThat(pod.at("/securityContext/seccompProfile/type").asText()).as(name + ": seccompProfile")
                        .isEqualTo("RuntimeDefault");
                for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
                    softly.assertThat(pod.path(host).asBoolean(false)).as(name + ": " + host).isFalse();
                }
                softly.assertThat(pod.path("volumes").findValues("hostPath")).as(name + ": hostPath volumes").isEmpty();
                softly.assertThat(pod.path("volumes").findValues("serviceAccountToken")).as(name + ": a projected token").isEmpty();
                Map<String, JsonNode> volumes = new HashMap<>();
                pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
                List<JsonNode> containers = new ArrayList<>();
                pod.path("initContainers").forEach(containers::add);
                pod.path("containers").forEach(containers::add);
                for (JsonNode container : containers) {
                    String where = name + "/" + container.path("name").asText();
                    JsonNode security = container.path("securityContext");
                    softly.assertThat(security.path("allowPrivilegeEscalation").isBoolean()
                            && !security.path("allowPrivilegeEscalation").asBoolean()).as(where + ": allowPrivilegeEscalation false").isTrue();
                    softly.assertThat(security.path("readOnlyRootFilesystem").isBoolean() && security.path("readOnlyRootFilesystem").asBoolean())
                        .as(where + ": readOnlyRootFilesystem").isTrue();
                    softly.assertThat(security.path("privileged").asBoolean(false)).as(where + ": privileged").isFalse();
                    softly.assertThat(texts(security.at("/capabilities/drop"))).as(where + ": capabilities dropped").contains("ALL");
                    softly.assertThat(texts(security.at("/capabilities/add"))).as(where + ": capabilities added").isEmpty();
                    softly.assertThat(security.path("runAsUser").asInt(1)).as(where + ": runAsUser").isNotZero();
                    softly.assertThat(security.path("runAsNonRoot").asBoolean(true)).as(where + ": runAsNonRoot not turned off").isTrue();
                    softly.assertThat(security.at("/seccompProfile/type").asText("RuntimeDefault")).as(where + ": seccomp").isIn("RuntimeDefault", "Localhost");
                    softly.assertThat(container.path("ports").findValues("hostPort")).as(where + ": hostPort").isEmpty();
                    softly.assertThat(container.path("volumeMounts")).as(where + ": a writable /tmp on an emptyDir")
                            .anySatisfy(mount -> {
                                assertThat(mount.path("mountPath").asText()).isEqualTo("/tmp");
                                JsonNode volume = volumes.get(mount.path("name").asText());
                                assertThat(volume != null && volume.has("emptyDir")).as("an emptyDir volume").isTrue();
                            });
                }
            }
        });
        assertThat(resource("Namespace", NAMESPACE).at("/metadata/labels/pod-security.kubernetes.io~1enforce").asText())
                .as("Pod Security Admission level enforced on the namespace").isEqualTo("restricted");
    }

    @Test
    void everyDeploymentHasADisruptionBudgetAndSpreadsOverZonesAndNodes() {
        SoftAssertions.assertSoftly(softly -> {
            for (JsonNode deployment : deployments()) {
                String name = deployment.at("/metadata/name").asText();
                Map<String, String> podLabels = labels(deployment.at("/spec/template/metadata/labels"));
                List<JsonNode> budgets = ofKind("PodDisruptionBudget").stream()
                        .filter(d -> matches(d.at("/spec/selector/matchLabels"), podLabels)).toList();
                softly.assertThat(budgets).as(name + ": PodDisruptionBudgets selecting its pods").hasSize(1);
                budgets.forEach(budget -> {
                    softly.assertThat(budget.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText())
                            .as(name + ": the budget selects this Deployment's pods only").isEqualTo(name);
                    int minReplicas = minReplicas(deployment);
                    boolean allowsOneEviction = budget.at("/spec/maxUnavailable").asInt(0) >= 1
                            || (budget.at("/spec/minAvailable").isInt() && budget.at("/spec/minAvailable").asInt() < minReplicas);
                    softly.assertThat(allowsOneEviction).as(name + ": a node drain can evict one pod").isTrue();
                    softly.assertThat(minReplicas).as(name + ": replicas (or autoscaler minimum) keep one serving during an eviction")
                            .isGreaterThanOrEqualTo(2);
                });
                Map<String, JsonNode> spread = new HashMap<>();
                deployment.at("/spec/template/spec/topologySpreadConstraints")
                        .forEach(c -> spread.put(c.path("topologyKey").asText(), c));
                for (String key : List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname")) {
                    softly.assertThat(spread).as(name + ": spread over " + key).containsKey(key);
                    if (spread.containsKey(key)) {
                        softly.assertThat(matches(spread.get(key).at("/labelSelector/matchLabels"), podLabels))
                                .as(name + ": the " + key + " spread counts its own pods").isTrue();
                        softly.assertThat(spread.get(key).path("maxSkew").asInt()).isEqualTo(1);
                    }
                }
            }
        });
    }

    @Test
    void theTerminationGraceCoversPreStopDrainAndTheMeasuredShutdownOfEachService() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (ServiceSpec spec : LocalStack.SERVICES) {
            JsonNode pod = resource("Deployment", spec.name()).at("/spec/template/spec");
            String drain = applicationProperties(spec.name()).getProperty("quarkus.shutdown.timeout");
            softly.assertThat(drain).as(spec.name() + ": quarkus.shutdown.timeout (requests under way finish)").isNotNull();
            long preStop = pod.at("/containers/0/lifecycle/preStop/sleep/seconds").asLong();
            softly.assertThat(preStop).as(spec.name() + ": preStop sleep while endpoints drop the pod").isBetween(3L, 15L);
            long needed = preStop + (drain == null ? 0 : Duration.parse("PT" + drain.toUpperCase()).toSeconds())
                    + MEASURED_IDLE_STOP_SECONDS.get(spec.name());
            softly.assertThat(pod.path("terminationGracePeriodSeconds").asLong()).as(spec.name()
                    + ": terminationGracePeriodSeconds, at least preStop + drain + measured stop (" + needed + " s), not a stuck rollout")
                    .isBetween(needed, needed + 15);
        }
        softly.assertAll();
    }

    @Test
    void theGatewayAndTheWorkerAutoscaleAndTheWorkerNeverBeyondItsTopicsPartitions() {
        JsonNode gateway = autoscalerOf("gateway-service");
        assertThat(gateway.at("/spec/metrics")).anySatisfy(metric -> {
            assertThat(metric.path("type").asText()).isEqualTo("Resource");
            assertThat(metric.at("/resource/name").asText()).isEqualTo("cpu");
        });
        JsonNode worker = autoscalerOf("whatsapp-worker");
        int partitions = ofKind("KafkaTopic").stream()
                .filter(d -> d.at("/spec/topicName").asText().equals(Topics.WHATSAPP_INBOUND))
                .findFirst().orElseThrow().at("/spec/partitions").asInt();
        assertThat(worker.at("/spec/maxReplicas").asInt()).as("worker replicas at most the partitions of " + Topics.WHATSAPP_INBOUND)
                .isBetween(2, partitions);
        for (JsonNode autoscaler : ofKind("HorizontalPodAutoscaler")) {
            JsonNode deployment = resource("Deployment", autoscaler.at("/spec/scaleTargetRef/name").asText());
            assertThat(deployment.at("/spec/replicas").isMissingNode()).as(deployment.at("/metadata/name").asText()
                    + ": no spec.replicas (every apply would reset what the autoscaler chose)").isTrue();
            assertThat(autoscaler.at("/spec/minReplicas").asInt()).isGreaterThanOrEqualTo(2)
                    .isLessThanOrEqualTo(autoscaler.at("/spec/maxReplicas").asInt());
        }
    }

    @Test
    void theNamespaceDeniesByDefaultAndPostgresAndKafkaAnswerOnlyTheirOwners() throws IOException {
        NetworkPolicies policies = networkPolicies();
        assertThat(K8S).as("a default-deny policy for the whole namespace").anySatisfy(d -> {
            assertThat(d.path("kind").asText()).isEqualTo("NetworkPolicy");
            assertThat(d.at("/spec/podSelector").isEmpty()).isTrue();
            assertThat(texts(d.at("/spec/policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(d.at("/spec/ingress").isMissingNode() && d.at("/spec/egress").isMissingNode()).isTrue();
        });
        NetworkPolicies.Pod stranger = NetworkPolicies.Pod.of(NAMESPACE, Map.of("app", "debug-shell"), Map.of());
        NetworkPolicies.Pod otherNamespace = NetworkPolicies.Pod.of("tenant-b", Map.of("app.kubernetes.io/name", "gateway-service"), Map.of());
        NetworkPolicies.Pod postgres = NetworkPolicies.Pod.of(NAMESPACE, Map.of("cnpg.io/cluster", "crafted-pg"), Map.of());
        NetworkPolicies.Pod kafka = NetworkPolicies.Pod.of(NAMESPACE, Map.of("strimzi.io/cluster", "crafted-kafka", "strimzi.io/kind", "Kafka"), Map.of());
        NetworkPolicies.Pod dns = NetworkPolicies.Pod.of("kube-system", Map.of("k8s-app", "kube-dns"), Map.of());

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(policies.allows(stranger, postgres, 5432)).as("an unlabelled pod to PostgreSQL").isFalse();
        softly.assertThat(policies.allows(otherNamespace, postgres, 5432)).as("another namespace to PostgreSQL").isFalse();
        softly.assertThat(policies.allowsOut(stranger, "93.184.215.14", 443)).as("an unlabelled pod to the internet").isFalse();
        softly.assertThat(policies.allows(stranger, dns, 53)).as("DNS for every pod").isTrue();
        softly.assertThat(policies.allows(stranger, kafka, 9092)).as("an unlabelled pod to Kafka").isFalse();
        softly.assertThat(policies.admits(stranger, postgres, 5432)).as("PostgreSQL's own policy admits an unlabelled pod").isFalse();
        softly.assertThat(policies.admits(stranger, kafka, 9092)).as("Kafka's listener policy admits an unlabelled pod").isFalse();
        softly.assertThat(policies.allows(otherNamespace, kafka, 9092)).as("another namespace to Kafka").isFalse();
        List<String> kafkaPeers = new ArrayList<>();
        resource("Kafka", "crafted-kafka").at("/spec/kafka/listeners").forEach(listener -> listener.path("networkPolicyPeers")
                .forEach(peer -> kafkaPeers.add(peer.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText())));
        for (ServiceSpec spec : LocalStack.SERVICES) {
            NetworkPolicies.Pod service = pod(spec.name());
            softly.assertThat(policies.allows(service, postgres, 5432)).as(spec.name() + " to PostgreSQL (owns a database: "
                    + (spec.database() != null) + ")").isEqualTo(spec.database() != null);
            softly.assertThat(policies.allows(service, kafka, 9092)).as(spec.name() + " to Kafka").isTrue();
            // The same pod in another namespace (labels are anyone's to set there) reaches nothing here.
            NetworkPolicies.Pod impersonator = NetworkPolicies.Pod.of("tenant-b", service.labels(), service.namedPorts());
            for (NetworkPolicies.Pod target : List.of(postgres, kafka, pod("gateway-service"),
                    NetworkPolicies.Pod.of(NAMESPACE, Map.of("app", "keycloak"), Map.of()))) {
                for (int port : List.of(5432, 9092, 8080, 7800, 57800)) {
                    softly.assertThat(policies.admits(impersonator, target, port))
                            .as(spec.name() + "'s labels in another namespace to " + target.labels() + ":" + port).isFalse();
                }
            }
            boolean usesKafka = applicationProperties(spec.name()).stringPropertyNames().stream().anyMatch(k -> k.startsWith("mp.messaging."));
            softly.assertThat(kafkaPeers.contains(spec.name())).as(spec.name() + " among the Kafka listener's networkPolicyPeers")
                    .isEqualTo(usesKafka);
        }
        softly.assertThat(kafkaPeers).as("Kafka listener peers: the services only").hasSize(LocalStack.SERVICES.size());
        // Pods the operators make: Keycloak, its realm import Job (labels as the Keycloak operator sets them).
        NetworkPolicies.Pod keycloak = NetworkPolicies.Pod.of(NAMESPACE, Map.of("app", "keycloak"), Map.of());
        NetworkPolicies.Pod realmImport = NetworkPolicies.Pod.of(NAMESPACE, Map.of("app", "keycloak-realm-import"), Map.of());
        softly.assertThat(policies.allows(keycloak, postgres, 5432)).as("Keycloak to its database").isTrue();
        softly.assertThat(policies.allows(realmImport, postgres, 5432)).as("the realm import to Keycloak's database").isTrue();
        for (int port : List.of(7800, 57800)) {
            softly.assertThat(policies.allows(keycloak, keycloak, port)).as("Keycloak's cache cluster on " + port).isTrue();
        }
        softly.assertThat(policies.allows(keycloak, kafka, 9092)).as("Keycloak to Kafka").isFalse();
        softly.assertAll();
    }

    @Test
    void eachServiceOpensOnlyItsOwnDatabaseWithItsOwnRole() {
        JsonNode cluster = resource("Cluster", "crafted-pg");
        Map<String, String> secretOfRole = new HashMap<>();
        // CloudNativePG writes the bootstrap owner's credentials to <cluster>-app.
        secretOfRole.put(cluster.at("/spec/bootstrap/initdb/owner").asText(), "crafted-pg-app");
        cluster.at("/spec/managed/roles").forEach(r -> secretOfRole.put(r.path("name").asText(), r.at("/passwordSecret/name").asText()));
        Map<String, String> ownerOfDatabase = new HashMap<>();
        ownerOfDatabase.put(cluster.at("/spec/bootstrap/initdb/database").asText(), cluster.at("/spec/bootstrap/initdb/owner").asText());
        ofKind("Database").stream()
                .forEach(d -> ownerOfDatabase.put(d.at("/spec/name").asText(), d.at("/spec/owner").asText()));
        SoftAssertions softly = new SoftAssertions();
        List<String> owners = new ArrayList<>();
        for (ServiceSpec spec : LocalStack.SERVICES) {
            if (spec.database() == null) {
                continue;
            }
            String owner = ownerOfDatabase.get(spec.database());
            owners.add(owner);
            softly.assertThat(owner).as(spec.name() + ": its database " + spec.database() + " exists").isNotNull();
            JsonNode env = resource("Deployment", spec.name()).at("/spec/template/spec/containers/0/env");
            for (String variable : List.of("DB_USER", "DB_PASSWORD")) {
                String secret = StreamSupport.stream(env.spliterator(), false).filter(e -> e.path("name").asText().equals(variable))
                        .map(e -> e.at("/valueFrom/secretKeyRef/name").asText()).findFirst().orElse("");
                softly.assertThat(secret).as(spec.name() + ": " + variable + " from the Secret of its database's owner " + owner)
                        .isEqualTo(secretOfRole.get(owner));
            }
        }
        softly.assertThat(owners).as("one role per database").doesNotHaveDuplicates();
        softly.assertAll();
    }

    @Test
    void keycloakGetsItsSecretsItsOwnDatabaseRoleAndAnAdminOnlyOrganisationsAttribute() throws IOException {
        JsonNode realmImport = ofKind("KeycloakRealmImport").stream().findFirst().orElseThrow();
        Matcher placeholder = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(realmImport.path("spec").path("realm").toString());
        List<String> used = new ArrayList<>();
        while (placeholder.find()) {
            used.add(placeholder.group(1));
        }
        assertThat(used).as("placeholders in the realm").isNotEmpty();
        assertThat(used).as("each filled in from a Secret").allSatisfy(name ->
                assertThat(realmImport.at("/spec/placeholders/" + name + "/secret/name").asText()).isNotEmpty());

        JsonNode profiles = realmImport.at("/spec/realm/components/org.keycloak.userprofile.UserProfileProvider");
        JsonNode profile = YAML.readTree(profiles.at("/0/config/kc.user.profile.config/0").asText());
        Map<String, JsonNode> attributes = new HashMap<>();
        profile.path("attributes").forEach(a -> attributes.put(a.path("name").asText(), a));
        assertThat(attributes).containsKeys("username", "email", "crafted_orgs");
        assertThat(texts(attributes.get("crafted_orgs").at("/permissions/edit"))).as("who may set crafted_orgs").containsExactly("admin");
        assertThat(texts(attributes.get("crafted_orgs").at("/permissions/view"))).as("who may see crafted_orgs").containsExactly("admin");
        assertThat(realmImport.toString()).as("the claim is mapped from that attribute").contains("\"user.attribute\":\"crafted_orgs\"");

        JsonNode db = resource("Keycloak", "crafted-keycloak").at("/spec/db");
        JsonNode cluster = resource("Cluster", "crafted-pg");
        String owner = ofKind("Database").stream().filter(d -> d.at("/spec/name").asText().equals(db.path("database").asText()))
                .map(d -> d.at("/spec/owner").asText()).findFirst().orElse("");
        String roleSecret = StreamSupport.stream(cluster.at("/spec/managed/roles").spliterator(), false)
                .filter(r -> r.path("name").asText().equals(owner)).map(r -> r.at("/passwordSecret/name").asText()).findFirst().orElse("");
        assertThat(db.at("/passwordSecret/name").asText()).as("Keycloak's database password: its own role's Secret").isNotEmpty().isEqualTo(roleSecret);

        JsonNode env = resource("Deployment", "integrations-service").at("/spec/template/spec/containers/0/env");
        assertThat(env).as("TLS ends at the edge: the UI's redirect URIs still say https").anySatisfy(e -> {
            assertThat(e.path("name").asText()).isEqualTo("QUARKUS_OIDC_UI_AUTHENTICATION_FORCE_REDIRECT_HTTPS_SCHEME");
            assertThat(e.path("value").asText()).isEqualTo("true");
        });
    }

    @Test
    void theKafkaVersionIsOneTheStrimziReleaseSupports() throws IOException {
        List<String> supported = Files.readAllLines(ROOT.resolve("deploy/k8s/schemas/strimzi-supported-kafka-versions.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(resource("Kafka", "crafted-kafka").at("/spec/kafka/version").asText()).isIn(supported);
    }

    @Test
    void noServiceIsLeftWithALoopbackDefaultInProduction() throws IOException {
        // ${VAR:http://127.0.0.1...} is right on a laptop and wrong in a pod: each such VAR is set.
        Pattern local = Pattern.compile("\\$\\{([A-Z0-9_]+):[^}]*(127\\.0\\.0\\.1|localhost)[^}]*}");
        SoftAssertions softly = new SoftAssertions();
        for (ServiceSpec spec : LocalStack.SERVICES) {
            List<String> set = new ArrayList<>();
            resource("Deployment", spec.name()).at("/spec/template/spec/containers/0/env").forEach(e -> set.add(e.path("name").asText()));
            Properties config = applicationProperties(spec.name());
            for (String key : config.stringPropertyNames()) {
                if (key.startsWith("%test.") || key.startsWith("%dev.")) {
                    continue;
                }
                Matcher m = local.matcher(config.getProperty(key));
                while (m.find()) {
                    softly.assertThat(set).as(spec.name() + ": " + key + " defaults to a loopback address; its Deployment sets " + m.group(1))
                            .contains(m.group(1));
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void operatorMadePodsMeetTheNamespacesPodSecurityLevel() {
        JsonNode template = resource("Keycloak", "crafted-keycloak").at("/spec/unsupported/podTemplate/spec");
        assertThat(template.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(template.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(template.path("containers")).isNotEmpty().allSatisfy(c -> {
            assertThat(c.at("/securityContext/allowPrivilegeEscalation").isBoolean()
                    && !c.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isTrue();
            assertThat(texts(c.at("/securityContext/capabilities/drop"))).contains("ALL");
        });
    }

    @Test
    void theServicesReachTheInternetButNoPrivateLinkLocalOrMetadataAddress() {
        NetworkPolicies policies = networkPolicies();
        List<String> refused = List.of("169.254.169.254", "10.0.0.1", "10.96.0.1", "172.16.0.10", "172.31.255.1", "192.168.1.1",
                "100.64.0.1", "127.0.0.1", "0.0.0.0", "fd00:ec2::254", "fe80::1", "::1", "::ffff:169.254.169.254");
        List<String> allowed = List.of("93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111");
        SoftAssertions softly = new SoftAssertions();
        for (ServiceSpec spec : LocalStack.SERVICES) {
            NetworkPolicies.Pod service = pod(spec.name());
            for (String address : refused) {
                for (int port : List.of(80, 443, 53, 5432, 6443, 8080, 9092, 10250)) {
                    softly.assertThat(policies.allowsOut(service, address, port)).as(spec.name() + " to " + address + ":" + port).isFalse();
                }
            }
            for (String address : allowed) {
                softly.assertThat(policies.allowsOut(service, address, 443)).as(spec.name() + " to " + address + ":443").isTrue();
            }
            NetworkPolicies.Pod keycloak = NetworkPolicies.Pod.of(NAMESPACE, Map.of("app", "keycloak"), Map.of("http", 8080));
            softly.assertThat(policies.allows(service, keycloak, 8080)).as(spec.name() + " to a pod it has no business with").isFalse();
        }
        softly.assertThat(policies.ipBlockProblems()).as("ipBlocks the API server would refuse").isEmpty();
        // Whatever ports are probed: a service's egress rule always names where to, and any address
        // block it names leaves the private and metadata ranges out; no ingress rule admits by address.
        for (JsonNode policy : ofKind("NetworkPolicy")) {
            String name = policy.at("/metadata/name").asText();
            boolean selectsAService = LocalStack.SERVICES.stream()
                    .anyMatch(s -> NetworkPolicies.selects(policy.at("/spec/podSelector"), pod(s.name()).labels()));
            for (JsonNode rule : policy.at("/spec/egress")) {
                if (!selectsAService) {
                    continue;
                }
                softly.assertThat(rule.path("to").isEmpty()).as(name + ": an egress rule for the services without 'to'").isFalse();
                for (JsonNode block : rule.path("to").findValues("ipBlock")) {
                    for (String address : refused) {
                        softly.assertThat(NetworkPolicies.inBlock(block, address)).as(name + ": " + block + " lets " + address + " through").isFalse();
                    }
                }
            }
            for (JsonNode rule : policy.at("/spec/ingress")) {
                softly.assertThat(rule.path("from").findValues("ipBlock")).as(name + ": ingress admitted by address (pods are named by selectors)").isEmpty();
            }
        }
        softly.assertThat(policies.allows(pod("whatsapp-worker"), pod("gateway-service"), "http")).as("worker to gateway").isTrue();
        softly.assertThat(policies.allows(pod("gateway-service"), pod("whatsapp-worker"), "http")).as("gateway to worker").isFalse();
        softly.assertAll();
    }

    @Test
    void theThreePublicSurfacesAreServedOverTlsFromTheEdgeWithBodyLimitsAndStreamingTimeouts() throws IOException {
        JsonNode gateway = ofKind("Gateway").stream().findFirst().orElseThrow();
        Map<String, JsonNode> listeners = new HashMap<>();
        gateway.at("/spec/listeners").forEach(l -> listeners.put(l.path("name").asText(), l));
        NetworkPolicies policies = networkPolicies();
        NetworkPolicies.Pod edge = NetworkPolicies.Pod.of("envoy-gateway-system", Map.of("app.kubernetes.io/component", "proxy",
                "gateway.envoyproxy.io/owning-gateway-name", "crafted-edge", "gateway.envoyproxy.io/owning-gateway-namespace", NAMESPACE), Map.of());
        NetworkPolicies.Pod otherProxy = NetworkPolicies.Pod.of("envoy-gateway-system", Map.of("app.kubernetes.io/component", "proxy",
                "gateway.envoyproxy.io/owning-gateway-name", "someone-elses-gateway"), Map.of());
        NetworkPolicies.Pod monitoring = NetworkPolicies.Pod.of("monitoring", Map.of("app.kubernetes.io/name", "prometheus"), Map.of());
        // service -> (path its route must match, its own body limit in bytes)
        Map<String, Map.Entry<String, Long>> surfaces = Map.of(
                "integrations-service", Map.entry("/", quarkusBytes(applicationProperties("integrations-service").getProperty("quarkus.http.limits.max-body-size"))),
                "gateway-service", Map.entry("/v1", quarkusBytes(applicationProperties("gateway-service").getProperty("quarkus.http.limits.max-body-size"))),
                "whatsapp-worker", Map.entry("/webhooks/whatsapp", Long.parseLong(applicationProperties("whatsapp-worker").getProperty("whatsapp.webhooks.max-body-bytes"))));
        SoftAssertions softly = new SoftAssertions();
        for (var surface : surfaces.entrySet()) {
            String service = surface.getKey();
            List<JsonNode> routes = ofKind("HTTPRoute").stream()
                    .filter(r -> r.at("/spec/rules").findValues("backendRefs").stream()
                            .anyMatch(refs -> refs.findValuesAsText("name").contains(service))).toList();
            softly.assertThat(routes).as(service + ": one HTTPRoute").hasSize(1);
            if (routes.size() != 1) {
                continue;
            }
            JsonNode route = routes.get(0);
            JsonNode listener = listeners.get(route.at("/spec/parentRefs/0/sectionName").asText());
            softly.assertThat(listener).as(service + ": attached to a named listener of the Gateway").isNotNull();
            if (listener != null) {
                softly.assertThat(listener.path("protocol").asText()).as(service + ": listener protocol").isEqualTo("HTTPS");
                softly.assertThat(listener.at("/tls/mode").asText("Terminate")).isEqualTo("Terminate");
                softly.assertThat(listener.at("/tls/certificateRefs")).as(service + ": a certificate").isNotEmpty();
                softly.assertThat(gateway.at("/metadata/annotations/cert-manager.io~1cluster-issuer").asText()).isNotEmpty();
            }
            if (listener != null) {
                softly.assertThat(texts(route.at("/spec/hostnames"))).as(service + ": the route's host is its listener's")
                        .containsExactly(listener.path("hostname").asText());
            }
            softly.assertThat(route.at("/spec/rules").size()).as(service + ": one rule").isEqualTo(1);
            JsonNode rule = route.at("/spec/rules/0");
            softly.assertThat(rule.path("matches").findValuesAsText("value")).as(service + ": only its public paths")
                    .containsExactly(surface.getValue().getKey());
            int port = rule.at("/backendRefs/0/port").asInt();
            softly.assertThat(resource("Service", service).at("/spec/ports/0/port").asInt()).as(service + ": backend port").isEqualTo(port);
            String timeout = rule.at("/timeouts/request").asText();
            if (service.equals("gateway-service")) {
                softly.assertThat(timeout).as("the OpenAI endpoint: no overall timeout for streamed chats").isEqualTo("0s");
            } else {
                softly.assertThat(timeout).as(service + ": a request timeout").matches("[1-9][0-9]*s");
            }
            List<JsonNode> limits = ofKind("BackendTrafficPolicy").stream()
                    .filter(p -> p.at("/spec/targetRefs/0/kind").asText().equals("HTTPRoute")
                            && p.at("/spec/targetRefs/0/name").asText().equals(route.at("/metadata/name").asText())).toList();
            softly.assertThat(limits).as(service + ": a request body limit at the edge").hasSize(1);
            limits.forEach(limit -> softly.assertThat(kubernetesBytes(limit.at("/spec/requestBuffer/limit").asText()))
                    .as(service + ": edge body limit above the service's own " + surface.getValue().getValue() + " B (its JSON 413 shows) and bounded")
                    .isBetween(surface.getValue().getValue() + 1, surface.getValue().getValue() * 2));
            softly.assertThat(policies.allows(edge, pod(service), "http")).as("the edge to " + service).isTrue();
            softly.assertThat(policies.allows(otherProxy, pod(service), "http")).as("another Gateway's proxy to " + service).isFalse();
            softly.assertThat(policies.allows(edge, pod(service), "management")).as("the edge to " + service + "'s management port").isFalse();
            softly.assertThat(policies.allows(monitoring, pod(service), "management")).as("monitoring scrapes " + service).isTrue();
        }
        softly.assertThat(policies.allows(edge, pod("catalog-refresher"), "http")).as("the edge to the refresher (not public)").isFalse();
        JsonNode plain = listeners.get("http");
        List<JsonNode> plainRoutes = ofKind("HTTPRoute").stream()
                .filter(r -> r.at("/spec/parentRefs/0/sectionName").asText().equals(plain.path("name").asText())).toList();
        softly.assertThat(plainRoutes).as("plain HTTP only redirects to HTTPS").allSatisfy(r -> {
            assertThat(r.at("/spec/rules/0/backendRefs").isMissingNode()).isTrue();
            assertThat(r.at("/spec/rules/0/filters/0/requestRedirect/scheme").asText()).isEqualTo("https");
        });
        JsonNode keycloakRoute = resource("HTTPRoute", "keycloak");
        softly.assertThat(keycloakRoute.at("/spec/rules").findValuesAsText("value")).as("Keycloak: only the realm crafted and assets, no admin console or master realm")
                .containsExactlyInAnyOrder("/realms/crafted/", "/resources/");
        NetworkPolicies.Pod keycloak = NetworkPolicies.Pod.of(NAMESPACE, Map.of("app", "keycloak"), Map.of());
        softly.assertThat(policies.allows(edge, keycloak, 8080)).as("the edge to Keycloak").isTrue();
        softly.assertThat(policies.allows(pod("integrations-service"), edge, 10443)).as("the control panel to Keycloak's public name via the edge").isTrue();
        NetworkPolicies.Pod solver = NetworkPolicies.Pod.of(NAMESPACE, Map.of("acme.cert-manager.io/http01-solver", "true"), Map.of());
        softly.assertThat(policies.allows(edge, solver, 8089)).as("the edge to cert-manager's HTTP-01 solver").isTrue();
        // Every route on a public listener serves only that listener's paths, whatever else it matches on.
        Map<String, List<String>> publicPaths = Map.of("control-panel", List.of("/"), "openai-api", List.of("/v1"),
                "whatsapp-webhook", List.of("/webhooks/whatsapp"), "keycloak", List.of("/realms/crafted/", "/resources/"));
        for (JsonNode route : ofKind("HTTPRoute")) {
            String name = route.at("/metadata/name").asText();
            String section = route.at("/spec/parentRefs/0/sectionName").asText();
            softly.assertThat(route.at("/spec/parentRefs").size()).as(name + ": one parent listener").isEqualTo(1);
            if (section.equals(plain.path("name").asText())) {
                continue;
            }
            softly.assertThat(publicPaths).as(name + ": attached to a known public listener").containsKey(section);
            for (JsonNode rule : route.at("/spec/rules")) {
                softly.assertThat(rule.path("matches")).as(name + ": a rule without matches serves every path").isNotEmpty();
                rule.path("matches").forEach(match -> softly.assertThat(match.at("/path/value").asText())
                        .as(name + ": a match names one of its listener's paths").isIn(publicPaths.getOrDefault(section, List.of())));
            }
        }
        // Streams: nothing between the client and the gateway puts a deadline on a whole response.
        softly.assertThat(resource("HTTPRoute", "openai-api").at("/spec/rules/0/timeouts/backendRequest").asText("0s"))
                .as("the OpenAI endpoint's backend request timeout").isEqualTo("0s");
        JsonNode openAiPolicy = resource("BackendTrafficPolicy", "openai-api");
        for (String field : List.of("requestTimeout", "maxStreamDuration")) {
            softly.assertThat(openAiPolicy.at("/spec/timeout/http/" + field).asText("0s")).as("the OpenAI endpoint's " + field).isEqualTo("0s");
        }
        JsonNode client = ofKind("ClientTrafficPolicy").stream().findFirst().orElseThrow();
        client.at("/spec/timeout/http").properties().forEach(e -> softly.assertThat(e.getValue().asText())
                .as("the edge's client " + e.getKey() + " is a bound, not off").doesNotMatch("0+(ms|s|m|h)"));
        softly.assertThat(client.at("/spec/timeout/http/requestReceivedTimeout").asText()).as("slow request bodies are cut").isNotEmpty();
        softly.assertAll();
    }

    @Test
    void theProductionOverlayBuildsWithKubectlKustomize() throws Exception {
        Assumptions.assumeTrue(kubectl() != null, "kubectl is not installed: the overlay build is checked where it is (CI here has it)");
        List<JsonNode> built = K8S;
        assertThat(built).as("every file under deploy/k8s is in the build (none left out of a kustomization)").hasSize(FILES.size());
        assertThat(built).filteredOn(d -> !d.path("kind").asText().equals("Namespace"))
                .allSatisfy(d -> assertThat(d.at("/metadata/namespace").asText()).isEqualTo(NAMESPACE));
        assertThat(built).filteredOn(d -> d.path("kind").asText().equals("HorizontalPodAutoscaler")
                && d.at("/metadata/name").asText().equals("gateway-service"))
                .singleElement().satisfies(hpa -> assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(3));
        assertThat(built).allSatisfy(d -> assertThat(SCHEMAS.problems(d)).isEmpty());
    }

    /**
     * The namespace's NetworkPolicies: the manifests' own, plus the one Strimzi generates for each
     * Kafka listener: ingress on the listener's port from its networkPolicyPeers (from anywhere when
     * it names none).
     */
    private static NetworkPolicies networkPolicies() {
        List<JsonNode> policies = new ArrayList<>(K8S);
        resource("Kafka", "crafted-kafka").at("/spec/kafka/listeners").forEach(listener -> {
            ObjectNode policy = YAML.createObjectNode().put("kind", "NetworkPolicy");
            ObjectNode spec = policy.putObject("spec");
            spec.putObject("podSelector").putObject("matchLabels").put("strimzi.io/cluster", "crafted-kafka").put("strimzi.io/kind", "Kafka");
            spec.putArray("policyTypes").add("Ingress");
            ObjectNode rule = spec.putArray("ingress").addObject();
            rule.putArray("ports").addObject().put("protocol", "TCP").put("port", listener.path("port").asInt());
            if (listener.has("networkPolicyPeers")) {
                rule.set("from", listener.path("networkPolicyPeers"));
            }
            policies.add(policy);
        });
        return new NetworkPolicies(NAMESPACE, policies);
    }

    private static List<JsonNode> deployments() {
        return ofKind("Deployment");
    }

    private static JsonNode autoscalerOf(String deployment) {
        return findAutoscalerOf(deployment).orElseThrow(() -> new AssertionError("no HorizontalPodAutoscaler for " + deployment));
    }

    private static java.util.Optional<JsonNode> findAutoscalerOf(String deployment) {
        return ofKind("HorizontalPodAutoscaler").stream().filter(d -> d.at("/spec/scaleTargetRef/kind").asText().equals("Deployment")
                && d.at("/spec/scaleTargetRef/name").asText().equals(deployment)).findFirst();
    }

    /** The replicas a Deployment never goes below: its autoscaler's minimum, else spec.replicas (default 1). */
    private static int minReplicas(JsonNode deployment) {
        return findAutoscalerOf(deployment.at("/metadata/name").asText()).map(d -> d.at("/spec/minReplicas").asInt(1))
                .orElse(deployment.at("/spec/replicas").asInt(1));
    }

    /** A service's pod as its Deployment describes it: labels and container port names. */
    private static NetworkPolicies.Pod pod(String service) {
        JsonNode template = resource("Deployment", service).at("/spec/template");
        Map<String, Integer> ports = new HashMap<>();
        template.at("/spec/containers/0/ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        return NetworkPolicies.Pod.of(NAMESPACE, labels(template.at("/metadata/labels")), ports);
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> map = new HashMap<>();
        labels.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /** A non-empty {@code matchLabels} that selects these labels (an empty one would select every pod). */
    private static boolean matches(JsonNode matchLabels, Map<String, String> labels) {
        return !matchLabels.isEmpty() && NetworkPolicies.selects(YAML.createObjectNode().set("matchLabels", matchLabels), labels);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** Bytes of a Quarkus memory size ("2M" is 2 MiB, as MemorySizeConverter reads it). */
    private static long quarkusBytes(String size) {
        var m = Pattern.compile("(\\d+)([KMG]?)").matcher(size.trim());
        assertThat(m.matches()).as("a size: " + size).isTrue();
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    /** Bytes of a Kubernetes quantity ("3Mi"), by fabric8's parser. */
    private static long kubernetesBytes(String quantity) {
        return io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(new io.fabric8.kubernetes.api.model.Quantity(quantity)).longValueExact();
    }

    /** The image the Quarkus container-image extension builds for a service. */
    private static String image(Properties config) {
        return config.getProperty("quarkus.container-image.registry") + "/" + config.getProperty("quarkus.container-image.group")
                + "/" + config.getProperty("quarkus.application.name") + ":" + config.getProperty("quarkus.container-image.tag");
    }

    private static List<JsonNode> ofKind(String kind) {
        return K8S.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode resource(String kind, String name) {
        return ofKind(kind).stream().filter(d -> d.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/k8s"));
    }

    /** A service's application.properties, read once. */
    private static Properties applicationProperties(String service) throws IOException {
        Properties cached = CONFIG.get(service);
        if (cached != null) {
            return cached;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ROOT.resolve(service + "/src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        CONFIG.put(service, properties);
        return properties;
    }
}

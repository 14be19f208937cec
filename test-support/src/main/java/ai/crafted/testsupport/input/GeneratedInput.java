package ai.crafted.testsupport.input;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import net.jqwik.api.arbitraries.StringArbitrary;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Generated request bodies (jqwik arbitraries, sampled with a seed outside a jqwik property so
 * they can run inside a {@code @QuarkusTest}) and a concurrent sender that sorts the answers.
 *
 * <p>Bodies are grown around a valid example: a field replaced by a random JSON value (odd
 * strings: control characters, lone surrogates, bidi overrides, numbers-as-text, very long;
 * odd numbers: huge, negative, fractional; nested arrays and objects), fields removed or added,
 * a random JSON document instead of the body, and byte-level damage (cut short, a byte flipped
 * to invalid UTF-8, a duplicated key, trailing content, a lone-surrogate escape, a byte-order
 * mark, nesting thousands of levels deep). Some are valid and must simply succeed.
 */
public final class GeneratedInput {

    /** One generated body and the strategy that made it (named in failure reports). */
    public record Body(String kind, byte[] bytes) {

        @Override
        public String toString() {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return kind + ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    /**
     * What a run saw.
     *
     * @param statuses     answers per HTTP status
     * @param serverErrors each 5xx (or transport failure) with the body that caused it
     * @param shapeErrors  each 4xx whose body is not a JSON error with {@code error.code}
     */
    public record Report(Map<Integer, Integer> statuses, List<String> serverErrors, List<String> shapeErrors) {

        public int sent() {
            return statuses.values().stream().mapToInt(Integer::intValue).sum() + serverErrors.size();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GeneratedInput() {
    }

    /** The seed of this run: {@code -Dgenerated-input.seed=…} to replay one, else a new one. */
    public static long seed() {
        return Long.getLong("generated-input.seed", new Random().nextLong());
    }

    /**
     * {@code count} bodies grown around {@code validJson} (a JSON object the endpoint accepts);
     * the same seed gives the same bodies.
     */
    public static List<Body> around(String validJson, int count, long seed) {
        // Arbitraries need a jqwik session when used outside a jqwik property.
        JqwikSession.start();
        try {
            Random random = new Random(seed);
            var generator = bodiesAround(validJson).generator(1000);
            List<Body> sample = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                sample.add(generator.next(random).value());
            }
            return sample;
        } finally {
            JqwikSession.finish();
        }
    }

    private static Arbitrary<Body> bodiesAround(String validJson) {
        ObjectNode valid;
        try {
            valid = (ObjectNode) JSON.readTree(validJson);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON object: " + validJson, e);
        }
        List<String> paths = JsonPaths.of(valid, false);
        Arbitrary<String> path = Arbitraries.of(paths);
        Arbitrary<JsonNode> value = json(2);
        Arbitrary<Body> replaced = Arbitraries.lazy(() -> Arbitraries.entries(path, value))
                .map(e -> body("field " + e.getKey() + " replaced", JsonPaths.with(valid, e.getKey(), e.getValue())));
        Arbitrary<Body> removed = Arbitraries.subsetOf(paths).ofMinSize(1)
                .map(remove -> body("fields " + remove + " removed", JsonPaths.without(valid, remove)));
        Arbitrary<Body> added = Arbitraries.entries(oddString(), value)
                .map(e -> {
                    ObjectNode copy = valid.deepCopy();
                    copy.set(e.getKey(), e.getValue());
                    return body("field added", copy);
                });
        Arbitrary<Body> anyDocument = json(3).map(doc -> body("random document", doc));
        Arbitrary<Body> stillValid = Arbitraries.entries(path, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12))
                .map(e -> body("valid with " + e.getKey() + " changed",
                        JsonPaths.at(valid, e.getKey()).isTextual()
                                ? JsonPaths.with(valid, e.getKey(), NODES.textNode(e.getValue())) : valid));
        Arbitrary<Body> damaged = Arbitraries.entries(Arbitraries.oneOf(replaced, stillValid), damage())
                .map(e -> e.getValue().apply(e.getKey()));
        return Arbitraries.frequencyOf(
                Tuple.of(35, replaced), Tuple.of(8, removed), Tuple.of(7, added), Tuple.of(10, anyDocument),
                Tuple.of(10, stillValid), Tuple.of(30, damaged));
    }

    /**
     * Sends every body to {@code uri} with {@code method} and {@code headers} (Content-Type is
     * application/json), at most {@code concurrency} at a time, and sorts the answers.
     */
    public static Report send(URI uri, String method, Map<String, String> headers, List<Body> bodies, int concurrency) {
        return send(uri, method, body -> headers, bodies, concurrency);
    }

    /** {@link #send(URI, String, Map, List, int)} with headers made for each body (e.g. a signature of it). */
    public static Report send(URI uri, String method, Function<Body, Map<String, String>> headers, List<Body> bodies,
            int concurrency) {
        Map<Integer, Integer> statuses = Collections.synchronizedMap(new TreeMap<>());
        List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
        List<String> shapeErrors = Collections.synchronizedList(new ArrayList<>());
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (Body body : bodies) {
            inFlight.acquireUninterruptibly();
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                    .header("Content-Type", "application/json");
            headers.apply(body).forEach(request::header);
            all.add(HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                inFlight.release();
                if (failure != null) {
                    serverErrors.add("no answer (" + failure + ") to " + body);
                } else if (response.statusCode() >= 500) {
                    serverErrors.add(response.statusCode() + " " + response.body() + " to " + body);
                } else {
                    statuses.merge(response.statusCode(), 1, Integer::sum);
                    if (response.statusCode() >= 400 && !isJsonError(response)) {
                        shapeErrors.add(response.statusCode() + " " + response.body() + " to " + body);
                    }
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return new Report(Map.copyOf(statuses), List.copyOf(serverErrors), List.copyOf(shapeErrors));
    }

    private static boolean isJsonError(HttpResponse<String> response) {
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return false;
        }
        try {
            return !JSON.readTree(response.body()).path("error").path("code").asText("").isBlank();
        } catch (Exception e) {
            return false;
        }
    }

    /** Random JSON values up to {@code depth} levels of arrays and objects. */
    static Arbitrary<JsonNode> json(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.frequencyOf(
                Tuple.of(5, specialStrings().map(NODES::textNode)),
                Tuple.of(3, oddNumber()),
                Tuple.of(1, Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode())));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> inner = json(depth - 1);
        Arbitrary<JsonNode> array = inner.list().ofMaxSize(5).map(items -> {
            ArrayNode node = NODES.arrayNode();
            items.forEach(node::add);
            return node;
        });
        Arbitrary<JsonNode> object = Arbitraries.maps(oddString().ofMaxLength(12), inner).ofMaxSize(4).map(fields -> {
            ObjectNode node = NODES.objectNode();
            fields.forEach(node::set);
            return node;
        });
        return Arbitraries.frequencyOf(Tuple.of(6, leaf), Tuple.of(1, array), Tuple.of(1, object));
    }

    private static StringArbitrary oddString() {
        return Arbitraries.strings().all().ofMaxLength(40);
    }

    /** Strings people and attackers send: control characters, surrogates, lookalikes, very long text. */
    private static Arbitrary<String> specialStrings() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(3, Arbitraries.of("", " ", "\u0000", "a\u0000b", "\uD800", "\uDFFF\uD800", "\n", "line\r\nbreak",
                        "\t", "\u202Eevil", "\uFEFF", "😀", "null", "true", "1e309", "-0", "0x10", "../../etc/passwd",
                        "<script>alert(1)</script>", "' or 1=1 --", "%00", "https://0177.0.0.1/mcp", "https://[::1]/mcp",
                        "https://169.254.169.254/latest", "Bearer x", "\\u0000")),
                Tuple.of(1, Arbitraries.strings().ofMinLength(1000).ofMaxLength(70_000)));
    }

    private static Arbitrary<JsonNode> oddNumber() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(20), BigInteger.TEN.pow(40))
                        .map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of(0.5, 1.5, -1.0, 1e308, -0.0).map(NODES::numberNode));
    }

    /** Byte-level damage to an otherwise generated body. */
    private static Arbitrary<Function<Body, Body>> damage() {
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        return Arbitraries.oneOf(
                where.map(at -> b -> new Body(b.kind() + ", cut short", Arrays.copyOf(b.bytes(), (int) (b.bytes().length * at)))),
                Arbitraries.entries(where, Arbitraries.bytes()).map(e -> b -> {
                    byte[] bytes = b.bytes().clone();
                    if (bytes.length > 0) {
                        bytes[(int) (e.getKey() * (bytes.length - 1))] = (byte) (e.getValue() | 0x80);
                    }
                    return new Body(b.kind() + ", a byte flipped", bytes);
                }),
                Arbitraries.just(b -> text(b, "a key duplicated", s -> s.startsWith("{\"")
                        ? "{" + s.substring(1, s.indexOf('"', 2) + 1) + ":1," + s.substring(1) : s)),
                specialStrings().map(tail -> b -> text(b, "trailing content", s -> s + " " + tail)),
                Arbitraries.just(b -> text(b, "lone surrogate escape", s -> s.replaceFirst("\"([^\"]*)\"(?=\\s*[,}])", "\"$1\\\\uD83D\""))),
                Arbitraries.just(b -> text(b, "byte-order mark", s -> "\uFEFF" + s)),
                Arbitraries.integers().between(600, 5000).map(levels -> b -> text(b, "nested " + levels + " levels",
                        s -> s.startsWith("{") ? "{\"deep\":" + "[".repeat(levels) + "]".repeat(levels) + "," + s.substring(1) : s)));
    }

    private static Body text(Body body, String what, UnaryOperator<String> change) {
        return new Body(body.kind() + ", " + what,
                change.apply(new String(body.bytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    private static Body body(String kind, JsonNode document) {
        try {
            // Written as text first: lone surrogates stay (as '?' once UTF-8 encoded) instead of failing the writer.
            return new Body(kind, JSON.writeValueAsString(document).getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package ai.crafted.e2e;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides whether a set of NetworkPolicies ({@code networking.k8s.io/v1}) lets one TCP connection
 * through, by the rules of the Kubernetes documentation ("Network Policies"): a pod selected by a
 * policy of a direction is isolated in that direction and then only what some such policy allows
 * gets through; policies add up; a connection needs both the sender's egress and the receiver's
 * ingress. Enough of the API for this repository's manifests: {@code matchLabels} only (a
 * {@code matchExpressions} is refused, so nothing is silently misread), ports by number or by the
 * container port's name, TCP.
 */
final class NetworkPolicies {

    /**
     * A pod: its namespace, labels, container ports by name and address. Namespaces carry only the
     * label Kubernetes sets on each, {@code kubernetes.io/metadata.name}.
     */
    record Pod(String namespace, Map<String, String> labels, Map<String, Integer> namedPorts, String address) {

        /** A pod at an address inside the usual cluster pod range. */
        static Pod of(String namespace, Map<String, String> labels, Map<String, Integer> namedPorts) {
            return new Pod(namespace, labels, namedPorts, "10.244.1.17");
        }
    }

    private final String namespace;
    private final List<JsonNode> policies;

    /** @param policies every NetworkPolicy of {@code namespace} (other kinds are ignored) */
    NetworkPolicies(String namespace, List<JsonNode> policies) {
        this.namespace = namespace;
        this.policies = policies.stream().filter(p -> p.path("kind").asText().equals("NetworkPolicy")).toList();
    }

    /** Whether {@code from} may open a TCP connection to {@code to} on {@code port} (number or name). */
    boolean allows(Pod from, Pod to, Object port) {
        boolean egress = !from.namespace().equals(namespace) || allowed(from, "Egress", "egress", "to", to, port);
        boolean ingress = !to.namespace().equals(namespace) || allowed(to, "Ingress", "ingress", "from", from, port);
        return egress && ingress;
    }

    /**
     * Whether the receiver's own ingress policies admit {@code from} (whatever the sender's egress
     * says): what holds if a pod's egress were ever opened too wide.
     */
    boolean admits(Pod from, Pod to, Object port) {
        return allowed(to, "Ingress", "ingress", "from", from, port);
    }

    /** Whether {@code from} may open a TCP connection to an address outside the cluster. */
    boolean allowsOut(Pod from, String address, int port) {
        return allowed(from, "Egress", "egress", "to", new Pod("", Map.of(), Map.of(), address), port);
    }

    private boolean allowed(Pod subject, String type, String rulesField, String peersField, Pod other, Object port) {
        List<JsonNode> isolating = policies.stream()
                .filter(p -> selects(p.at("/spec/podSelector"), subject.labels()) && types(p).contains(type)).toList();
        if (isolating.isEmpty()) {
            return true;
        }
        for (JsonNode policy : isolating) {
            for (JsonNode rule : policy.path("spec").path(rulesField)) {
                if (peersMatch(rule.path(peersField), other) && portsMatch(rule.path("ports"), subject, other, type, port)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Ingress always; Egress when listed, or when the policy has egress rules and lists no types. */
    private static List<String> types(JsonNode policy) {
        JsonNode listed = policy.at("/spec/policyTypes");
        if (listed.isArray() && !listed.isEmpty()) {
            return java.util.stream.StreamSupport.stream(listed.spliterator(), false).map(JsonNode::asText).toList();
        }
        return policy.at("/spec/egress").isArray() ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

    private boolean peersMatch(JsonNode peers, Pod other) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode peer : peers) {
            if (peer.has("ipBlock")) {
                if (inBlock(peer.path("ipBlock"), other.address())) {
                    return true;
                }
                continue;
            }
            if (other.namespace().isEmpty()) {
                continue;
            }
            boolean namespaceMatches = peer.has("namespaceSelector")
                    ? selects(peer.path("namespaceSelector"), Map.of("kubernetes.io/metadata.name", other.namespace()))
                    : other.namespace().equals(namespace);
            boolean podMatches = !peer.has("podSelector") || selects(peer.path("podSelector"), other.labels());
            if (namespaceMatches && podMatches) {
                return true;
            }
        }
        return false;
    }

    /** Ports name the receiver's ports: on egress those of {@code other}, on ingress the subject's own. */
    private static boolean portsMatch(JsonNode ports, Pod subject, Pod other, String type, Object port) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        Pod receiver = type.equals("Ingress") ? subject : other;
        Integer number = port instanceof Integer n ? n : receiver.namedPorts().get(port.toString());
        for (JsonNode rule : ports) {
            if (!rule.path("protocol").asText("TCP").equals("TCP")) {
                continue;
            }
            JsonNode declared = rule.path("port");
            if (declared.isMissingNode()) {
                return true;
            }
            // A named port counts only where the receiver has a container port of that name.
            Integer from = declared.isInt() ? Integer.valueOf(declared.asInt()) : receiver.namedPorts().get(declared.asText());
            if (from != null && number != null && number >= from && number <= rule.path("endPort").asInt(from)) {
                return true;
            }
        }
        return false;
    }

    /** A label selector ({@code matchLabels} only) selects a pod or namespace with these labels. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (selector.has("matchExpressions")) {
            throw new UnsupportedOperationException("matchExpressions: use matchLabels (" + selector + ")");
        }
        JsonNode matchLabels = selector.path("matchLabels");
        for (var entry : matchLabels.properties()) {
            if (!entry.getValue().asText().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** {@code address} is in an ipBlock: inside its cidr and in none of its excepts. */
    static boolean inBlock(JsonNode block, String address) {
        if (!inCidr(block.path("cidr").asText(), address)) {
            return false;
        }
        for (JsonNode except : block.path("except")) {
            if (inCidr(except.asText(), address)) {
                return false;
            }
        }
        return true;
    }

    /**
     * What the API server would refuse in the policies' ipBlocks: a CIDR that does not parse or is
     * an IPv4-mapped IPv6 range, an {@code except} of another family or not strictly inside its
     * {@code cidr}.
     */
    List<String> ipBlockProblems() {
        List<String> problems = new java.util.ArrayList<>();
        for (JsonNode policy : policies) {
            for (JsonNode block : policy.findValues("ipBlock")) {
                String cidr = block.path("cidr").asText();
                String where = policy.at("/metadata/name").asText() + " " + cidr;
                if (!validCidr(cidr)) {
                    problems.add(where + ": not a CIDR");
                    continue;
                }
                for (JsonNode except : block.path("except")) {
                    String inner = except.asText();
                    int innerPrefix = validCidr(inner) ? Integer.parseInt(inner.split("/")[1]) : -1;
                    if (innerPrefix < 0 || !inCidr(cidr, inner.split("/")[0])
                            || innerPrefix <= Integer.parseInt(cidr.split("/")[1])) {
                        problems.add(where + ": except " + inner + " is not a CIDR strictly inside it");
                    }
                }
            }
        }
        return problems;
    }

    private static boolean validCidr(String cidr) {
        String[] parts = cidr.split("/");
        if (parts.length != 2 || !parts[1].matches("\\d{1,3}")) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(parts[0]);
            boolean written6 = parts[0].contains(":");
            // Java reads ::ffff:a.b.c.d as IPv4; Kubernetes refuses such IPv4-mapped ranges.
            if (written6 != (address.getAddress().length == 16)) {
                return false;
            }
            return Integer.parseInt(parts[1]) <= address.getAddress().length * 8;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code address} lies in {@code cidr} (both IPv4 or both IPv6; a mixed pair never matches). */
    static boolean inCidr(String cidr, String address) {
        String[] parts = cidr.split("/");
        try {
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] candidate = InetAddress.getByName(address).getAddress();
            if (network.length != candidate.length) {
                return false;
            }
            int bits = network.length * 8;
            int prefix = Integer.parseInt(parts[1]);
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .shiftRight(prefix).xor(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, candidate).and(mask));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr + " / " + address, e);
        }
    }
}

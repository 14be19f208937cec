package ai.crafted.testsupport.stack;

/**
 * One of the four services as the local stack runs it: its name (also its Maven module), its
 * documented port, the port of its management interface (health, metrics, OpenAPI) and the
 * database it owns (null when it owns none).
 */
public record ServiceSpec(String name, int port, int managementPort, String database) {
}

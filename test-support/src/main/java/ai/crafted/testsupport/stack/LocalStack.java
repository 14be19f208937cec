package ai.crafted.testsupport.stack;

import java.util.List;

/** The four services and where the local stack runs them (documented in the README). */
public final class LocalStack {

    public static final int KAFKA_PORT = 9092;

    public static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec("integrations-service", 8081, 9081, "integrations"),
            new ServiceSpec("catalog-refresher", 8082, 9082, "catalog"),
            new ServiceSpec("gateway-service", 8080, 9080, "gateway"),
            new ServiceSpec("whatsapp-worker", 8083, 9083, "whatsapp"));

    private LocalStack() {
    }
}

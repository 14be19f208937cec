package ai.crafted.integrations.error;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

/**
 * The methods a path accepts, for the {@code Allow} header every 405 must carry (RFC 9110,
 * section 15.5.6): read once from the JAX-RS resources ({@code @Path} on the class and method,
 * {@code @GET}/{@code @POST}/…), because the framework's own 405 does not say.
 */
@ApplicationScoped
public class AllowedMethods {

    private final BeanManager beans;
    private volatile List<Route> routes;

    /** @param literalChars characters of the template outside its variables (JAX-RS's first sort key) */
    private record Route(Pattern path, String method, int literalChars) {
    }

    public AllowedMethods(BeanManager beans) {
        this.beans = beans;
    }

    /** e.g. {@code "GET, POST"}; empty when no resource matches the path. */
    public Optional<String> of(String path) {
        TreeSet<String> methods = new TreeSet<>();
        // As JAX-RS chooses (Jakarta REST 3.1 §3.7.2): a template with more literal characters
        // wins, so …/integrations/connection-test is that route's, not …/{integrationId}'s.
        List<Route> matching = routes().stream().filter(route -> route.path().matcher(path).matches()).toList();
        int mostLiteral = matching.stream().mapToInt(Route::literalChars).max().orElse(0);
        for (Route route : matching) {
            if (route.literalChars() == mostLiteral) {
                methods.add(route.method());
                if (route.method().equals("GET")) {
                    methods.add("HEAD");
                }
            }
        }
        return methods.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", methods));
    }

    private List<Route> routes() {
        if (routes == null) {
            List<Route> found = new ArrayList<>();
            for (Bean<?> bean : beans.getBeans(Object.class)) {
                Class<?> type = bean.getBeanClass();
                Path base = type.getAnnotation(Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : type.getMethods()) {
                    String http = httpMethod(method);
                    if (http != null) {
                        Path sub = method.getAnnotation(Path.class);
                        String template = base.value() + (sub == null ? "" : "/" + sub.value());
                        found.add(new Route(pattern(template), http, template.replaceAll("\\{[^}]*}", "").length()));
                    }
                }
            }
            routes = List.copyOf(found);
        }
        return routes;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** A path template ({@code /a/{id}/b}) as a pattern; each template variable is one segment. */
    private static Pattern pattern(String template) {
        String normalised = ("/" + template).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
        StringBuilder regex = new StringBuilder();
        for (String part : normalised.split("\\{[^}]*}", -1)) {
            if (regex.length() > 0) {
                regex.append("[^/]+");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString().replace("\\Q\\E", "") + "/?");
    }
}

package ai.crafted.integrations.error;

import jakarta.ws.rs.NotFoundException;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.core.http.HttpServerRequest;

/**
 * A path with a raw {@code ;} names no resource. JAX-RS reads {@code ;name=value} in a segment as
 * matrix parameters and matches the rest, so {@code …/integrations/{id};x=1} (or a bare trailing
 * {@code ;}) would reach the record under a second URL, past the canonical-id rule (an attack
 * probe found PATCH and DELETE doing so). No route of this service takes matrix parameters; an
 * encoded {@code %3B} stays part of the segment and is refused as any other non-id.
 */
public class MatrixParametersRefused {

    @ServerRequestFilter(preMatching = true)
    public void refuse(HttpServerRequest request) {
        if (request.path().indexOf(';') >= 0) {
            throw new NotFoundException();
        }
    }
}

package ai.crafted.integrations.error;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Instance;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import ai.crafted.events.EventJson;

/**
 * The single place where failures become the control-panel error shape: callers always get
 * JSON with a stable code, never a stack trace or an HTML page.
 */
public class ApiExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

    private final Instance<ErrorPages> pages;
    private final AllowedMethods allowedMethods;

    public ApiExceptionMapper(Instance<ErrorPages> pages, AllowedMethods allowedMethods) {
        this.allowedMethods = allowedMethods;
        this.pages = pages;
    }

    /** The surface that renders failures on this path as pages, if any (else the JSON shape). */
    private Optional<ErrorPages> pagesFor(UriInfo uri) {
        return pages.stream().filter(p -> p.renders(uri)).findFirst();
    }

    /** The surface's page (with {@code pageMessage}) where one renders the path, else the API's JSON error. */
    private Response answer(UriInfo uri, int status, String code, String pageMessage, String apiMessage) {
        return pagesFor(uri).map(p -> p.page(status, code, pageMessage)).orElseGet(() -> respond(status, code, apiMessage, null));
    }

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return pagesFor(uri).map(p -> p.page(e.status(), e.code(), e.getMessage()))
                .orElseGet(() -> e instanceof InvalidFields all
                        ? respond(e.status(), ErrorResponse.of(e.code(), e.getMessage(), e.field(), all.problems()))
                        : respond(e.status(), e.code(), e.getMessage(), e.field()));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        Optional<ErrorPages> page = pagesFor(uri);
        if (page.isPresent()) {
            // A UI form's refusals are shown in the form; this is the backstop, never the API's JSON on a page.
            return page.get().page(400, ViolationFields.codeOf(e.getConstraintViolations().iterator().next()),
                    e.getConstraintViolations().stream().map(v -> FieldProblem.of(v).message()).sorted()
                            .collect(Collectors.joining("; ")));
        }
        ConstraintViolation<?> first = e.getConstraintViolations().stream()
                .min(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .orElseThrow();
        String field = ViolationFields.fieldOf(first);
        String message = e.getConstraintViolations().stream()
                .map(v -> ViolationFields.fieldOf(v) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        String code = ViolationFields.codeOf(first);
        List<FieldProblem> problems = e.getConstraintViolations().stream().map(FieldProblem::of)
                .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message)).toList();
        return respond(400, ErrorResponse.of(code, message, field, problems));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return jsonProblem(e);
    }

    /** Registered for the exact type so it wins over quarkus-rest-jackson's built-in mapper. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return jsonProblem(e);
    }

    /**
     * The framework's own refusals in the API's words. A 404 for a path some resource serves with
     * other methods is a 405 with {@code Allow}: RESTEasy Reactive answers 404 when the path's
     * resource class is chosen by prefix and none of its methods take this one (a wrong method on
     * {@code …/refresh}, {@code …/revoke}, {@code …/parked-messages}, a conversation).
     */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, Request request) {
        // RESTEasy Reactive wraps body-reading failures; unwrap them to say what was wrong.
        if (e.getCause() instanceof JsonProcessingException json) {
            return jsonProblem(json);
        }
        int status = e.getResponse().getStatus();
        Optional<String> allow = status == 404 || status == 405 ? allowedMethods.of(uri.getPath()) : Optional.empty();
        if (status == 404 && allow.isPresent() && !List.of(allow.get().split(", ")).contains(request.getMethod())) {
            status = 405;
        }
        Optional<ErrorPages> page = pagesFor(uri);
        if (page.isPresent()) {
            return page.get().page(status, status == 404 ? ErrorCodes.NOT_FOUND
                    : status == 405 ? ErrorCodes.METHOD_NOT_ALLOWED : ErrorCodes.INVALID_REQUEST,
                    status == 404 ? "There is no such page." : "The request could not be handled.");
        }
        String code = switch (status) {
            case 401 -> ErrorCodes.UNAUTHENTICATED;
            case 403 -> ErrorCodes.FORBIDDEN;
            case 404 -> ErrorCodes.NOT_FOUND;
            case 405 -> ErrorCodes.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCodes.NOT_ACCEPTABLE;
            case 415 -> ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ErrorCodes.INTERNAL_ERROR : ErrorCodes.INVALID_REQUEST;
        };
        // Our own words: the framework's messages ("HTTP 404 Not Found", lists of @Produces types)
        // say nothing a client can act on.
        String message = switch (status) {
            case 401 -> "a valid bearer token is required";
            case 403 -> "not allowed for this organisation";
            case 404 -> "no such resource: " + uri.getPath() + " (ids are UUIDs)";
            case 405 -> "the method is not allowed on " + uri.getPath();
            case 406 -> "this API answers application/json only";
            case 415 -> "the request body must be application/json";
            default -> status >= 500 ? "internal error" : "the request could not be handled";
        };
        Response response = respond(status, code, message, null);
        return status != 405 || allow.isEmpty() ? response : Response.fromResponse(response).header("Allow", allow.get()).build();
    }

    /**
     * On UI paths a page: a session cookie that cannot be read (expired, tampered, or sealed with a
     * key rotated since) says to sign in again and that a change was not saved.
     */
    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return answer(uri, 401, ErrorCodes.UNAUTHENTICATED, "Your session could not be read (it expired or was signed"
                + " out), so nothing was changed. Sign in again, then repeat what you were doing.",
                "a valid bearer token is required");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return answer(uri, 403, ErrorCodes.FORBIDDEN, "You may not open this page in this organisation.",
                "not allowed for this organisation");
    }

    /**
     * A write that lost a race with another on the same record (rows are locked where we know of
     * the race; this is the backstop): 409, nothing of it stored, safe to retry.
     */
    @ServerExceptionMapper({ OptimisticLockException.class, StaleStateException.class })
    public Response concurrentUpdate(RuntimeException e, UriInfo uri) {
        return answer(uri, 409, ErrorCodes.CONCURRENT_UPDATE, "Someone changed this at the same time; try again.",
                "the record was changed by another request at the same time; nothing was stored, retry");
    }

    /**
     * A body that cannot be read (a multipart body cut short, a connection dropped mid-body) is
     * the client's problem: 400, logged at debug only.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e, UriInfo uri) {
        LOG.debugf("unreadable request body: %s", e.getMessage());
        return answer(uri, 400, ErrorCodes.INVALID_REQUEST, "The form could not be read.",
                "the request body could not be read");
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.error("unexpected failure", e);
        return answer(uri, 500, ErrorCodes.INTERNAL_ERROR, "Something went wrong on our side; try again.",
                "internal error");
    }

    private Response jsonProblem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return respond(400, ErrorCodes.INVALID_REQUEST, "unknown field '" + unknown.getPropertyName() + "'",
                    path(unknown));
        }
        Class<?> target = targetType(e);
        if (target != null && target.isEnum()) {
            // A value outside an enumeration is a domain error of the record it belongs to.
            JsonMappingException mapping = (JsonMappingException) e;
            String field = path(mapping);
            return respond(400, codeOf(mapping), field + " must be " + wireNames(target), field);
        }
        if (e instanceof InvalidFormatException badId && target == UUID.class && path(badId) != null) {
            // A JSON string, but not an id: say what an id looks like rather than "wrong type".
            String field = path(badId);
            return respond(400, codeOf(badId), field + " must be a UUID in its 36-character form, e.g. "
                    + "123e4567-e89b-12d3-a456-426614174000", field);
        }
        if (e instanceof MismatchedInputException mismatch) {
            // A wrong JSON type is the error of the record the field belongs to (e.g. an integration
            // field answers invalid_integration_config), like any other invalid value of it.
            String field = path(mismatch);
            if (field == null) {
                return respond(400, ErrorCodes.INVALID_REQUEST, "request body has the wrong shape", null);
            }
            String expected = target == null ? "another type" : expectedType(target);
            return respond(400, codeOf(mismatch), field + " has the wrong type: expected " + expected, field);
        }
        if (e instanceof InputCoercionException outOfRange) {
            // A number too large for its field (e.g. timeoutMs 99999999999): a range error, not broken JSON.
            String field = currentField(outOfRange);
            return respond(400, ErrorCodes.INVALID_REQUEST, (field == null ? "a number" : field) + " is out of range", field);
        }
        return respond(400, ErrorCodes.MALFORMED_JSON, "request body is not valid JSON: " + reason(e), null);
    }

    private static String expectedType(Class<?> type) {
        if (type == String.class || type == UUID.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** What is wrong with unreadable JSON, without echoing the input. */
    private static String reason(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "unreadable";
        }
        if (message.startsWith("Duplicate field")) {
            return "a key appears twice";
        }
        if (message.contains("Trailing token")) {
            return "there is content after the JSON value";
        }
        return "unreadable at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                + ", column " + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr());
    }

    private static String currentField(InputCoercionException e) {
        JsonParser parser = e.getProcessor();
        if (parser != null) {
            List<String> names = new ArrayList<>();
            for (var context = parser.getParsingContext(); context != null; context = context.getParent()) {
                if (context.getCurrentName() != null) {
                    names.add(0, context.getCurrentName());
                }
            }
            return names.isEmpty() ? null : String.join(".", names);
        }
        return null;
    }

    /** The Java type a JSON value could not be turned into, when Jackson says. */
    private static Class<?> targetType(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch) {
            return mismatch.getTargetType();
        }
        if (e instanceof ValueInstantiationException instantiation && instantiation.getType() != null) {
            return instantiation.getType().getRawClass();
        }
        return null;
    }

    /** The wire names of an enumeration (its {@code @JsonValue}s), e.g. "streamable-http" or "http-sse". */
    private static String wireNames(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(EventJson::write).collect(Collectors.joining(" or "));
    }

    /** The error code of the innermost request record on the failing path that declares one. */
    private static String codeOf(JsonMappingException e) {
        String code = ErrorCodes.INVALID_REQUEST;
        for (JsonMappingException.Reference ref : e.getPath()) {
            Object from = ref.getFrom();
            Class<?> type = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
            ErrorCode declared = type == null ? null : type.getAnnotation(ErrorCode.class);
            if (declared != null) {
                code = declared.value();
            }
        }
        return code;
    }

    private static String path(JsonMappingException e) {
        String joined = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return joined.isEmpty() ? null : joined.replace(".[", "[");
    }

    private static Response respond(int status, String code, String message, String field) {
        return respond(status, ErrorResponse.of(code, message, field));
    }

    private static Response respond(int status, ErrorResponse body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}

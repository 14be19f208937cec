package ai.crafted.integrations.organization;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.EntityTags;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.FieldProblem;
import ai.crafted.integrations.error.InvalidFields;
import ai.crafted.integrations.error.RequestChecks;

/**
 * Organisation names: read by any member, set by admins (the {@code TenancyFilter} checks roles
 * before a call gets here). Only the control panel shows them; no other service needs them, so
 * no event is published.
 */
@ApplicationScoped
public class OrganizationService {

    /** Characters a name may have after trimming, in UTF-16 units like every length limit of the API (README, Limits). */
    public static final int NAME_MAX = 80;

    private static final String PRIMARY_KEY = "organizations_pkey";

    private final OrganizationRepository repository;
    private final RequestChecks checks;

    public OrganizationService(OrganizationRepository repository, RequestChecks checks) {
        this.repository = repository;
        this.checks = checks;
    }

    /** The organisation's name; an organisation never named is not an error (its name is null). */
    @WithSession
    public Uni<OrganizationName> get(UUID organizationId) {
        return repository.findById(organizationId).map(entity -> OrganizationName.of(organizationId, entity));
    }

    /**
     * The names of those of the organisations that have one, in one query (the page frame's
     * organisation switcher); an empty map for no ids. Callable from any thread, event loop or
     * worker ({@link OrganizationRepository#namesOf}).
     */
    public Uni<Map<UUID, String>> namesOf(Collection<UUID> organizationIds) {
        return organizationIds.isEmpty() ? Uni.createFrom().item(Map.of()) : repository.namesOf(organizationIds);
    }

    /**
     * Sets the organisation's name (trimmed); the same name again changes nothing, not even the
     * entity tag.
     *
     * @param ifMatch   the {@code If-Match} the change is conditional on ({@link EntityTags};
     *                  {@code "0"} while it has no name), or null
     * @param updatedBy the admin's token subject, kept with the name
     * @throws InvalidFields 400 {@code invalid_request} naming {@code name} (or no field for a missing body)
     * @throws ApiException  412 {@code precondition_failed} when the name changed since that tag;
     *                       409 {@code concurrent_update} when another first naming won the race
     */
    @WithTransaction
    public Uni<OrganizationName> rename(UUID organizationId, OrganizationRequest request, String ifMatch, String updatedBy) {
        String name = checkedName(request);
        return repository.findById(organizationId, LockModeType.PESSIMISTIC_WRITE)
                .invoke(entity -> EntityTags.requireMatch(ifMatch, OrganizationName.of(organizationId, entity).version(),
                        "organisation " + organizationId))
                .chain(entity -> entity == null ? insert(organizationId, name, updatedBy)
                        : Uni.createFrom().item(update(entity, name, updatedBy)))
                .map(entity -> OrganizationName.of(organizationId, entity));
    }

    private Uni<OrganizationEntity> insert(UUID organizationId, String name, String updatedBy) {
        OrganizationEntity entity = new OrganizationEntity();
        entity.id = organizationId;
        entity.name = name;
        entity.updatedAt = EntityTags.next(null);
        entity.updatedBy = updatedBy;
        // The lock above cannot hold a row that does not exist yet: two first namings at once meet at the primary key.
        return repository.persist(entity).call(repository::flush)
                .onFailure(e -> RequestChecks.violates(e, PRIMARY_KEY))
                .transform(e -> new ApiException(409, ErrorCodes.CONCURRENT_UPDATE, "the organisation was named by another"
                        + " request at the same time; nothing was stored, read it again and retry", null));
    }

    private static OrganizationEntity update(OrganizationEntity entity, String name, String updatedBy) {
        if (!entity.name.equals(name)) {
            entity.name = name;
            entity.updatedAt = EntityTags.next(entity.updatedAt);
            entity.updatedBy = updatedBy;
        }
        return entity;
    }

    /** The trimmed name, or every problem with it at once. */
    private String checkedName(OrganizationRequest request) {
        List<FieldProblem> problems = new ArrayList<>(checks.problemsOf(request));
        InvalidFields.throwIfAny(problems);
        // strip(), not trim(): a name of Unicode spaces alone (U+2003, U+3000) is as blank as one of ASCII spaces.
        String name = request.name().strip();
        if (name.isEmpty()) {
            problems.add(FieldProblem.invalid(ErrorCodes.INVALID_REQUEST, "name", "is required"));
        } else if (!visible(name)) {
            problems.add(FieldProblem.invalid(ErrorCodes.INVALID_REQUEST, "name", "must contain a visible character"
                    + " (a letter, digit, mark or symbol; not only spaces or invisible characters)"));
        } else if (name.length() > NAME_MAX) {
            problems.add(FieldProblem.invalid(ErrorCodes.INVALID_REQUEST, "name", "must be at most " + NAME_MAX + " characters"));
        }
        InvalidFields.throwIfAny(problems);
        return name;
    }

    /**
     * Whether the name shows something: a code point that is not a space, a format character
     * (U+200B, U+200E…), a control, a combining mark on nothing, or one of the blank-looking
     * letters (U+115F, U+1160, U+3164, U+FFA0 Hangul fillers, U+2800 Braille blank).
     */
    private static boolean visible(String name) {
        return name.codePoints().anyMatch(c -> {
            int type = Character.getType(c);
            boolean invisible = Character.isWhitespace(c) || Character.isSpaceChar(c) || type == Character.FORMAT
                    || type == Character.CONTROL || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK
                    || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800;
            return !invisible;
        });
    }
}

package ai.crafted.integrations.error;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable error code a request record's invalid fields are reported with (Bean Validation
 * failures and values outside an enumeration), e.g. {@code invalid_integration_config}. Records
 * without it report {@code invalid_request}. The value must be one of {@link ErrorCodes}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ErrorCode {

    String value();
}

package ai.crafted.integrations.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a read (GET) that only admins may open, such as the page with a form for a change:
 * {@link TenancyFilter} then requires the admin role as it does for every write.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AdminOnly {
}

package ai.crafted.integrations.ui;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.resteasy.reactive.RestForm;

import ai.crafted.integrations.organization.OrganizationName;

/** The organisation settings form: its name, and the version it was filled from. */
public class OrganizationForm {

    @RestForm public String name = "";
    /** The entity tag (epoch milliseconds of updatedAt; 0 while unnamed) of the name the form was filled from. */
    @RestForm public String version = "";

    public static OrganizationForm of(OrganizationName organization) {
        OrganizationForm form = new OrganizationForm();
        form.name = organization.name() == null ? "" : organization.name();
        form.version = UiForms.version(organization.version());
        return form;
    }

    /** The form's values by the API's field names, to compare a stale form with what is saved. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", name);
        return values;
    }

    /** The {@code If-Match} of this save ({@link UiForms#ifMatch}). */
    public String ifMatch() {
        return UiForms.ifMatch(version);
    }

    @Override
    public String toString() {
        return "OrganizationForm[" + name + "]";
    }
}

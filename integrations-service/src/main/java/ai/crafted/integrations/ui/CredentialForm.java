package ai.crafted.integrations.ui;

import org.jboss.resteasy.reactive.RestForm;

/** The new-credential form; the secret and client secret are read once and never rendered back. */
public class CredentialForm {

    @RestForm public String name = "";
    @RestForm public String type = "bearer";
    @RestForm public String headerName = "";
    @RestForm public String secret;
    @RestForm public String resource = "";
    @RestForm public String clientId = "";
    @RestForm public String clientSecret;
    @RestForm public String scope = "";

    @Override
    public String toString() {
        return "CredentialForm[" + name + ", " + type + "]";
    }
}

package ai.crafted.integrations.credential;

import java.util.List;

public record CredentialPage(List<CredentialView> items) {
}
